# Pins: gather of gathers nests the result lists; an empty gather() returns [] without
# suspending (the other task does not get to run in between).
import asyncio


async def val(v, delay):
    await asyncio.sleep(delay)
    return v


async def other():
    print("other task ran")


async def main():
    asyncio.create_task(other())
    empty = await asyncio.gather()
    print("empty gather:", empty)
    await asyncio.sleep(0)
    nested = await asyncio.gather(
        asyncio.gather(val(1, 2), val(2, 1)),
        asyncio.gather(val("x", 0.5)),
        val("solo", 1.5),
    )
    print("nested:", nested)


asyncio.run(main())
