# Pins: wait_for raises TimeoutError (asyncio.TimeoutError is the builtin TimeoutError in
# 3.11) at the deadline after cancelling the inner task and waiting for it to finish; the
# inner coroutine sees CancelledError at 2.000 and its cleanup runs before the awaiter resumes.
import asyncio


async def slow():
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError:
        print("inner cancelled")
        raise
    finally:
        print("inner finally")


async def main():
    try:
        await asyncio.wait_for(slow(), timeout=2)
    except asyncio.TimeoutError as e:
        print("timeout:", type(e).__name__, repr(str(e)), asyncio.TimeoutError is TimeoutError)


asyncio.run(main())
