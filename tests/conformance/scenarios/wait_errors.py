# Pins: wait() argument errors in 3.11: an empty set raises ValueError, coroutines are
# rejected with TypeError ("Passing coroutines is forbidden, use tasks explicitly."), a bad
# return_when raises ValueError.
import asyncio


async def job():
    await asyncio.sleep(1)


async def main():
    try:
        await asyncio.wait([])
    except ValueError as e:
        print(type(e).__name__, e)
    coro = job()
    try:
        await asyncio.wait([coro])
    except TypeError as e:
        print(type(e).__name__, e)
    await coro
    t = asyncio.create_task(job())
    try:
        await asyncio.wait([t], return_when="SOMETIMES")
    except ValueError as e:
        print(type(e).__name__, e)
    await t
    print("constants:", asyncio.FIRST_COMPLETED, asyncio.FIRST_EXCEPTION, asyncio.ALL_COMPLETED)


asyncio.run(main())
