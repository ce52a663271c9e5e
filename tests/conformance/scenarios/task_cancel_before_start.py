# Pins: a task cancelled before its first step never runs its coroutine body (nothing printed
# by it, not even a try/finally); awaiting it raises CancelledError; cancel() on it returns
# True.
import asyncio


async def body():
    try:
        print("body started (never printed)")
        await asyncio.sleep(1)
    finally:
        print("finally (never printed)")


async def main():
    t = asyncio.create_task(body())
    print("cancel ->", t.cancel("早取消"))
    try:
        await t
    except asyncio.CancelledError as e:
        print("awaited:", type(e).__name__, e.args, t.cancelled())


asyncio.run(main())
