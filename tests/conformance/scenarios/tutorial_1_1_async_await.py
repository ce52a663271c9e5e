# Tutorial 1.1 (async/await), probed: calling a coroutine function runs nothing and returns a
# coroutine object; two hello() coroutines gathered overlap: both "Hello" at 0.000, both
# "World" at 1.000, total 1 s, not 2 s.
import asyncio


async def hello():
    print("Hello")
    await asyncio.sleep(1)
    print("World")


c = hello()
print("hello() returned a", type(c).__name__, "- nothing printed yet")
c.close()


async def main():
    await asyncio.gather(hello(), hello())


asyncio.run(main())
