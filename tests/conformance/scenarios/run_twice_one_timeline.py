# Pins: one timeline per script. The second asyncio.run starts at the time the first one
# ended (2.000) and its clock goes on from there; time.sleep between the runs, outside any
# running loop, does not move the clock (time only passes inside the simulation). Task names:
# asyncio.run's shutdown makes two internal tasks (loop.shutdown_asyncgens() and
# loop.shutdown_default_executor() are run with run_until_complete), so the second run's main
# task is Task-4, not Task-2.
import asyncio
import time


async def main(label, delay):
    loop = asyncio.get_running_loop()
    print(label, "start", asyncio.current_task().get_name(), f"{loop.time():.3f}")
    await asyncio.sleep(delay)
    print(label, "end", f"{loop.time():.3f}")


asyncio.run(main("第一次", 2))
print("between runs", f"{time.monotonic():.3f}")
time.sleep(0.5)
print("after time.sleep", f"{time.monotonic():.3f}")
asyncio.run(main("第二次", 1))
