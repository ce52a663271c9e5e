# Pins: Lock waiters acquire in FIFO order (the order they started waiting); locked();
# acquire() returns True; an uncontended acquire does not suspend.
import asyncio

lock = asyncio.Lock()


async def user(name, hold):
    print(name, "wants the lock")
    async with lock:
        print(name, "has the lock")
        await asyncio.sleep(hold)
    print(name, "released")


async def main():
    print("locked before:", lock.locked())
    print("acquire ->", await lock.acquire())
    tasks = [asyncio.create_task(user(n, 1)) for n in ("甲", "乙", "丙")]
    await asyncio.sleep(0.5)
    print("locked while held:", lock.locked())
    lock.release()
    await asyncio.gather(*tasks)
    print("locked after:", lock.locked())


asyncio.run(main())
