"""Workload 2 as an asyncio script: 20,000 tasks x 25 timed sleeps behind Semaphore(500) =
500,000 timers. Run by `loopscope run` and by CPython's asyncio on the reference virtual
clock (scripts/bench.sh); prints `name value unit` (CPU time: perf_counter is virtual)."""
import asyncio
import time


async def sleeper(sem, delay):
    async with sem:
        for _ in range(25):
            await asyncio.sleep(delay)


async def main():
    sem = asyncio.Semaphore(500)
    await asyncio.gather(*[sleeper(sem, 0.01 + (i % 100) * 0.0001) for i in range(20000)])


t0 = time.process_time()
asyncio.run(main())
print(f"py_timers_seconds {time.process_time() - t0:.4f} s")
