# Pins: releasing an unlocked Lock raises RuntimeError("Lock is not acquired."); a waiter
# cancelled while queued is removed and the lock goes to the next waiter in line.
import asyncio


async def waiter(lock, name):
    try:
        async with lock:
            print(name, "got the lock")
            await asyncio.sleep(1)
    except asyncio.CancelledError:
        print(name, "cancelled while waiting")
        raise


async def main():
    lock = asyncio.Lock()
    try:
        lock.release()
    except RuntimeError as e:
        print(type(e).__name__, e)
    await lock.acquire()
    a = asyncio.create_task(waiter(lock, "a"))
    b = asyncio.create_task(waiter(lock, "b"))
    await asyncio.sleep(1)
    a.cancel()
    await asyncio.sleep(0)
    lock.release()
    await asyncio.gather(a, b, return_exceptions=True)
    print("a cancelled:", a.cancelled(), "b cancelled:", b.cancelled())


asyncio.run(main())
