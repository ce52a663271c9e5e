# Pins: wait_for(shield(task), timeout) raises TimeoutError at the timeout but the shielded
# task keeps running and can be awaited later for its result.
import asyncio


async def save():
    await asyncio.sleep(3)
    print("saved")
    return "ok"


async def main():
    task = asyncio.create_task(save())
    try:
        await asyncio.wait_for(asyncio.shield(task), timeout=1)
    except TimeoutError:
        print("gave up waiting; task cancelled?", task.cancelled())
    print("result later:", await task)


asyncio.run(main())
