# Pins: an exception escaping the main coroutine ends the script with status
# exception:ValueError at the time it was raised (1.000); lines printed before it stay; the
# code after asyncio.run does not run.
import asyncio


async def main():
    print("before")
    await asyncio.sleep(1)
    raise ValueError("主协程失败")


asyncio.run(main())
print("after (never printed)")
