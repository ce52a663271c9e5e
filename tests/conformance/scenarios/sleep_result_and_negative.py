# Pins: sleep(delay, result=x) returns x; sleep(0, result=) too, after one yield; a negative
# delay behaves like sleep(0) (no timer, returns at once on the next iteration, the clock
# does not move); sleep(0.25) moves the clock exactly to 0.250.
import asyncio


async def main():
    r1 = await asyncio.sleep(1, result="一秒后")
    print("r1 =", r1)
    r2 = await asyncio.sleep(0, result=[1, 2])
    print("r2 =", r2)
    r3 = await asyncio.sleep(-5, result="negative")
    print("r3 =", r3)
    r4 = await asyncio.sleep(0.25)
    print("r4 =", r4)


asyncio.run(main())
