# Tutorial 3.1 (wait), probed: the three return_when modes on the same tasks (url2 fails at
# 1 s): FIRST_COMPLETED returns at 1.000 with the failed task done; FIRST_EXCEPTION returns
# at 1.000 too; ALL_COMPLETED at 3.000. wait never raises the task's exception itself.
import asyncio


async def fetch(url, delay, fail=False):
    await asyncio.sleep(delay)
    if fail:
        raise ConnectionError(f"{url} 失败")
    return f"{url} 完成"


def make():
    return [
        asyncio.create_task(fetch("url1", 2), name="url1"),
        asyncio.create_task(fetch("url2", 1, fail=True), name="url2"),
        asyncio.create_task(fetch("url3", 3), name="url3"),
    ]


async def main():
    loop = asyncio.get_running_loop()
    for mode in (asyncio.FIRST_COMPLETED, asyncio.FIRST_EXCEPTION, asyncio.ALL_COMPLETED):
        start = loop.time()
        tasks = make()
        done, pending = await asyncio.wait(tasks, return_when=mode)
        print(f"{mode}: after {loop.time() - start}s done={sorted(t.get_name() for t in done)} "
              f"pending={sorted(t.get_name() for t in pending)}")
        for t in sorted(done, key=lambda t: t.get_name()):
            e = t.exception()
            print("   ", t.get_name(), f"异常 {e}" if e else t.result())
        for t in pending:
            t.cancel()
        await asyncio.wait(tasks)


asyncio.run(main())
