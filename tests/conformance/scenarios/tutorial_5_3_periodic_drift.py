# Tutorial 5.3 (periodic task), probed: when each run of the job itself takes time (here a
# blocking time.sleep(0.5)), "sleep(5) after the work" drifts: runs at 0, 5.5, 11, 16.5.
# Sleeping until the next absolute tick (loop.time() based) keeps the period: started at 17,
# it runs at 17, 22, 27, 32. Each job is cancelled 17 s after it started.
import asyncio
import time


async def drifting():
    while True:
        print("drifting run")
        time.sleep(0.5)
        await asyncio.sleep(5)


async def steady():
    loop = asyncio.get_running_loop()
    next_tick = loop.time()
    while True:
        print("steady run")
        time.sleep(0.5)
        next_tick += 5
        await asyncio.sleep(next_tick - loop.time())


async def main():
    for job in (drifting, steady):
        task = asyncio.create_task(job())
        await asyncio.sleep(17)
        task.cancel()
        try:
            await task
        except asyncio.CancelledError:
            print(job.__name__, "已取消")


asyncio.run(main())
