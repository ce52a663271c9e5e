# Pins: done callbacks are never called inline: set_result schedules them with call_soon, in
# the order they were added, after what is already ready; a callback added to a done future
# is scheduled at once; remove_done_callback returns how many it removed; the waiting task
# resumes after the callbacks registered before it.
import asyncio


def cb(name):
    def run(fut):
        print(f"callback {name}: result={fut.result()}")
    return run


async def waiter(fut):
    print("waiter got", await fut)


async def main():
    loop = asyncio.get_running_loop()
    fut = loop.create_future()
    first, second, removed = cb("first"), cb("second"), cb("removed")
    fut.add_done_callback(first)
    fut.add_done_callback(removed)
    fut.add_done_callback(removed)
    t = asyncio.create_task(waiter(fut))
    await asyncio.sleep(0)
    fut.add_done_callback(second)
    print("removed:", fut.remove_done_callback(removed), fut.remove_done_callback(removed))
    loop.call_soon(print, "call_soon queued before set_result")
    fut.set_result(7)
    print("set_result returned; no callback ran yet")
    fut.add_done_callback(cb("late"))
    await t


asyncio.run(main())
