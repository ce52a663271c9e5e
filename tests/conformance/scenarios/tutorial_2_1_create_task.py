# Tutorial 2.1 (create_task), probed: awaiting the tasks in another order (task3 first) does
# not change when they run: they all start at 0.000 and end at 1, 2, 3 s; by the time task3
# (3 s) is awaited, task1 and task2 are already done, so their awaits return at once.
import asyncio


async def fetch(url, delay):
    print(f"开始请求 {url}")
    await asyncio.sleep(delay)
    print(f"完成请求 {url}")
    return f"{url} 的数据"


async def main():
    loop = asyncio.get_running_loop()
    task1 = asyncio.create_task(fetch("url1", 2))
    task2 = asyncio.create_task(fetch("url2", 1))
    task3 = asyncio.create_task(fetch("url3", 3))
    print("tasks created; done?", [t.done() for t in (task1, task2, task3)])
    result3 = await task3
    print("after task3:", loop.time(), "done?", task1.done(), task2.done())
    result1 = await task1
    result2 = await task2
    print(f"结果: {result1}, {result2}, {result3}")


asyncio.run(main())
