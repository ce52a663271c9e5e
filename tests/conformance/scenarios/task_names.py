# Pins: task naming. Unnamed tasks get Task-N from one counter for the whole script.
# asyncio.create_task(coro, name=...) first creates the task unnamed (drawing a number) and
# then renames it, so the number is used up; loop.create_task(coro, name=...) does not draw.
# gather() of coroutines, wait_for() of a coroutine and TaskGroup.create_task also draw.
# set_name changes the name; str names only.
import asyncio


async def noop():
    await asyncio.sleep(0)
    return asyncio.current_task().get_name()


async def main():
    loop = asyncio.get_running_loop()
    print("main is", asyncio.current_task().get_name())
    t = asyncio.create_task(noop())
    print("unnamed:", t.get_name())
    t = asyncio.create_task(noop(), name="下载器")
    print("named via asyncio.create_task:", t.get_name())
    t = asyncio.create_task(noop())
    print("next unnamed:", t.get_name())
    t = loop.create_task(noop(), name="loop-named")
    print("named via loop.create_task:", t.get_name())
    t = asyncio.create_task(noop())
    print("next unnamed:", t.get_name())
    print("gather children:", await asyncio.gather(noop(), noop()))
    print("wait_for child:", await asyncio.wait_for(noop(), timeout=5))
    async with asyncio.TaskGroup() as tg:
        t1 = tg.create_task(noop(), name="tg-named")
        t2 = tg.create_task(noop())
    print("TaskGroup children:", t1.result(), t2.result())
    t2.set_name(12345)
    print("set_name(12345):", repr(t2.get_name()))
    t = asyncio.create_task(noop())
    print("last unnamed:", t.get_name())
    await t


asyncio.run(main())
