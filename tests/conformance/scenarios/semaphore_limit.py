# Pins: Semaphore(2) lets two holders in; further acquirers wait FIFO; locked() is True when
# no slot is free; release() on a plain Semaphore may go above the initial value.
import asyncio


async def worker(sem, name, delay):
    async with sem:
        print(name, "in")
        await asyncio.sleep(delay)
        print(name, "out")


async def main():
    sem = asyncio.Semaphore(2)
    tasks = [asyncio.create_task(worker(sem, f"w{i}", d)) for i, d in enumerate((1, 3, 1, 1))]
    await asyncio.sleep(0)
    print("locked with two inside:", sem.locked())
    await asyncio.gather(*tasks)
    sem.release()
    print("after an extra release, three acquires without waiting:")
    for _ in range(3):
        await sem.acquire()
    print("locked:", sem.locked())


asyncio.run(main())
