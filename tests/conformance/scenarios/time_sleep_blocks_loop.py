# Pins: time.sleep inside a coroutine blocks the whole loop for virtual time: the other task's
# 1-second timer fires late, at 3.000, right after the blocking call; loop.time() and
# time.monotonic() agree.
import asyncio
import time


async def punctual():
    await asyncio.sleep(1)
    print("punctual woke (wanted 1.000)")


async def blocker():
    print("blocking for 3 s with time.sleep")
    time.sleep(3)
    print("blocker done; monotonic =", time.monotonic())


async def main():
    await asyncio.gather(punctual(), blocker())
    print("loop.time =", asyncio.get_running_loop().time())


asyncio.run(main())
