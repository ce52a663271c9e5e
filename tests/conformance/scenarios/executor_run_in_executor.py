# Pins: loop.run_in_executor(None, f, *args) with time.sleep inside f does not block the
# loop: the ticker keeps ticking every 0.5 s while the worker "sleeps" 2 s, and the worker's
# result arrives at submit time + the time it slept (2.000). The worker itself runs at once
# when submitted: its prints carry the submit time (0.000), before the ticker's first line,
# and the clock it reads does not move while it sleeps (it measures 0.0).
import asyncio
import time


def blocking_io(seconds):
    t0 = time.monotonic()
    print("worker start")
    time.sleep(seconds)
    print("worker end, clock moved by", time.monotonic() - t0)
    return f"slept {seconds}"


async def ticker():
    for i in range(5):
        print("tick", i)
        await asyncio.sleep(0.5)


async def main():
    loop = asyncio.get_running_loop()
    tick = asyncio.create_task(ticker())
    result = await loop.run_in_executor(None, blocking_io, 2)
    print("result:", result, "at", loop.time())
    await tick


asyncio.run(main())
