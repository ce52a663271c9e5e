# Pins: CancelledError is a BaseException, not an Exception: `except Exception` does not
# catch it, so a cancel goes through such handlers.
import asyncio


async def worker():
    try:
        await asyncio.sleep(10)
    except Exception:
        print("except Exception caught it (wrong)")
    print("not reached")


async def main():
    print("subclass of Exception:", issubclass(asyncio.CancelledError, Exception))
    print("subclass of BaseException:", issubclass(asyncio.CancelledError, BaseException))
    t = asyncio.create_task(worker())
    await asyncio.sleep(1)
    t.cancel()
    try:
        await t
    except asyncio.CancelledError:
        print("cancel went through")


asyncio.run(main())
