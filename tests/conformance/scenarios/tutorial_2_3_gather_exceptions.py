# Tutorial 2.3 (gather exceptions), probed: the same two tasks without return_exceptions: the
# ValueError reaches main at 1.000; safe_task finished in the same instant and is not
# cancelled. With return_exceptions=True the exception is returned in place.
import asyncio


async def risky_task():
    await asyncio.sleep(1)
    raise ValueError("出错了")


async def safe_task():
    await asyncio.sleep(1)
    print("safe_task 完成")
    return "成功"


async def main():
    try:
        await asyncio.gather(risky_task(), safe_task())
    except ValueError as e:
        print("捕获:", repr(e))
    results = await asyncio.gather(risky_task(), safe_task(), return_exceptions=True)
    print(results)
    print([type(r).__name__ for r in results])


asyncio.run(main())
