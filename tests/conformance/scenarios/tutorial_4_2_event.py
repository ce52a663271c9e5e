# Tutorial 4.2 (Event), probed: three waiters all wake at 2.000 in the order they waited; a
# waiter that gives up with wait_for(event.wait(), 1) times out at 1.000.
import asyncio

event = asyncio.Event()


async def waiter(name):
    print(f"{name} 等待事件...")
    await event.wait()
    print(f"{name} 事件触发了!")


async def impatient():
    try:
        await asyncio.wait_for(event.wait(), timeout=1)
    except asyncio.TimeoutError:
        print("impatient 不等了")


async def setter():
    await asyncio.sleep(2)
    print("设置事件")
    event.set()


async def main():
    await asyncio.gather(waiter("A"), waiter("B"), impatient(), waiter("C"), setter())


asyncio.run(main())
