# Tutorial 4.3 (Semaphore), probed: a counter of tasks inside the semaphore never exceeds 3;
# ten 2-second tasks take 8 s in four rounds.
import asyncio

semaphore = asyncio.Semaphore(3)
inside = 0
peak = 0


async def limited_task(id):
    global inside, peak
    async with semaphore:
        inside += 1
        peak = max(peak, inside)
        await asyncio.sleep(2)
        inside -= 1


async def main():
    await asyncio.gather(*[limited_task(i) for i in range(10)])
    print("最大并发:", peak, "总时间:", asyncio.get_running_loop().time())


asyncio.run(main())
