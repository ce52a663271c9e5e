# Pins: wait(ALL_COMPLETED, the default) waits for all; with timeout it returns (done,
# pending) at the timeout without raising and without cancelling the pending tasks, which then
# finish on their own.
import asyncio


async def job(name, delay):
    await asyncio.sleep(delay)
    print(name, "finished")
    return name


async def main():
    tasks = [asyncio.create_task(job(n, d), name=n) for n, d in (("a", 1), ("b", 2))]
    done, pending = await asyncio.wait(tasks)
    print("all:", sorted(t.result() for t in done), len(pending))
    tasks = [asyncio.create_task(job(n, d), name=n) for n, d in (("c", 1), ("d", 3), ("e", 4))]
    done, pending = await asyncio.wait(tasks, timeout=2)
    print("after timeout: done", sorted(t.get_name() for t in done),
          "pending", sorted(t.get_name() for t in pending))
    await asyncio.sleep(3)
    print("pending now done:", all(t.done() for t in pending))


asyncio.run(main())
