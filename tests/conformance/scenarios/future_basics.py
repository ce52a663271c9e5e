# Pins: a Future's states and errors: result() on a pending future raises InvalidStateError
# ("Result is not set."); set_result twice raises InvalidStateError; exception() returns the
# set exception and result() raises it; set_exception(SomeClass) instantiates it; cancel()
# returns True once then False; a done future cannot be cancelled.
import asyncio


async def main():
    loop = asyncio.get_running_loop()
    f = loop.create_future()
    print("done:", f.done(), "cancelled:", f.cancelled())
    try:
        f.result()
    except asyncio.InvalidStateError as e:
        print(type(e).__name__, e)
    f.set_result("值")
    print("result:", f.result(), "exception:", f.exception(), "done:", f.done())
    try:
        f.set_result("again")
    except asyncio.InvalidStateError as e:
        print(type(e).__name__, e)
    print("cancel a done future:", f.cancel())
    g = loop.create_future()
    g.set_exception(KeyError)
    print("exception:", type(g.exception()).__name__)
    try:
        g.result()
    except KeyError as e:
        print("result() raised", type(e).__name__)
    try:
        loop.create_future().set_exception(StopIteration("no"))
    except TypeError as e:
        print(type(e).__name__, e)
    h = loop.create_future()
    print("cancel:", h.cancel(), "again:", h.cancel(), "cancelled:", h.cancelled())
    try:
        h.exception()
    except asyncio.CancelledError as e:
        print("exception() of a cancelled future raises", type(e).__name__)


asyncio.run(main())
