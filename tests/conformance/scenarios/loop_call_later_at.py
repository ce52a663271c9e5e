# Pins: call_later/call_at timers fire by deadline, equal deadlines in the order they were
# set; TimerHandle.when() is the absolute deadline; a cancelled timer does not fire; a timer
# due now (call_later(0)) runs in the next iteration after every callback already ready then,
# even one scheduled with call_soon after the timer was set (due timers join the end of the
# ready queue when the iteration starts).
import asyncio


def cb(name):
    print("fired", name, "at", asyncio.get_running_loop().time())


async def main():
    loop = asyncio.get_running_loop()
    h1 = loop.call_later(2, cb, "later-2")
    loop.call_at(1, cb, "at-1")
    loop.call_later(1, cb, "later-1 (set after at-1)")
    h2 = loop.call_later(1.5, cb, "cancelled")
    h2.cancel()
    loop.call_soon(cb, "soon")
    loop.call_later(0, cb, "later-0")
    loop.call_soon(cb, "soon, scheduled after later-0")
    print("h1.when() =", h1.when(), "cancelled:", h2.cancelled())
    await asyncio.sleep(3)
    print("done")


asyncio.run(main())
