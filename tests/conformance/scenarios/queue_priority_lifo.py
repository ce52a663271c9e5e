# Pins: PriorityQueue returns the smallest item first (tuples compare element-wise); LifoQueue
# returns the last item put first.
import asyncio


async def main():
    pq = asyncio.PriorityQueue()
    for item in [(3, "低"), (1, "高"), (2, "中"), (1, "also high")]:
        await pq.put(item)
    print("priority:", [pq.get_nowait() for _ in range(pq.qsize())])
    lq = asyncio.LifoQueue()
    for i in range(4):
        lq.put_nowait(i)
    print("lifo:", [await lq.get() for _ in range(4)])


asyncio.run(main())
