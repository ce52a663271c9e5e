# asyncio.timeout cancels the slow call at t=2; its finally block still runs, at t=2, and
# the caller sees TimeoutError.
import asyncio

from loopscope import trace

cleaned_up_at = []


async def slow_call():
    try:
        await asyncio.sleep(10)
    finally:
        cleaned_up_at.append(asyncio.get_running_loop().time())
        print("cleanup")


async def main():
    try:
        async with asyncio.timeout(2):
            await asyncio.create_task(slow_call(), name="slow")
    except TimeoutError:
        print("timed out")
    assert asyncio.get_running_loop().time() == 2.0


asyncio.run(main())
assert cleaned_up_at == [2.0]
assert trace.task("slow").outcome == "cancelled"
assert trace.task("slow").error == "CancelledError"
