# Pins: asyncio.sleep(0) yields exactly one loop iteration. Two tasks that sleep(0) between
# steps alternate strictly (a1 b1 a2 b2 ...), all at 0.000; the task created first goes first.
# main's own sleep(0) lets both tasks take their first step before main's next line.
import asyncio


async def worker(name, steps):
    for i in range(1, steps + 1):
        print(f"{name}{i}")
        await asyncio.sleep(0)
    print(f"{name} done")


async def main():
    a = asyncio.create_task(worker("a", 3))
    b = asyncio.create_task(worker("b", 3))
    print("main before sleep(0)")
    await asyncio.sleep(0)
    print("main after sleep(0)")
    await a
    await b
    print("all done")


asyncio.run(main())
