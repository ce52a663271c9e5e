# Pins: shield(task): cancelling the task that awaits the shield raises CancelledError in it,
# but the shielded task keeps running and finishes (its result is still there); cancelling
# the inner task itself makes the shield's awaiter see CancelledError.
import asyncio


async def important(name, delay):
    await asyncio.sleep(delay)
    print(name, "finished")
    return f"{name} result"


async def guard(task):
    try:
        return await asyncio.shield(task)
    except asyncio.CancelledError:
        print("guard cancelled; inner done?", task.done())
        raise


async def main():
    inner = asyncio.create_task(important("inner", 3))
    g = asyncio.create_task(guard(inner))
    await asyncio.sleep(1)
    g.cancel()
    try:
        await g
    except asyncio.CancelledError:
        print("guard task cancelled:", g.cancelled())
    print(await inner)
    inner2 = asyncio.create_task(important("inner2", 5))
    g2 = asyncio.create_task(guard(inner2))
    await asyncio.sleep(1)
    inner2.cancel()
    try:
        await g2
    except asyncio.CancelledError:
        print("inner2 cancelled:", inner2.cancelled(), "guard cancelled:", g2.cancelled())


asyncio.run(main())
