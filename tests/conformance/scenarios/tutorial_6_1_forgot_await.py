# Tutorial 6.1 (forgetting await), probed: asyncio.sleep(1) without await creates a coroutine
# and does nothing: no time passes (the never-awaited warning goes to stderr); a coroutine
# function called without await gives a coroutine, not its result; a task not awaited is a
# Task whose result is only there once it is done.
import asyncio


async def some_coroutine():
    await asyncio.sleep(1)
    return 42


async def main():
    loop = asyncio.get_running_loop()
    asyncio.sleep(1)  # 错误:忘记await
    print("after the forgotten sleep, time is", loop.time())
    value = some_coroutine()
    print("without await:", type(value).__name__)
    print("with await:", await value)
    task = asyncio.create_task(some_coroutine())
    result = task
    print("task object:", type(result).__name__, "done:", result.done())
    result = await task
    print("awaited:", result, "at", loop.time())


asyncio.run(main())
