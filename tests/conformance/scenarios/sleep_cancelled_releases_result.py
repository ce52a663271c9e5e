# Pins: a cancelled sleep lets go of its result at once (asyncio.sleep's `finally: h.cancel()`
# drops the timer callback's arguments, and the sleep's frame goes), not when its deadline
# would have come; another timer keeps the cancelled one from being the loop's next. (When
# exactly within t=1 is CPython's traceback business: the time is what is pinned.)
import asyncio

released = []


class Result:
    def __del__(self):
        released.append(asyncio.get_running_loop().time())


async def main():
    background = asyncio.create_task(asyncio.sleep(90))
    sleeper = asyncio.create_task(asyncio.sleep(100, Result()))
    await asyncio.sleep(1)
    sleeper.cancel()
    try:
        await sleeper
    except asyncio.CancelledError:
        print("sleeper cancelled at", asyncio.get_running_loop().time())
    await asyncio.sleep(1)
    print("result released at", released)
    background.cancel()
    print("# end")


asyncio.run(main())
