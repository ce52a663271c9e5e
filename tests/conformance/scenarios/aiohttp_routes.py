# Pins: the simulated aiohttp with routes: each request costs its URL's delay (default 0.1 s)
# when it is awaited; routes set the delay, status, JSON or text body; concurrent requests
# overlap, so the batch takes as long as the slowest (2.000); resp.url and resp.status.
import asyncio

import aiohttp
import loopscope.network as net

net.route("https://api.example.com/slow", delay=2)
net.route("https://api.example.com/user", json={"name": "大志", "age": 28}, delay=0.5)
net.route("https://api.example.com/hello", text="你好", delay=1)


async def fetch(session, url):
    async with session.get(url) as resp:
        body = await resp.text()
        print("got", resp.status, resp.url, body)
        return body


async def main():
    async with aiohttp.ClientSession() as session:
        urls = ["https://api.example.com/slow", "https://api.example.com/user",
                "https://api.example.com/hello", "https://api.example.com/other"]
        bodies = await asyncio.gather(*(fetch(session, u) for u in urls))
        print(len(bodies), "bodies")
        resp = await session.get("https://api.example.com/user")
        data = await resp.json()
        print(data["name"], data["age"], resp.ok)
        resp.release()


asyncio.run(main())
