# Pins: awaiting a bare Future that nothing will resolve deadlocks at once (t=0.000) if no
# timer is pending; a cancelled timer does not count as pending.
import asyncio


async def main():
    loop = asyncio.get_running_loop()
    fut = loop.create_future()
    h = loop.call_later(5, fut.set_result, "never")
    h.cancel()
    print("waiting on a future nobody will set")
    await fut


asyncio.run(main())
