# Pins: BoundedSemaphore raises ValueError("BoundedSemaphore released too many times") when
# released above its initial value.
import asyncio


async def main():
    sem = asyncio.BoundedSemaphore(2)
    async with sem:
        print("inside, locked:", sem.locked())
    try:
        sem.release()
    except ValueError as e:
        print(type(e).__name__, e)


asyncio.run(main())
