# Tutorial 3.2 as_completed(): results in the order the tasks finish.
# The tasks are listed url1 (3 s), url2 (1 s), url3 (2 s); the loop prints them as they
# finish: url2 at 1.000, url3 at 2.000, url1 at 3.000.
import asyncio

async def fetch(url, delay):
    await asyncio.sleep(delay)
    return f"{url} 完成"

async def main():
    tasks = [
        asyncio.create_task(fetch("url1", 3)),
        asyncio.create_task(fetch("url2", 1)),
        asyncio.create_task(fetch("url3", 2)),
    ]

    # 按完成顺序获取结果
    for task in asyncio.as_completed(tasks):
        result = await task
        print(result)

asyncio.run(main())
# url2 完成
# url3 完成
# url1 完成
