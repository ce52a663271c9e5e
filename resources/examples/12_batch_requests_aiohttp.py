# Tutorial 5.1 batch requests with aiohttp (loopscope's simulated aiohttp, no network).
# The three requests are made concurrently by gather; each takes the simulated default latency
# of 0.1 s, so all three answer at 0.100 and the list of the three JSON bodies (by default
# {"url": url}) is printed at 0.100, in the order of the URLs.
import asyncio
import aiohttp  # 需要安装: pip install aiohttp

async def fetch_url(session, url):
    async with session.get(url) as response:
        return await response.json()

async def main():
    urls = [
        "https://api.example.com/data1",
        "https://api.example.com/data2",
        "https://api.example.com/data3",
    ]

    async with aiohttp.ClientSession() as session:
        tasks = [fetch_url(session, url) for url in urls]
        results = await asyncio.gather(*tasks)
        print(results)

asyncio.run(main())
