# Tutorial 3.1 wait() with return_when=FIRST_COMPLETED: return as soon as one task is done.
# url2 (1 s) is done first: at 1.000 wait returns 1 done and 2 pending. The pending tasks are
# not cancelled and main does not wait for them: when main returns, asyncio.run cancels them,
# so the run ends at 1.000, not 3.000. (FIRST_EXCEPTION returns at the first exception,
# ALL_COMPLETED, the default, when all are done.)
import asyncio

async def fetch(url, delay):
    await asyncio.sleep(delay)
    return f"{url} 完成"

async def main():
    tasks = [
        asyncio.create_task(fetch("url1", 2)),
        asyncio.create_task(fetch("url2", 1)),
        asyncio.create_task(fetch("url3", 3)),
    ]

    # FIRST_COMPLETED:有一个完成就返回
    done, pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
    print(f"已完成: {len(done)}, 未完成: {len(pending)}")

    for task in done:
        print(f"结果: {task.result()}")

asyncio.run(main())
