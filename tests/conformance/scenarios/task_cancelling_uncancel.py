# Pins: Task.cancelling() counts the cancel() requests not yet matched by uncancel(); each
# cancel() call counts, even a second one before the task ran; uncancel() returns the new
# count; a cancelled task's cancelling() stays as it was.
import asyncio


async def stubborn():
    me = asyncio.current_task()
    for _ in range(2):
        try:
            await asyncio.sleep(10)
        except asyncio.CancelledError:
            print("caught; cancelling =", me.cancelling())
            print("uncancel ->", me.uncancel())
    await asyncio.sleep(10)


async def main():
    t = asyncio.create_task(stubborn())
    await asyncio.sleep(1)
    print("cancel ->", t.cancel(), "cancelling =", t.cancelling())
    print("cancel again ->", t.cancel(), "cancelling =", t.cancelling())
    await asyncio.sleep(1)
    t.cancel()
    await asyncio.sleep(1)
    t.cancel("final")
    try:
        await t
    except asyncio.CancelledError as e:
        print("finally cancelled:", t.cancelled(), e.args, "cancelling =", t.cancelling())


asyncio.run(main())
