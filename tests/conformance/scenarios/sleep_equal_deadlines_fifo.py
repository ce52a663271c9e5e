# Pins: timers with equal deadlines fire in the order they were set (FIFO), whatever the
# order of creation of the tasks that own them: c sets its 1-second timer first (it was made
# to start first), then a, then b; they wake at 1.000 in that order.
import asyncio


async def sleeper(name, pre_yields):
    for _ in range(pre_yields):
        await asyncio.sleep(0)
    await asyncio.sleep(1)
    print(name, "woke")


async def main():
    a = asyncio.create_task(sleeper("a", 1))
    b = asyncio.create_task(sleeper("b", 2))
    c = asyncio.create_task(sleeper("c", 0))
    await asyncio.gather(a, b, c)


asyncio.run(main())
