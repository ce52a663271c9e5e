# Pins: call_soon callbacks run in FIFO order with their args, in the next loop iteration,
# interleaved with task steps in the order they were scheduled; a callback scheduled by a
# callback runs one iteration later; a cancelled handle does not run.
import asyncio


def cb(name, *extra):
    print("callback", name, *extra)


async def task_body():
    print("task step 1")
    await asyncio.sleep(0)
    print("task step 2")


async def main():
    loop = asyncio.get_running_loop()
    loop.call_soon(cb, "A", 1, 2)
    asyncio.create_task(task_body())
    loop.call_soon(lambda: (cb("B"), loop.call_soon(cb, "B's child")))
    h = loop.call_soon(cb, "cancelled")
    loop.call_soon(cb, "C")
    h.cancel()
    print("handle cancelled:", h.cancelled())
    await asyncio.sleep(0)
    print("main after one iteration")
    await asyncio.sleep(0)
    print("main after two iterations")


asyncio.run(main())
