# Pins: cancelling a task that is waiting in wait_for cancels the inner task too, waits for it
# to finish, and raises CancelledError (with the cancel message) in the waiting task; no
# TimeoutError.
import asyncio


async def inner():
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError:
        print("inner cancelled")
        raise


async def waiter():
    try:
        await asyncio.wait_for(inner(), timeout=5)
    except asyncio.CancelledError as e:
        print("waiter cancelled:", e.args)
        raise
    except TimeoutError:
        print("unexpected timeout")


async def main():
    t = asyncio.create_task(waiter())
    await asyncio.sleep(1)
    t.cancel("停止")
    try:
        await t
    except asyncio.CancelledError:
        print("main saw the cancellation, t.cancelled() =", t.cancelled())


asyncio.run(main())
