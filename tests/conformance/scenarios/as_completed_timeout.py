# Pins: as_completed(timeout=2.5): results arriving before 2.500 are yielded; at 2.500 every
# remaining awaitable raises TimeoutError (the first one raised ends the loop here); the
# unfinished tasks are not cancelled and finish later on their own.
import asyncio


async def job(name, delay):
    await asyncio.sleep(delay)
    print(name, "finished")
    return name


async def main():
    tasks = [asyncio.create_task(job(n, d)) for n, d in (("a", 1), ("b", 4), ("c", 2), ("d", 3))]
    try:
        for aw in asyncio.as_completed(tasks, timeout=2.5):
            print("got", await aw)
    except TimeoutError:
        print("TimeoutError; still pending:", sum(not t.done() for t in tasks))
    await asyncio.gather(*tasks)
    print("all finished")


asyncio.run(main())
