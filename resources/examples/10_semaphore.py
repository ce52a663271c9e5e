# Tutorial 4.3 Semaphore(3): at most three tasks inside at once.
# Tasks 0-2 start at 0.000; every 2 s three finish and the next three waiting tasks enter,
# in FIFO order: 3-5 at 2.000, 6-8 at 4.000, 9 at 6.000. The run ends at 8.000 (four
# rounds of 2 s), never with more than three tasks between "开始" and "完成".
import asyncio

semaphore = asyncio.Semaphore(3)  # 最多3个并发

async def limited_task(id):
    async with semaphore:
        print(f"任务 {id} 开始")
        await asyncio.sleep(2)
        print(f"任务 {id} 完成")

async def main():
    await asyncio.gather(*[limited_task(i) for i in range(10)])

asyncio.run(main())
# 同时只有3个任务在执行
