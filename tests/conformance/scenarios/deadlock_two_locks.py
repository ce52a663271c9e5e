# Pins: two tasks taking two locks in opposite order deadlock: each holds one lock and waits
# for the other at 0.100; with no timer left the run ends there with status=deadlock.
import asyncio


async def worker(name, first, second):
    async with first:
        print(name, "holds its first lock")
        await asyncio.sleep(0.1)
        print(name, "wants its second lock")
        async with second:
            print(name, "holds both (never printed)")


async def main():
    a, b = asyncio.Lock(), asyncio.Lock()
    await asyncio.gather(worker("甲", a, b), worker("乙", b, a))


asyncio.run(main())
