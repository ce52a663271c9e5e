# Tutorial 2.2 (gather), probed: prints inside the coroutines show the overlap (all start at
# 0.000, end at 1, 2, 3 s) while the result list keeps argument order.
import asyncio


async def fetch(url, delay):
    print(f"{url} 开始")
    await asyncio.sleep(delay)
    print(f"{url} 结束")
    return f"{url} 的数据"


async def main():
    results = await asyncio.gather(
        fetch("url1", 2),
        fetch("url2", 1),
        fetch("url3", 3)
    )
    print(results)


asyncio.run(main())
