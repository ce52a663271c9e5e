# Pins: awaiting an Event nobody sets is a deadlock once the other timers are done: a
# background ticker keeps the run alive until 3.000 (its last sleep ends then), then nothing
# is left.
import asyncio


async def ticker():
    for i in range(3):
        print("tick", i)
        await asyncio.sleep(1)


async def main():
    asyncio.create_task(ticker())
    await asyncio.Event().wait()


asyncio.run(main())
