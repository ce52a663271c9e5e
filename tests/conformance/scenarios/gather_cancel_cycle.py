# Pins: two tasks that gather each other. Cancelling one cancels its gather, which cancels the
# other task, whose gather cancels the first again...: CPython stops at its recursion limit
# with RecursionError out of the cancel() call, in the task that called it, and nothing is
# cancelled (each task is left with cancel requests, cancelling() > 0; how many depends on
# the caller's stack depth in CPython, so only their presence is printed). The caller goes on;
# at the end asyncio.run's own cancel() of the two leftover tasks raises RecursionError again,
# and that ends the run.
import asyncio


async def gather_other(get_other):
    await asyncio.gather(get_other())


async def main():
    tasks = {}
    tasks["a"] = asyncio.create_task(gather_other(lambda: tasks["b"]))
    tasks["b"] = asyncio.create_task(gather_other(lambda: tasks["a"]))
    await asyncio.sleep(1)
    try:
        tasks["a"].cancel()
        print("cancel returned")
    except RecursionError as e:
        print("cancel raised RecursionError:", e)
    for name, task in tasks.items():
        print(name, "done", task.done(), "cancel requested", task.cancelling() > 0)
    await asyncio.sleep(1)
    print("a done", tasks["a"].done(), "b done", tasks["b"].done())
    print("main returns")


asyncio.run(main())
