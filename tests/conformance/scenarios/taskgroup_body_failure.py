# Pins: an exception raised in the async with body cancels the running children and, after
# they finish, comes out wrapped in an ExceptionGroup with the body's exception; children that
# already finished keep their results.
import asyncio


async def child(name, delay):
    try:
        await asyncio.sleep(delay)
        return name
    except asyncio.CancelledError:
        print(name, "cancelled by the group")
        raise


async def main():
    try:
        async with asyncio.TaskGroup() as tg:
            done = tg.create_task(child("quick", 0.5))
            tg.create_task(child("slow", 5))
            await asyncio.sleep(1)
            raise RuntimeError("body failed")
    except* RuntimeError as eg:
        print("caught:", [str(e) for e in eg.exceptions], "quick:", done.result())


asyncio.run(main())
