# Pins: TaskGroup waits for all its tasks at the end of the async with (3.000); tasks start in
# creation order once the body suspends; tasks created by tasks inside the group are waited
# for too; results via task.result().
import asyncio


async def work(tg, name, delay, spawn=False):
    print("start", name)
    if spawn:
        tg.create_task(work(tg, name + "-child", 2))
    await asyncio.sleep(delay)
    print("end", name)
    return name


async def main():
    async with asyncio.TaskGroup() as tg:
        a = tg.create_task(work(tg, "a", 1, spawn=True))
        b = tg.create_task(work(tg, "b", 2))
        print("body done")
    print("group done:", a.result(), b.result())


asyncio.run(main())
