# Pins: cancelling the gather future cancels every unfinished child (in argument order) and
# the awaiter gets CancelledError; gather.cancel() returns True; a child that already finished
# keeps its result. Surprise kept from CPython: the gather future ends with
# set_exception(CancelledError) rather than being cancelled, so its cancelled() is False.
import asyncio


async def child(name, delay):
    try:
        await asyncio.sleep(delay)
        print(name, "finished")
        return name
    except asyncio.CancelledError:
        print(name, "cancelled")
        raise


async def main():
    g = asyncio.gather(child("a", 1), child("b", 5), child("c", 6))
    await asyncio.sleep(2)
    print("cancel() ->", g.cancel())
    try:
        await g
    except asyncio.CancelledError:
        print("gather raised CancelledError; cancelled() =", g.cancelled())


asyncio.run(main())
