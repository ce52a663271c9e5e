# Pins: async generators and async comprehensions step on the same loop: each item's await
# suspends the consumer; an async generator closed explicitly with aclose() runs its finally
# at that moment.
import asyncio


async def ticks(n, delay):
    try:
        for i in range(n):
            await asyncio.sleep(delay)
            yield i
    finally:
        print("generator finally at", asyncio.get_running_loop().time())


async def main():
    async for i in ticks(3, 0.5):
        print("tick", i)
    squares = [i * i async for i in ticks(4, 0.25)]
    print("squares", squares)
    gen = ticks(10, 1)
    print("first", await gen.__anext__())
    await gen.aclose()
    print("closed")


asyncio.run(main())
