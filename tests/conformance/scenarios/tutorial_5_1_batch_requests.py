# Tutorial 5.1 (batch requests), probed with routes: the URLs answer after 0.3, 1.2 and
# 0.5 s and one of them with 503; gather(return_exceptions=True) keeps URL order and returns
# the ClientResponseError in place of the failed body; the batch takes as long as the
# slowest request (1.200).
import asyncio
import aiohttp
import loopscope.network

loopscope.network.route("https://api.example.com/data1", delay=0.3, json={"id": 1, "值": "一"})
loopscope.network.route("https://api.example.com/data2", delay=1.2, status=503)
loopscope.network.route("https://api.example.com/data3", delay=0.5, json={"id": 3, "值": "三"})


async def fetch_url(session, url):
    async with session.get(url) as response:
        print("响应", response.status, url)
        response.raise_for_status()
        return await response.json()


async def main():
    urls = [
        "https://api.example.com/data1",
        "https://api.example.com/data2",
        "https://api.example.com/data3",
    ]

    async with aiohttp.ClientSession() as session:
        tasks = [fetch_url(session, url) for url in urls]
        results = await asyncio.gather(*tasks, return_exceptions=True)
        for url, r in zip(urls, results):
            print(url, "->", f"{type(r).__name__}: {r.status}" if isinstance(r, Exception) else r)


asyncio.run(main())
