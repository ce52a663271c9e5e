# Tutorial 1.2 await: awaiting a coroutine runs it inside the awaiting task.
# No new task is created: main is suspended while fetch_data sleeps. "开始获取数据..." at
# 0.000, "数据获取完成" at 2.000, and the returned dict is printed at 2.000 right after it.
import asyncio

async def fetch_data():
    print("开始获取数据...")
    await asyncio.sleep(2)  # 模拟网络请求
    print("数据获取完成")
    return {"name": "大志", "age": 28}

async def main():
    # await会等待fetch_data完成
    result = await fetch_data()
    print(result)

asyncio.run(main())
