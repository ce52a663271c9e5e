# Pins: a script that would run forever stops at the horizon (3600 s by default): the timer
# due exactly at 3600 still fires, the next one (4200) lies beyond the horizon, so the run
# ends with status=horizon and t=3600.000.
import asyncio


async def main():
    n = 0
    while True:
        print("heartbeat", n)
        n += 1
        await asyncio.sleep(600)


asyncio.run(main())
