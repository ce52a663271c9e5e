# Pins: wait_for returns the result when the work finishes before the deadline; the timeout
# timer is cancelled (the run ends at 1.000, not 5.000); timeout=None just awaits; a task
# passed in is the one awaited (no new task).
import asyncio


async def work(v, delay):
    await asyncio.sleep(delay)
    return v


async def main():
    print(await asyncio.wait_for(work("快", 1), timeout=5))
    t = asyncio.create_task(work("task", 0.5))
    print(await asyncio.wait_for(t, timeout=None), t.done())


asyncio.run(main())
