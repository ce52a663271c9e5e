# Pins: a task that catches CancelledError and returns normally is NOT cancelled: its result
# is the returned value and cancelled() is False; cancel() requested while the task is
# running itself (self-cancel) takes effect at its next await.
import asyncio


async def swallower():
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError:
        print("swallowed at", asyncio.get_running_loop().time())
    await asyncio.sleep(1)
    return "survived"


async def self_cancel():
    asyncio.current_task().cancel()
    print("after self-cancel, still running")
    try:
        await asyncio.sleep(0)
        print("not printed")
    except asyncio.CancelledError:
        print("CancelledError at the next await")
        raise


async def main():
    t = asyncio.create_task(swallower())
    await asyncio.sleep(2)
    t.cancel()
    print("result:", await t, "cancelled:", t.cancelled())
    s = asyncio.create_task(self_cancel())
    await asyncio.gather(s, return_exceptions=True)
    print("self-cancelled:", s.cancelled())


asyncio.run(main())
