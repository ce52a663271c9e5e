# Tutorial 6.1 a common mistake: forgetting await.
# The wrong main keeps the Task object itself: it prints "Task" and "False" (not done) at
# 0.000 and returns at once; asyncio.run then cancels the unfinished task, so some_coroutine
# never runs. The right main awaits the task: 42 is printed at 1.000. Both asyncio.run calls
# share one timeline: the second run starts where the first ended.
import asyncio

async def some_coroutine():
    await asyncio.sleep(1)
    return 42

# 错误:忘记await
async def main():
    task = asyncio.create_task(some_coroutine())
    result = task  # 这是Task对象,不是结果
    print(type(result).__name__)
    print(result.done())

asyncio.run(main())

# 正确
async def main():
    task = asyncio.create_task(some_coroutine())
    result = await task  # 这才是结果
    print(result)

asyncio.run(main())
