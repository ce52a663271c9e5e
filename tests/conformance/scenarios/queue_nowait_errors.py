# Pins: get_nowait on an empty queue raises QueueEmpty, put_nowait on a full one raises
# QueueFull (both with empty messages); get_nowait wakes a blocked putter.
import asyncio


async def main():
    q = asyncio.Queue(maxsize=1)
    try:
        q.get_nowait()
    except asyncio.QueueEmpty as e:
        print(type(e).__name__, repr(str(e)))
    q.put_nowait("a")
    try:
        q.put_nowait("b")
    except asyncio.QueueFull as e:
        print(type(e).__name__, repr(str(e)))
    blocked = asyncio.create_task(q.put("c"))
    await asyncio.sleep(1)
    print("putter done?", blocked.done())
    print("get_nowait ->", q.get_nowait())
    await asyncio.sleep(0)
    print("putter done?", blocked.done(), "qsize", q.qsize(), "->", q.get_nowait())


asyncio.run(main())
