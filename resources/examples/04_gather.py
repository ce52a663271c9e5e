# Tutorial 2.2 gather(): run coroutines concurrently, results in argument order.
# gather wraps each coroutine in a task; they finish at 1, 2 and 3 s, but the list printed at
# 3.000 keeps the order of the arguments (url1, url2, url3), not the order of completion.
import asyncio

async def fetch(url, delay):
    await asyncio.sleep(delay)
    return f"{url} 的数据"

async def main():
    # gather并发运行多个协程
    results = await asyncio.gather(
        fetch("url1", 2),
        fetch("url2", 1),
        fetch("url3", 3)
    )
    print(results)
    # ['url1 的数据', 'url2 的数据', 'url3 的数据']

asyncio.run(main())
