# Pins: raise_for_status() raises aiohttp.ClientResponseError (a ClientError) for status
# >= 400, with .status and .message (the reason phrase); status 2xx/3xx passes; a session
# created with raise_for_status=True raises on its own; requests on a closed session raise
# RuntimeError.
import asyncio

import aiohttp
import loopscope.network as net

net.route("https://api.example.com/missing", status=404, text="not here")
net.route("https://api.example.com/broken", status=500, delay=0.3)


async def main():
    async with aiohttp.ClientSession() as session:
        resp = await session.get("https://api.example.com/missing")
        print("status", resp.status, "ok", resp.ok, "body", await resp.text())
        try:
            resp.raise_for_status()
        except aiohttp.ClientResponseError as e:
            print(type(e).__name__, e.status, e.message, isinstance(e, aiohttp.ClientError))
            print(str(e))
        (await session.get("https://api.example.com/fine")).raise_for_status()
        print("200 passes")
    print("closed:", session.closed)
    try:
        await session.get("https://api.example.com/fine")
    except RuntimeError as e:
        print(type(e).__name__, e)
    async with aiohttp.ClientSession(raise_for_status=True) as strict:
        try:
            async with strict.get("https://api.example.com/broken") as resp:
                print("not printed")
        except aiohttp.ClientError as e:
            print("strict session:", type(e).__name__, e.status)


asyncio.run(main())
