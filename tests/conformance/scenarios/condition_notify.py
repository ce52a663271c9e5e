# Pins: Condition.notify(n) wakes the first n waiters in FIFO order; each woken waiter must
# re-acquire the lock before wait() returns; notify_all wakes the rest; notify without the
# lock raises RuntimeError("cannot notify on un-acquired lock").
import asyncio


async def consumer(cond, name, items):
    async with cond:
        await cond.wait()
        item = items.pop(0) if items else None
        print(name, "woke, took", item)
        await asyncio.sleep(0.5)


async def main():
    cond = asyncio.Condition()
    items = []
    tasks = [asyncio.create_task(consumer(cond, f"c{i}", items)) for i in range(4)]
    await asyncio.sleep(1)
    async with cond:
        items.append("x")
        cond.notify()
        print("notified 1")
    await asyncio.sleep(1)
    async with cond:
        items.extend(["y", "z"])
        cond.notify(2)
    await asyncio.sleep(2)
    async with cond:
        cond.notify_all()
    await asyncio.gather(*tasks)
    try:
        cond.notify()
    except RuntimeError as e:
        print(type(e).__name__, e)


asyncio.run(main())
