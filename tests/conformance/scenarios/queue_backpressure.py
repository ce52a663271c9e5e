# Pins: Queue(maxsize=2): put() suspends while the queue is full and resumes when a get()
# frees a slot (FIFO among blocked putters); qsize/full/empty; items come out in FIFO order.
import asyncio


async def producer(q):
    for i in range(5):
        await q.put(i)
        print(f"put {i} (qsize={q.qsize()}, full={q.full()})")
    print("producer done")


async def consumer(q):
    await asyncio.sleep(1)
    while True:
        item = await q.get()
        print("got", item)
        if item == 4:
            break
        await asyncio.sleep(1)


async def main():
    q = asyncio.Queue(maxsize=2)
    print("empty:", q.empty(), "maxsize:", q.maxsize)
    await asyncio.gather(producer(q), consumer(q))


asyncio.run(main())
