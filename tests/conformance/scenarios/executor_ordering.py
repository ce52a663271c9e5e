# Pins: a worker's result is delivered by a timer set at submission (deadline = submit time +
# elapsed): at an equal deadline it comes in the order the timers were set. A worker that
# does not sleep completes at the next iteration. Cancelling the awaiting task cancels the
# future; the worker's late result is dropped. A ThreadPoolExecutor's max_workers is
# ignored (unlimited simulated workers).
import asyncio
import concurrent.futures
import time


def work(name, seconds):
    time.sleep(seconds)
    return name


async def sleeper():
    await asyncio.sleep(1)
    print("sleeper woke")


async def main():
    loop = asyncio.get_running_loop()
    s = asyncio.create_task(sleeper())
    await asyncio.sleep(0)
    f = loop.run_in_executor(None, work, "worker (1 s)", 1)
    f.add_done_callback(lambda fut: print("worker done:", fut.result()))
    await s
    print("instant:", await loop.run_in_executor(None, work, "no sleep", 0), "at", loop.time())
    t = asyncio.create_task(asyncio.to_thread(work, "dropped", 5))
    await asyncio.sleep(1)
    t.cancel()
    await asyncio.gather(t, return_exceptions=True)
    print("to_thread task cancelled:", t.cancelled())
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        rs = await asyncio.gather(*(loop.run_in_executor(pool, work, f"p{i}", 1) for i in range(3)))
    print(rs, "at", loop.time())
    await asyncio.sleep(5)


asyncio.run(main())
