# Pins: an uncaught asyncio.TimeoutError from wait_for ends the script with status
# exception:TimeoutError (asyncio.TimeoutError is the builtin TimeoutError in 3.11).
import asyncio


async def main():
    await asyncio.wait_for(asyncio.sleep(5), timeout=1.5)


asyncio.run(main())
