# Pins: a consumer waiting forever on an empty queue, awaited by main, is a deadlock: nothing
# is ready and no timer is pending at 3.000. The run stops there with status=deadlock; the
# consumer's except/finally never run (no cancellation happens on a deadlock).
import asyncio


async def consumer(q):
    try:
        while True:
            item = await q.get()
            print("consumed", item)
    finally:
        print("consumer finally (never printed)")


async def main():
    q = asyncio.Queue()
    c = asyncio.create_task(consumer(q))
    for i in range(3):
        await asyncio.sleep(1)
        q.put_nowait(i)
    await c


try:
    asyncio.run(main())
finally:
    print("script finally (never printed)")
