# Pins: async with asyncio.timeout(2): the body is cancelled at 2.000 and the context manager
# turns the CancelledError into TimeoutError; expired() is True afterwards and when() is the
# absolute deadline on the loop clock. A body that finishes in time leaves expired() False and
# its timer cancelled.
import asyncio


async def main():
    loop = asyncio.get_running_loop()
    try:
        async with asyncio.timeout(2) as cm:
            print("deadline", cm.when())
            await asyncio.sleep(5)
            print("never printed")
    except TimeoutError:
        print("TimeoutError at", loop.time(), "expired:", cm.expired())
    async with asyncio.timeout(3) as cm2:
        await asyncio.sleep(1)
    print("in time; expired:", cm2.expired(), "when:", cm2.when())
    async with asyncio.timeout(None) as cm3:
        await asyncio.sleep(1)
    print("timeout(None): when =", cm3.when(), "expired:", cm3.expired())


asyncio.run(main())
