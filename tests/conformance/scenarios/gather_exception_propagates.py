# Pins: without return_exceptions, the first exception is raised to gather's awaiter as soon
# as that child fails (1.000); the other children are NOT cancelled and run on (the 3-second
# one prints at 3.000 while main, having handled the error, sleeps on). A second failure later
# is not reported anywhere in stdout.
import asyncio


async def ok(delay):
    await asyncio.sleep(delay)
    print(f"ok({delay}) finished")
    return delay


async def bad(delay, exc):
    await asyncio.sleep(delay)
    print(f"bad({delay}) raising")
    raise exc


async def main():
    try:
        await asyncio.gather(ok(3), bad(1, ValueError("坏了")), bad(2, KeyError("k")))
    except ValueError as e:
        print("caught", type(e).__name__, str(e))
    await asyncio.sleep(5)
    print("main end")


asyncio.run(main())
