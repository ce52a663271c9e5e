# Pins: Condition.wait_for(predicate) checks the predicate first (no wait if already true),
# then re-checks it after every wake-up and returns the predicate's value.
import asyncio

state = {"count": 0}


async def watcher(cond, target):
    async with cond:
        r = await cond.wait_for(lambda: state["count"] >= target and ("count", state["count"]))
        print(f"watcher({target}) got {r}")


async def main():
    cond = asyncio.Condition()
    tasks = [asyncio.create_task(watcher(cond, t)) for t in (0, 2, 3)]
    for _ in range(3):
        await asyncio.sleep(1)
        async with cond:
            state["count"] += 1
            print("count ->", state["count"])
            cond.notify_all()
    await asyncio.gather(*tasks)


asyncio.run(main())
