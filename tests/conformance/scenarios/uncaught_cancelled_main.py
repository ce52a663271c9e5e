# Pins: a main task that gets cancelled makes asyncio.run raise CancelledError: status
# exception:CancelledError at the time of the cancellation.
import asyncio


async def main():
    loop = asyncio.get_running_loop()
    loop.call_later(2, asyncio.current_task().cancel)
    print("main waits")
    await asyncio.sleep(10)


asyncio.run(main())
