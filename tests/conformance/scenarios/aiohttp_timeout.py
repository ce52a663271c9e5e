# Pins: a total timeout shorter than the URL's delay raises asyncio.TimeoutError after `total`
# seconds: a session ClientTimeout(total=1) at 1.000; a per-request ClientTimeout(total=1.5),
# 1.5 s after its start, at 3.000. A timeout equal to the delay lets the answer through;
# wait_for around a request cancels it.
import asyncio

import aiohttp
import loopscope.network as net

net.route("https://slow.example.com/", delay=3)
net.route("https://edge.example.com/", delay=0.5)


async def main():
    loop = asyncio.get_running_loop()
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=1)) as session:
        try:
            await session.get("https://slow.example.com/")
        except asyncio.TimeoutError:
            print("session timeout at", loop.time())
        resp = await session.get("https://edge.example.com/", timeout=0.5)
        print("equal to the delay:", resp.status, "at", loop.time())
    async with aiohttp.ClientSession() as session:
        try:
            async with session.get("https://slow.example.com/",
                                   timeout=aiohttp.ClientTimeout(total=1.5)) as resp:
                print("not printed")
        except asyncio.TimeoutError:
            print("request timeout at", loop.time())
        try:
            await asyncio.wait_for(session.get("https://slow.example.com/"), timeout=0.25)
        except asyncio.TimeoutError:
            print("wait_for timeout at", loop.time())


asyncio.run(main())
