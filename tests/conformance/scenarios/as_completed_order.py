# Pins: as_completed over tasks yields awaitables that give results in completion order; a
# task's exception is raised at its turn; two tasks finishing at the same instant come in the
# order they finished (the order their timers were set).
import asyncio


async def job(name, delay, fail=False):
    await asyncio.sleep(delay)
    if fail:
        raise LookupError(name)
    return name


async def main():
    tasks = [asyncio.create_task(job("a", 3)), asyncio.create_task(job("b", 1)),
             asyncio.create_task(job("c", 2, fail=True)), asyncio.create_task(job("d", 1))]
    for aw in asyncio.as_completed(tasks):
        try:
            print("got", await aw)
        except LookupError as e:
            print("failed", type(e).__name__, e)


asyncio.run(main())
