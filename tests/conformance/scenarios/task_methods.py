# Pins: Task methods: done/cancelled/result/exception before and after finishing;
# result() of a pending task raises InvalidStateError; exception() returns the exception
# without raising; result() re-raises it; get_coro().__name__ is the coroutine function's
# name; a finished task can't be cancelled (cancel() returns False).
import asyncio


async def ok():
    await asyncio.sleep(1)
    return "好"


async def boom():
    await asyncio.sleep(1)
    raise ArithmeticError("算错了")


async def main():
    a = asyncio.create_task(ok())
    b = asyncio.create_task(boom())
    print("coros:", a.get_coro().__name__, b.get_coro().__name__)
    print("done:", a.done(), "cancelled:", a.cancelled())
    try:
        a.result()
    except asyncio.InvalidStateError as e:
        print(type(e).__name__, e)
    try:
        a.exception()
    except asyncio.InvalidStateError as e:
        print(type(e).__name__, e)
    await asyncio.wait([a, b])
    print("a:", a.done(), a.result(), a.exception())
    e = b.exception()
    print("b.exception():", type(e).__name__, e)
    try:
        b.result()
    except ArithmeticError as e:
        print("b.result() raised", type(e).__name__)
    print("cancel finished:", a.cancel(), a.cancelled())


asyncio.run(main())
