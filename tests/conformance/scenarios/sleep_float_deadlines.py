# Pins: deadlines are computed as now + delay in floating point, exactly as CPython does, and
# the loop's clock resolution is 1e-9. Ten sleeps of 0.1 end at 0.9999999999999999, strictly
# before 1.0: the ten-step task wakes first although the one-step task's timer was set first.
# The clock jumps only to that earliest deadline, but every timer due before clock + 1e-9 fires
# in the same iteration: the 1.0 timer fires too and the one-step task also reads
# 0.9999999999999999. The raw clock is printed with repr to show it.
import asyncio


async def stepper():
    loop = asyncio.get_running_loop()
    for _ in range(10):
        await asyncio.sleep(0.1)
    print("ten x 0.1 done at", repr(loop.time()))


async def single():
    loop = asyncio.get_running_loop()
    await asyncio.sleep(1.0)
    print("one x 1.0 done at", repr(loop.time()))


async def main():
    t1 = asyncio.create_task(single())
    t2 = asyncio.create_task(stepper())
    await t1
    await t2


asyncio.run(main())
