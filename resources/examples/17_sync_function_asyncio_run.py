# Tutorial 6.2, the correct version: a plain function runs a coroutine with asyncio.run().
# sync_function blocks until the coroutine is done: the result 42 is printed at 1.000.
import asyncio

async def some_coroutine():
    await asyncio.sleep(1)
    return 42

# 正确:用asyncio.run()
def sync_function():
    result = asyncio.run(some_coroutine())
    print(result)

sync_function()
