# Pins: asyncio.to_thread(f, *args, **kwargs) runs f as a simulated worker too: several
# to_thread calls overlap (unlimited workers), each finishing after its own time.sleep; a
# worker's exception is raised at the await when the worker would have finished.
import asyncio
import time


def download(name, seconds, fail=False):
    time.sleep(seconds)
    if fail:
        raise ConnectionError(f"{name} failed")
    return f"{name}: {seconds}s"


async def main():
    loop = asyncio.get_running_loop()
    results = await asyncio.gather(
        asyncio.to_thread(download, "a", 3),
        asyncio.to_thread(download, "b", 1),
        asyncio.to_thread(download, name="c", seconds=2),
    )
    print(results, "at", loop.time())
    try:
        await asyncio.to_thread(download, "d", 1.5, fail=True)
    except ConnectionError as e:
        print("caught", type(e).__name__, e, "at", loop.time())


asyncio.run(main())
