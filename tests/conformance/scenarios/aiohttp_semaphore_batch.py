# Pins: the common pattern of limiting concurrent requests with a Semaphore: 6 requests of
# 1 s each, at most 2 at a time, finish in pairs at 1, 2 and 3 s; gather keeps URL order.
import asyncio

import aiohttp
import loopscope.network as net

net.set_default(delay=1)
sem = asyncio.Semaphore(2)


async def fetch(session, i):
    async with sem:
        async with session.get(f"https://api.example.com/page/{i}") as resp:
            data = await resp.json()
            print("fetched", i)
            return data["url"].rsplit("/", 1)[1]


async def main():
    async with aiohttp.ClientSession() as session:
        pages = await asyncio.gather(*(fetch(session, i) for i in range(6)))
    print(pages)


asyncio.run(main())
