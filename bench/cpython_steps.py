"""CPython 3.11 asyncio, workload 1: 1000 tasks x 1000 sleep(0). Prints `name value unit`."""
import asyncio
import time


async def yielder(steps):
    for _ in range(steps):
        await asyncio.sleep(0)


async def main():
    await asyncio.gather(*[yielder(1000) for _ in range(1000)])


t0 = time.perf_counter()
asyncio.run(main())
print(f"cpython_steps_seconds {time.perf_counter() - t0:.4f} s")
