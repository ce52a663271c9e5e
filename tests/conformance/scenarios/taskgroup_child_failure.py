# Pins: a failing child cancels its siblings and the body; the group raises an ExceptionGroup
# ("unhandled errors in a TaskGroup (1 sub-exception)") holding the child's exception; the
# body's pending await is cancelled. Which siblings were cancelled is printed sorted (CPython
# cancels them in set order).
import asyncio

cancelled = []


async def sibling(name, delay):
    try:
        await asyncio.sleep(delay)
        print(name, "finished")
    except asyncio.CancelledError:
        cancelled.append(name)
        raise


async def failing():
    await asyncio.sleep(1)
    raise ValueError("子任务失败")


async def main():
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(sibling("fast", 0.5))
            tg.create_task(sibling("s1", 3))
            tg.create_task(sibling("s2", 4))
            tg.create_task(failing())
            await asyncio.sleep(10)
            print("body never gets here")
    except* ValueError as eg:
        print(type(eg).__name__, "|", eg, "|", [f"{type(e).__name__}: {e}" for e in eg.exceptions])
    print("cancelled siblings:", sorted(cancelled))


asyncio.run(main())
