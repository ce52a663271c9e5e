# Pins: join() returns once task_done() was called for every item put (not when the queue is
# merely empty); the usual shutdown: join, then cancel the workers; one task_done too many
# raises ValueError("task_done() called too many times").
import asyncio


async def worker(name, q):
    while True:
        item = await q.get()
        await asyncio.sleep(item)
        print(name, "processed", item)
        q.task_done()


async def main():
    q = asyncio.Queue()
    for d in (1, 2, 1, 3):
        q.put_nowait(d)
    workers = [asyncio.create_task(worker(f"worker{i}", q)) for i in range(2)]
    await q.join()
    print("join returned; empty:", q.empty())
    for w in workers:
        w.cancel()
    results = await asyncio.gather(*workers, return_exceptions=True)
    print([type(r).__name__ for r in results])
    try:
        q.task_done()
    except ValueError as e:
        print(type(e).__name__, e)


asyncio.run(main())
