# Pins: get_running_loop() raises RuntimeError("no running event loop") outside a coroutine;
# inside, get_event_loop() returns the running loop; the loop of different asyncio.run calls
# is a new loop; iscoroutine/iscoroutinefunction/isfuture tell the kinds apart.
import asyncio

try:
    asyncio.get_running_loop()
except RuntimeError as e:
    print(type(e).__name__, e)


async def coro_fn():
    return 1


loops = []


async def main():
    loop = asyncio.get_running_loop()
    loops.append(loop)
    print("get_event_loop is running loop:", asyncio.get_event_loop() is loop)
    print("loop.is_running:", loop.is_running(), "is_closed:", loop.is_closed())
    c = coro_fn()
    print("iscoroutine(c):", asyncio.iscoroutine(c),
          "iscoroutine(fn):", asyncio.iscoroutine(coro_fn))
    print("iscoroutinefunction:", asyncio.iscoroutinefunction(coro_fn),
          asyncio.iscoroutinefunction(print))
    t = asyncio.create_task(c)
    f = loop.create_future()
    print("isfuture:", asyncio.isfuture(t), asyncio.isfuture(f), asyncio.isfuture(c))
    f.set_result(None)
    print("awaited:", await t, await f)


asyncio.run(main())
asyncio.run(main())
print("two different loops:", loops[0] is not loops[1], "first closed:", loops[0].is_closed())
