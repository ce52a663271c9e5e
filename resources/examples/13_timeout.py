# Tutorial 5.2 timeouts with wait_for(): give up after 3 s.
# slow_task would take 10 s; at 3.000 wait_for cancels it and raises asyncio.TimeoutError,
# so "任务超时!" is printed at 3.000 and the run ends at 3.000 (the cancelled sleep does not
# keep the loop busy until 10 s).
import asyncio

async def slow_task():
    await asyncio.sleep(10)
    return "完成"

async def main():
    try:
        # 设置超时时间
        result = await asyncio.wait_for(slow_task(), timeout=3)
        print(result)
    except asyncio.TimeoutError:
        print("任务超时!")

asyncio.run(main())
