# Pins: gather(..., return_exceptions=True) puts exceptions (and the CancelledError of a
# cancelled child) in the result list in argument order and waits for every child.
import asyncio


async def ok(delay):
    await asyncio.sleep(delay)
    return f"ok{delay}"


async def bad(delay):
    await asyncio.sleep(delay)
    raise RuntimeError(f"bad{delay}")


async def main():
    victim = asyncio.create_task(ok(5))
    asyncio.get_running_loop().call_later(1.5, victim.cancel)
    results = await asyncio.gather(ok(2), bad(1), victim, bad(3), return_exceptions=True)
    print([type(r).__name__ for r in results])
    print([str(r) for r in results])


asyncio.run(main())
