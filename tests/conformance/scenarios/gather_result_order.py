# Pins: gather returns results in argument order, not completion order; it accepts tasks and
# coroutines mixed; the same task passed twice appears twice in the results.
import asyncio


async def fetch(name, delay):
    await asyncio.sleep(delay)
    print("finished", name)
    return name.upper()


async def main():
    t = asyncio.create_task(fetch("task", 2))
    results = await asyncio.gather(fetch("slow", 3), t, fetch("fast", 1), t)
    print(results)


asyncio.run(main())
