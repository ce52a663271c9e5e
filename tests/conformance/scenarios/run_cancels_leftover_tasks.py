# Pins: when main returns while another task is still pending, asyncio.run cancels it and
# runs it until it finishes: its CancelledError handler and finally run (at 1.000, the time
# main returned) before asyncio.run returns; the end time is 1.000, not 10.000.
import asyncio


async def background():
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError:
        print("background cancelled by asyncio.run")
        raise
    finally:
        print("background finally")


async def main():
    asyncio.create_task(background())
    await asyncio.sleep(1)
    print("main returns")


asyncio.run(main())
print("after asyncio.run")
