# Tutorial 4.2 Event: one task waits until another sets the event.
# "等待事件..." at 0.000; the waiter is blocked on event.wait() until setter calls
# event.set() at 2.000, and "事件触发了!" is printed at 2.000.
import asyncio

event = asyncio.Event()

async def waiter():
    print("等待事件...")
    await event.wait()
    print("事件触发了!")

async def setter():
    await asyncio.sleep(2)
    event.set()  # 触发事件

async def main():
    await asyncio.gather(waiter(), setter())

asyncio.run(main())
