# Pins: time.time(), time.monotonic() and time.perf_counter() all read the virtual clock
# (they start at 0.0 and move only with the simulation), so elapsed-time measurements in
# scripts show simulated durations.
import asyncio
import time


async def main():
    start = time.perf_counter()
    print("time:", time.time(), "monotonic:", time.monotonic(), "perf_counter:", start)
    await asyncio.gather(asyncio.sleep(1.5), asyncio.sleep(2.25))
    elapsed = time.perf_counter() - start
    print(f"elapsed {elapsed:.2f} s; time.time = {time.time()}")


t0 = time.time()
asyncio.run(main())
print(f"script total: {time.time() - t0:.3f} s")
