# Pins: several consumers blocked on get() are served in the order they started waiting; a
# put wakes exactly one getter; a getter cancelled while waiting does not lose an item.
import asyncio


async def getter(q, name):
    item = await q.get()
    print(name, "got", item)


async def main():
    q = asyncio.Queue()
    g = [asyncio.create_task(getter(q, f"g{i}")) for i in range(4)]
    await asyncio.sleep(1)
    g[1].cancel()
    await asyncio.sleep(0)
    for item in ("一", "二", "三"):
        q.put_nowait(item)
    await asyncio.sleep(1)
    print("left in queue:", q.qsize(), "cancelled:", [t.cancelled() for t in g])


asyncio.run(main())
