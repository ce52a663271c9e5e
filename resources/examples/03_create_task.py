# Tutorial 2.1 create_task(): three tasks run concurrently.
# The tasks start only when main first suspends (at its first await), in creation order, so
# the three "开始请求" lines are all at 0.000. They finish by delay: url2 at 1.000, url1 at
# 2.000, url3 at 3.000. The three fetches overlap: the total is 3 s, not 6 s. main awaits
# task1 first (2 s), then task2 is already done, then task3 (3 s).
import asyncio

async def fetch(url, delay):
    print(f"开始请求 {url}")
    await asyncio.sleep(delay)
    print(f"完成请求 {url}")
    return f"{url} 的数据"

async def main():
    # 创建任务(立即开始执行)
    task1 = asyncio.create_task(fetch("url1", 2))
    task2 = asyncio.create_task(fetch("url2", 1))
    task3 = asyncio.create_task(fetch("url3", 3))

    # 等待所有任务完成
    result1 = await task1
    result2 = await task2
    result3 = await task3

    print(f"结果: {result1}, {result2}, {result3}")

asyncio.run(main())
# 总共只需3秒(取决于最慢的任务),而不是6秒
