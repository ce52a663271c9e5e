# Pins: a timeout and a completion due at the same instant, timeout timer set first. wait_for
# sets its timeout timer (1.000) before the inner task has started, so that timer is earlier
# in FIFO order than the inner sleep's timer (also 1.000). At 1.000 the waiter is released
# first; the inner task's sleep has finished but the task has not resumed yet, so wait_for
# cancels it: the inner coroutine gets CancelledError in place of its sleep's return, and
# wait_for raises TimeoutError.
import asyncio


async def inner():
    try:
        await asyncio.sleep(1)
        print("inner finished its sleep")
        return "done"
    except asyncio.CancelledError:
        print("inner cancelled at the deadline")
        raise


async def main():
    try:
        print(await asyncio.wait_for(inner(), timeout=1))
    except TimeoutError:
        print("TimeoutError")


asyncio.run(main())
