# Tutorial 4.1 (Lock), probed: the same increment without the lock is a lost-update race:
# all ten read 0 at 0.000 and the result is 1 at 0.100. With the lock the ten run in series
# and the result is 10, 1 s later (1.100).
import asyncio

shared_resource = 0
lock = asyncio.Lock()


async def increment_unsafe():
    global shared_resource
    current = shared_resource
    await asyncio.sleep(0.1)
    shared_resource = current + 1


async def increment():
    global shared_resource
    async with lock:
        current = shared_resource
        await asyncio.sleep(0.1)
        shared_resource = current + 1


async def main():
    global shared_resource
    await asyncio.gather(*[increment_unsafe() for _ in range(10)])
    print(f"无锁结果: {shared_resource}")
    shared_resource = 0
    await asyncio.gather(*[increment() for _ in range(10)])
    print(f"有锁结果: {shared_resource}")


asyncio.run(main())
