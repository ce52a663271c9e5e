"""Workload 1 as an asyncio script: 1000 tasks x 1000 sleep(0) = 1,000,000 task steps.
Run by `loopscope run` and by CPython's asyncio (scripts/bench.sh); prints `name value unit`.
CPU time is measured: loopscope's time.perf_counter reads the virtual clock."""
import asyncio
import time


async def yielder(steps):
    for _ in range(steps):
        await asyncio.sleep(0)


async def main():
    await asyncio.gather(*[yielder(1000) for _ in range(1000)])


t0 = time.process_time()
asyncio.run(main())
print(f"py_steps_seconds {time.process_time() - t0:.4f} s")
