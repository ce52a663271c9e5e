# Pins: Event.set() wakes every waiter, in the order they waited; wait() on a set event
# returns True without suspending; clear() makes later waiters block again; is_set().
import asyncio


async def waiter(ev, name):
    print(name, "waiting")
    r = await ev.wait()
    print(name, "woke with", r)


async def main():
    ev = asyncio.Event()
    print("is_set:", ev.is_set())
    tasks = [asyncio.create_task(waiter(ev, f"w{i}")) for i in range(3)]
    await asyncio.sleep(1)
    ev.set()
    print("set; is_set:", ev.is_set())
    await asyncio.gather(*tasks)
    print("already set ->", await ev.wait())
    ev.clear()
    late = asyncio.create_task(waiter(ev, "late"))
    await asyncio.sleep(2)
    print("late done?", late.done())
    ev.set()
    ev.clear()
    await late
    print("set then clear at once still woke the waiter")


asyncio.run(main())
