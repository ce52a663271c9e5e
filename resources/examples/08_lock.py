# Tutorial 4.1 Lock: a read-modify-write across an await, made safe by a lock.
# The ten increments take the lock one after the other (FIFO), each holding it for 0.1 s, so
# they run in series: the result 10 is printed at 1.000 (10 x 0.1 s). Without the lock all
# ten would read 0 at 0.000 and the result would be 1 at 0.100.
import asyncio

shared_resource = 0
lock = asyncio.Lock()

async def increment():
    global shared_resource
    async with lock:
        current = shared_resource
        await asyncio.sleep(0.1)  # 模拟处理
        shared_resource = current + 1

async def main():
    await asyncio.gather(*[increment() for _ in range(10)])
    print(f"结果: {shared_resource}")  # 10

asyncio.run(main())
