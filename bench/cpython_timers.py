"""CPython 3.11 asyncio on the reference virtual clock, workload 2: 20,000 tasks x 25 sleeps
behind Semaphore(500). Prints `name value unit`."""
import asyncio
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests",
                                "conformance"))
import reference_run  # noqa: E402  (the virtual-clock loop)


async def sleeper(sem, delay):
    async with sem:
        for _ in range(25):
            await asyncio.sleep(delay)


async def main():
    sem = asyncio.Semaphore(500)
    await asyncio.gather(*[sleeper(sem, 0.01 + (i % 100) * 0.0001) for i in range(20000)])


asyncio.set_event_loop_policy(reference_run._Policy())
t0 = time.perf_counter()
asyncio.run(main())
print(f"cpython_timers_seconds {time.perf_counter() - t0:.4f} s")
