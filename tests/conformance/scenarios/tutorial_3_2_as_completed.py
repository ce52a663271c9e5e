# Tutorial 3.2 (as_completed), probed: with timeout=2.5 the tutorial's loop gets url2 (1 s)
# and url3 (2 s), then the third await raises TimeoutError at 2.500; url1 is not cancelled
# and completes at 3.000.
import asyncio


async def fetch(url, delay):
    await asyncio.sleep(delay)
    return f"{url} 完成"


async def main():
    tasks = [
        asyncio.create_task(fetch("url1", 3)),
        asyncio.create_task(fetch("url2", 1)),
        asyncio.create_task(fetch("url3", 2)),
    ]
    try:
        for task in asyncio.as_completed(tasks, timeout=2.5):
            result = await task
            print(result)
    except asyncio.TimeoutError:
        print("超时; url1 done?", tasks[0].done())
    print(await tasks[0])


asyncio.run(main())
