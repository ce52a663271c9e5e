# Pins: loop.create_future() awaited by a task and resolved from a call_later callback;
# loop.create_task behaves like asyncio.create_task; loop.time() follows the virtual clock.
import asyncio


async def compute(x):
    await asyncio.sleep(x)
    return x * 10


async def main():
    loop = asyncio.get_running_loop()
    print("time:", loop.time())
    fut = loop.create_future()
    loop.call_later(1.25, fut.set_result, "由回调设置")
    print(await fut, "at", loop.time())
    t = loop.create_task(compute(2))
    print(type(t).__name__, t.get_name(), await t, "at", loop.time())


asyncio.run(main())
