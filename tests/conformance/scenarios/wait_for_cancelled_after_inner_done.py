# Pins: a task cancelled while in wait_for, after what it waits for has finished, gets that
# result from wait_for (CPython 3.11: `if fut.done(): return fut.result()` on CancelledError)
# and goes on with one cancel request pending (cancelling() == 1). The inner coroutine here
# cancels its own outer task and then returns, with a value or with None (a None result once
# made loopscope's wait_for raise SystemError); also with a plain future set before the
# cancel, with a sleep ending at the moment of the cancel, and with shield. wait_for with
# timeout=None awaits in place: the cancel reaches the task's next await instead.
import asyncio


async def cancel_outer_and_return(outer, value):
    outer.cancel()
    return value


async def cancel_outer_yield_and_return(outer, value):
    await asyncio.sleep(0)
    outer.cancel()
    return value


async def run_case(label, make, timeout):
    me = asyncio.current_task()
    try:
        r = await asyncio.wait_for(make(me), timeout=timeout)
        print(label, "got", r, "cancelling", me.cancelling())
        await asyncio.sleep(0)
        print(label, "went on")
    except asyncio.CancelledError:
        print(label, "cancelled, cancelling", me.cancelling())
        raise


async def case(label, make, timeout=1):
    task = asyncio.create_task(run_case(label, make, timeout))
    try:
        await task
    except asyncio.CancelledError:
        print(label, "task cancelled:", task.cancelled())


async def main():
    loop = asyncio.get_running_loop()
    await case("value", lambda me: cancel_outer_and_return(me, 5))
    await case("none", lambda me: cancel_outer_and_return(me, None))
    await case("none after a yield", lambda me: cancel_outer_yield_and_return(me, None))
    await case("none, timeout=None", lambda me: cancel_outer_and_return(me, None), None)
    await case("none in a task", lambda me: asyncio.ensure_future(
        cancel_outer_and_return(me, None)))
    await case("none, shielded", lambda me: asyncio.shield(cancel_outer_and_return(me, None)))

    fut = loop.create_future()
    waiting = asyncio.create_task(run_case("future set to None", lambda me: fut, 1))
    await asyncio.sleep(0)
    fut.set_result(None)
    waiting.cancel()
    await waiting

    sleeper = asyncio.create_task(run_case("sleep ending now", lambda me: asyncio.sleep(0.5), 1))
    await asyncio.sleep(0.5)
    sleeper.cancel()
    await sleeper


asyncio.run(main())
