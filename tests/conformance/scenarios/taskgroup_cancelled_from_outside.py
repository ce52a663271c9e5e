# Pins: cancelling the task that runs a TaskGroup cancels the group's children; the group
# then propagates CancelledError (no ExceptionGroup) and the outer task ends cancelled.
import asyncio


async def child(name):
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError:
        print(name, "cancelled")
        raise


async def runner():
    async with asyncio.TaskGroup() as tg:
        tg.create_task(child("only child"))
        await asyncio.sleep(10)


async def main():
    t = asyncio.create_task(runner())
    await asyncio.sleep(2)
    t.cancel()
    try:
        await t
    except asyncio.CancelledError:
        print("runner cancelled:", t.cancelled())


asyncio.run(main())
