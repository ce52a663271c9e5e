# Pins: Lock fairness: a task that releases the lock and immediately asks for it again while
# others wait does not get it back at once: it queues behind the waiters (3.11 Lock.acquire
# only takes a free lock when no waiter is queued).
import asyncio


async def greedy(lock):
    for i in range(3):
        async with lock:
            print("greedy round", i)
            await asyncio.sleep(1)


async def polite(lock, name):
    async with lock:
        print(name, "got the lock")
        await asyncio.sleep(1)


async def main():
    lock = asyncio.Lock()
    g = asyncio.create_task(greedy(lock))
    await asyncio.sleep(0.5)
    await asyncio.gather(g, polite(lock, "A"), polite(lock, "B"))


asyncio.run(main())
