# Tutorial 5.2 (timeouts), probed: wait_for(timeout=3) on a 10-second task times out at
# 3.000 and cancels it (its except block prints at 3.000); a 1-second task under the same
# timeout returns its result at 4.000; asyncio.timeout(3) does the same job with a block.
import asyncio


async def slow_task():
    try:
        await asyncio.sleep(10)
        return "完成"
    except asyncio.CancelledError:
        print("slow_task 被取消")
        raise


async def quick_task():
    await asyncio.sleep(1)
    return "快速完成"


async def main():
    try:
        result = await asyncio.wait_for(slow_task(), timeout=3)
        print(result)
    except asyncio.TimeoutError:
        print("任务超时!")
    print(await asyncio.wait_for(quick_task(), timeout=3))
    try:
        async with asyncio.timeout(3):
            print(await slow_task())
    except TimeoutError:
        print("timeout 块超时!")


asyncio.run(main())
