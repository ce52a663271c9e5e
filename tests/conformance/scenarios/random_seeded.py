# Pins: random is seeded with 0 before the script runs, so random delays and choices are the
# same on every run (and in loopscope): tasks with random sleeps finish in a fixed order.
import asyncio
import random


async def job(i):
    delay = round(random.uniform(0.1, 2.0), 3)
    await asyncio.sleep(delay)
    print(f"job{i} slept {delay}")
    return delay


async def main():
    print("first draws:", random.random(), random.randint(1, 100))
    delays = await asyncio.gather(*(job(i) for i in range(5)))
    print("choice:", random.choice(["甲", "乙", "丙"]), "total:", round(sum(delays), 3))


asyncio.run(main())
