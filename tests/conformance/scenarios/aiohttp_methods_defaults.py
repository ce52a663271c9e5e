# Pins: post/put/delete/patch cost the same delay and answer per route (request bodies are
# ignored); params are appended to the URL as a query string; set_default changes every
# unrouted URL's delay; reset() forgets routes and restores 0.1 s.
import asyncio

import aiohttp
from loopscope import network


async def main():
    loop = asyncio.get_running_loop()
    async with aiohttp.ClientSession() as s:
        for method in (s.post, s.put, s.patch, s.delete):
            async with method("https://api.example.com/items", json={"id": 1}) as resp:
                print(resp.method, resp.status, await resp.json(), "at", round(loop.time(), 3))
        resp = await s.get("https://api.example.com/search", params={"q": "异步", "page": 2})
        print(resp.url)
        network.set_default(delay=1)
        network.route("https://api.example.com/fast", delay=0.25)
        await s.get("https://api.example.com/x")
        print("default 1 s ->", loop.time())
        await s.get("https://api.example.com/fast")
        print("route 0.25 s ->", loop.time())
        network.reset()
        await s.get("https://api.example.com/fast")
        print("after reset ->", round(loop.time(), 3))


asyncio.run(main())
