# Pins: awaitables driven by hand with send() and throw(), as a framework or a test does: the
# end of each is StopIteration carrying the result, None included (send() or throw() ending
# without a value once made loopscope raise SystemError "returned NULL without setting an
# exception"). sleep(0) yields once; wait_for yields its waiter, and a CancelledError thrown in
# after the awaited future is done returns that future's result.
import asyncio


def finish(label, step):
    try:
        yielded = step()
        print(label, "yielded", type(yielded).__name__)
    except StopIteration as e:
        print(label, "StopIteration", repr(e.value))
    except BaseException as e:
        print(label, "raised", type(e).__name__)


async def main():
    loop = asyncio.get_running_loop()
    s = asyncio.sleep(0)
    finish("sleep(0) send", lambda: s.send(None))
    finish("sleep(0) send", lambda: s.send(None))
    s = asyncio.sleep(0, "r")
    finish("sleep(0, 'r') send", lambda: s.send(None))
    finish("sleep(0, 'r') send", lambda: s.send(None))

    for value in (None, 7):
        fut = loop.create_future()
        w = asyncio.wait_for(fut, 1)
        finish(f"wait_for({value}) send", lambda: w.send(None))
        fut.set_result(value)
        finish(f"wait_for({value}) throw", lambda: w.throw(asyncio.CancelledError()))

    fut = loop.create_future()
    w = asyncio.wait_for(fut, 1)
    finish("wait_for pending send", lambda: w.send(None))
    finish("wait_for pending throw", lambda: w.throw(ValueError("boom")))
    await asyncio.sleep(0)
    print("fut cancelled", fut.cancelled())


asyncio.run(main())
