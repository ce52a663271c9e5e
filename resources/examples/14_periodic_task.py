# Tutorial 5.3 a periodic task, cancelled after 30 s.
# "执行定时任务..." at 0, 5, 10, 15, 20 and 25 s: six times, not seven. At 30.000 main's
# 30-second timer and the task's 6th 5-second timer are due together; main's was set first
# (at 0.000), so main runs first and cancels the task before it resumes: its sleep raises
# CancelledError instead of returning, and "任务已取消" is printed at 30.000.
import asyncio

async def periodic_task():
    while True:
        print("执行定时任务...")
        await asyncio.sleep(5)  # 每5秒执行一次

async def main():
    task = asyncio.create_task(periodic_task())

    # 运行30秒后取消
    await asyncio.sleep(30)
    task.cancel()

    try:
        await task
    except asyncio.CancelledError:
        print("任务已取消")

asyncio.run(main())
