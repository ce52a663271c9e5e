# Pins: ensure_future wraps a coroutine in a new task (drawing a name), returns a Task or
# Future unchanged, wraps other awaitables, and raises TypeError for anything else.
import asyncio


class Awaitable:
    def __await__(self):
        yield from asyncio.sleep(0.5).__await__()
        return "custom awaitable"


async def coro():
    await asyncio.sleep(1)
    return "coroutine"


async def main():
    loop = asyncio.get_running_loop()
    t = asyncio.ensure_future(coro())
    print("coroutine ->", type(t).__name__, t.get_name())
    print("task unchanged:", asyncio.ensure_future(t) is t)
    f = loop.create_future()
    print("future unchanged:", asyncio.ensure_future(f) is f)
    w = asyncio.ensure_future(Awaitable())
    print("awaitable ->", type(w).__name__)
    try:
        asyncio.ensure_future(42)
    except TypeError as e:
        print("int:", type(e).__name__, e)
    f.set_result("future")
    print(await w, await t, await f)


asyncio.run(main())
