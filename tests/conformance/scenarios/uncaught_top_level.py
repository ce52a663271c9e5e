# Pins: an exception raised by plain top-level code after an asyncio.run ends the script
# with status exception:ZeroDivisionError, at the clock where the loop stopped.
import asyncio


async def main():
    await asyncio.sleep(0.75)
    return 0


d = asyncio.run(main())
print("dividing by", d)
print(1 / d)
