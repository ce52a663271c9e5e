# Pins: when a child of gather is cancelled (not the gather), gather without
# return_exceptions raises CancelledError to its awaiter at once; the other children go on.
import asyncio


async def child(name, delay):
    await asyncio.sleep(delay)
    print(name, "finished")
    return name


async def main():
    a = asyncio.create_task(child("a", 1))
    b = asyncio.create_task(child("b", 3))
    asyncio.get_running_loop().call_later(2, b.cancel)
    other = asyncio.create_task(child("other", 4))
    try:
        await asyncio.gather(a, b, other)
    except asyncio.CancelledError:
        print("gather raised CancelledError")
    print("main cancelled?", asyncio.current_task().cancelled())
    print(await other)


asyncio.run(main())
