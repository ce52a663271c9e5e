# Pins: wait(FIRST_EXCEPTION) returns at the first task that raises (2.000) and does not
# raise itself; with no exception at all it behaves like ALL_COMPLETED.
import asyncio


async def job(delay, fail=False):
    await asyncio.sleep(delay)
    if fail:
        raise ValueError(f"job{delay} failed")
    return delay


async def main():
    tasks = [asyncio.create_task(job(1)), asyncio.create_task(job(2, fail=True)),
             asyncio.create_task(job(4))]
    done, pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_EXCEPTION)
    print("done", len(done), "pending", len(pending))
    for t in tasks:
        if t.done():
            e = t.exception()
            print("  ", f"{type(e).__name__}: {e}" if e else f"result {t.result()}")
    clean = [asyncio.create_task(job(1)), asyncio.create_task(job(2))]
    done, pending = await asyncio.wait(clean, return_when=asyncio.FIRST_EXCEPTION)
    print("no exception: done", len(done), "pending", len(pending))
    await asyncio.wait(pending or tasks)


asyncio.run(main())
