# Pins: Future.cancel(msg): the CancelledError raised by result() and by await carries msg
# (str(e) and e.args); without a message, args is () and str is ''.
import asyncio


async def main():
    loop = asyncio.get_running_loop()
    f = loop.create_future()
    f.cancel("不要了")
    try:
        f.result()
    except asyncio.CancelledError as e:
        print("result():", repr(str(e)), e.args)
    try:
        await f
    except asyncio.CancelledError as e:
        print("await:", repr(str(e)), e.args)
    g = loop.create_future()
    loop.call_later(1, g.cancel)
    try:
        await g
    except asyncio.CancelledError as e:
        print("no message:", repr(str(e)), e.args)


asyncio.run(main())
