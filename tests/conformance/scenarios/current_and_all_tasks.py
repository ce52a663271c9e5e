# Pins: current_task() is the running task (None outside a task: in a plain callback);
# all_tasks() holds the unfinished tasks of the loop, main included (printed as sorted names,
# never in set order); finished tasks leave it.
import asyncio


def callback():
    print("in a callback, current_task is None:", asyncio.current_task() is None)


async def sleeper(delay):
    await asyncio.sleep(delay)
    return asyncio.current_task().get_name()


async def main():
    me = asyncio.current_task()
    print("main:", me.get_name(), me is asyncio.current_task())
    ts = [asyncio.create_task(sleeper(d), name=f"sleeper-{d}") for d in (2, 1)]
    print("all:", sorted(t.get_name() for t in asyncio.all_tasks()))
    asyncio.get_running_loop().call_soon(callback)
    await asyncio.sleep(1.5)
    print("all at 1.5:", sorted(t.get_name() for t in asyncio.all_tasks()))
    print(await ts[0], await ts[1])
    print("all at the end:", sorted(t.get_name() for t in asyncio.all_tasks()))


asyncio.run(main())
