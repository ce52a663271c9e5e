# Tutorial 6.2 (calling a coroutine from a plain function), probed: asyncio.run() from a plain
# function works at top level, twice in a row on one timeline (1.000 then 2.000); the same
# plain function called from inside a coroutine fails with RuntimeError, because a loop is
# already running there. (The tutorial's `await` in a plain function is a SyntaxError: see
# resources/examples/16_mistake_await_in_sync_function.py.)
import asyncio


async def some_coroutine():
    await asyncio.sleep(1)
    return 42


def sync_function():
    result = asyncio.run(some_coroutine())
    print("sync_function got", result)
    return result


sync_function()
sync_function()


async def main():
    try:
        sync_function()
    except RuntimeError as e:
        print("inside a coroutine:", type(e).__name__, e)
    print("the right way inside a coroutine:", await some_coroutine())


asyncio.run(main())
