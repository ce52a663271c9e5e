# Pins: asyncio.run rejects a non-coroutine with ValueError; asyncio.run from inside a running
# loop raises RuntimeError("asyncio.run() cannot be called from a running event loop") and the
# loop goes on. Only exception types and messages without reprs are printed.
import asyncio


async def inner():
    return "inner"


async def main():
    coro = inner()
    try:
        asyncio.run(coro)
    except RuntimeError as e:
        print("nested run:", type(e).__name__, e)
    print("still running:", await coro)


try:
    asyncio.run(inner)
except ValueError as e:
    print("not a coroutine:", type(e).__name__)
asyncio.run(main())
