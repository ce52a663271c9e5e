# Tutorial 1.2 (await), probed: awaiting coroutines one after the other adds up their times
# (2 + 2 = 4 s); the same two in gather take 2 s. The second block starts at 4.000.
import asyncio


async def fetch_data(n):
    print(f"开始获取数据 {n}...")
    await asyncio.sleep(2)
    print(f"数据获取完成 {n}")
    return {"name": "大志", "age": 28, "n": n}


async def main():
    loop = asyncio.get_running_loop()
    a = await fetch_data(1)
    b = await fetch_data(2)
    print("sequential took", loop.time(), [a["n"], b["n"]])
    start = loop.time()
    results = await asyncio.gather(fetch_data(3), fetch_data(4))
    print("gather took", loop.time() - start, [r["n"] for r in results])


asyncio.run(main())
