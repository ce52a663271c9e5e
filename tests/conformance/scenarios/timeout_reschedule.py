# Pins: Timeout.reschedule(when) moves the deadline (later, earlier, or None to disable); a
# deadline already in the past fires at the next iteration; timeout_at takes an absolute
# loop time.
import asyncio


async def main():
    loop = asyncio.get_running_loop()
    try:
        async with asyncio.timeout(1) as cm:
            cm.reschedule(loop.time() + 3)
            print("rescheduled to", cm.when())
            await asyncio.sleep(10)
    except TimeoutError:
        print("timed out at", loop.time())
    async with asyncio.timeout(1) as cm:
        cm.reschedule(None)
        await asyncio.sleep(2)
    print("disabled: finished at", loop.time(), "expired:", cm.expired())
    try:
        async with asyncio.timeout(10) as cm:
            await asyncio.sleep(1)
            cm.reschedule(loop.time() - 1)
            print("deadline in the past at", loop.time())
            await asyncio.sleep(5)
    except TimeoutError:
        print("timed out at", loop.time())
    try:
        async with asyncio.timeout_at(loop.time() + 0.5):
            await asyncio.sleep(1)
    except TimeoutError:
        print("timeout_at fired at", loop.time())


asyncio.run(main())
