# Pins: wait_for with timeout <= 0 on an unfinished coroutine wraps it in a task and cancels
# it before it ever runs (nothing printed by it), then raises TimeoutError at once. If the
# inner task swallows its cancellation and returns a value, wait_for returns that value
# instead of raising TimeoutError (3.11 behaviour).
import asyncio


async def never_starts():
    print("never printed")


async def stubborn():
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError:
        print("stubborn swallowed the cancellation")
        await asyncio.sleep(0.5)
        return "stubborn result"


async def main():
    try:
        await asyncio.wait_for(never_starts(), timeout=0)
    except TimeoutError:
        print("timeout=0: TimeoutError")
    print("wait_for returned:", await asyncio.wait_for(stubborn(), timeout=1))


asyncio.run(main())
