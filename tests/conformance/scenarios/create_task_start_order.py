# Pins: create_task does not run anything; new tasks start in creation order once the creator
# suspends. main prints "created" before any task; a task created by a task starts after the
# tasks already scheduled for that iteration.
import asyncio


async def child(name):
    print("start", name)
    if name == "A":
        asyncio.create_task(child("A.1"))
    await asyncio.sleep(0)
    print("second step", name)


async def main():
    tasks = [asyncio.create_task(child(n)) for n in ("A", "B", "C")]
    print("created", len(tasks), "tasks")
    await asyncio.sleep(0)
    print("main resumed")
    await asyncio.gather(*tasks)
    await asyncio.sleep(0)
    print("main end")


asyncio.run(main())
