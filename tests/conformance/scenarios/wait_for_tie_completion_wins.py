# Pins: a timeout and a completion due at the same instant, completion timer set first. The
# task started (and set its 1.000 timer) before wait_for set its timeout timer for 1.000. At
# 1.000 the task resumes first and finishes; when wait_for's waiter resumes, the task is done,
# so wait_for returns its result.
import asyncio


async def inner():
    await asyncio.sleep(1)
    print("inner finished")
    return "result"


async def main():
    t = asyncio.create_task(inner())
    await asyncio.sleep(0)
    print(await asyncio.wait_for(t, timeout=1))


asyncio.run(main())
