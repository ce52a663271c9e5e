# Tutorial 1.1 async/await: the smallest asyncio program.
# asyncio.run(hello()) starts the coroutine as the main task. Watch the timeline: "Hello" at
# 0.000, then the task waits in asyncio.sleep(1) (the loop is idle, the clock jumps) and
# "World" comes at 1.000; the run ends at t=1.000.
import asyncio

# 用async def定义协程函数
async def hello():
    print("Hello")
    await asyncio.sleep(1)  # 等待时可以切换到其他任务
    print("World")

# 运行协程
asyncio.run(hello())
