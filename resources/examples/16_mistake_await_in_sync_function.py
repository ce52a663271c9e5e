# Tutorial 6.2 a common mistake: await inside a plain (non-async) function.
# This file does not run, by design: `await` is only allowed inside `async def`, so Python
# refuses the whole file before running anything. Nothing is printed; the run ends at once
# with status=exception:SyntaxError ('await' outside async function). The correct version,
# asyncio.run() in the plain function, is 17_sync_function_asyncio_run.py.
import asyncio

async def some_coroutine():
    await asyncio.sleep(1)
    return 42

# 错误:在同步函数中直接调用协程
def sync_function():
    result = await some_coroutine()  # SyntaxError

sync_function()
