# Tutorial 2.3 gather() with return_exceptions=True: a failure becomes a result.
# Both tasks end at 1.000; risky_task's ValueError is put in the result list in its place
# instead of being raised, so the list printed at 1.000 reads [ValueError('出错了'), '成功'].
import asyncio

async def risky_task():
    await asyncio.sleep(1)
    raise ValueError("出错了")

async def safe_task():
    await asyncio.sleep(1)
    return "成功"

async def main():
    # return_exceptions=True:异常作为结果返回,不会中断其他任务
    results = await asyncio.gather(
        risky_task(),
        safe_task(),
        return_exceptions=True
    )
    print(results)
    # [ValueError('出错了'), '成功']

asyncio.run(main())
