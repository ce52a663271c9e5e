# Pins: cancelling a task that awaits another task cancels the awaited task too (the cancel
# goes down the chain of awaits to the innermost future); CancelledError then propagates back
# up; each level's except/finally runs innermost first.
import asyncio


async def leaf():
    try:
        await asyncio.sleep(10)
    finally:
        print("leaf finally")


async def middle():
    inner = asyncio.create_task(leaf(), name="leaf")
    try:
        await inner
    except asyncio.CancelledError:
        print("middle: leaf cancelled?", inner.cancelled())
        raise


async def top():
    try:
        await middle()
    finally:
        print("top finally")


async def main():
    t = asyncio.create_task(top())
    await asyncio.sleep(1)
    t.cancel()
    await asyncio.gather(t, return_exceptions=True)
    print("top cancelled:", t.cancelled())


asyncio.run(main())
