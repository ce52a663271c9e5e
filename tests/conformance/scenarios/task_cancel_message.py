# Pins: Task.cancel(msg): the coroutine sees CancelledError(msg) at its await; the awaiter of
# the cancelled task gets a CancelledError with the same args the first time. A second await
# of the same cancelled task gets a CancelledError without the message (3.11: the task keeps
# the original exception only for the first retrieval).
import asyncio


async def victim():
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError as e:
        print("inside:", repr(str(e)), e.args)
        raise


async def main():
    t = asyncio.create_task(victim())
    await asyncio.sleep(1)
    print("cancel ->", t.cancel("关机"))
    for attempt in (1, 2):
        try:
            await t
        except asyncio.CancelledError as e:
            print(f"await #{attempt}:", repr(str(e)), e.args)
    try:
        t.result()
    except asyncio.CancelledError as e:
        print("result():", repr(str(e)), e.args)
    print("cancelled:", t.cancelled())


asyncio.run(main())
