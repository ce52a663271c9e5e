# Pins: an exception in a task nobody awaits does not stop the script: status stays ok (the
# "Task exception was never retrieved" report goes to stderr, not stdout); main goes on.
import asyncio


async def doomed():
    await asyncio.sleep(1)
    raise KeyError("nobody awaits me")


async def main():
    t = asyncio.create_task(doomed())
    await asyncio.sleep(2)
    print("task done:", t.done(), "main still fine")


asyncio.run(main())
