# Pins: the common `sys.exit(asyncio.run(main()))` idiom: main returns None, sys.exit(None)
# ends the script normally (status ok, at 0.500); nothing after it runs.
import asyncio
import sys


async def main():
    await asyncio.sleep(0.5)
    print("main done")


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
print("never printed")
