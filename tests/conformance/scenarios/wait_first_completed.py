# Pins: wait(FIRST_COMPLETED) returns as soon as one task is done; tasks that finish in the
# same iteration are all in `done` (two at 1.000 here); pending tasks are not cancelled.
# Sets are printed as sorted names.
import asyncio


async def job(delay):
    await asyncio.sleep(delay)
    return delay


async def main():
    tasks = [asyncio.create_task(job(d), name=f"job{i}-{d}s")
             for i, d in enumerate((3, 1, 1, 2))]
    done, pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
    print("done:", sorted(t.get_name() for t in done))
    print("pending:", sorted(t.get_name() for t in pending))
    done, pending = await asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED)
    print("done:", sorted(t.get_name() for t in done), "pending:", len(pending))
    print("results:", [t.result() for t in tasks if t.done()])


asyncio.run(main())
