# Pins: nested timeouts. The inner (1 s) expires first: only the inner raises TimeoutError and
# the outer goes on. When the outer expires first, the inner context lets CancelledError
# through and the outer raises TimeoutError. With equal deadlines both cancel the task
# (cancelling() goes to 2); in 3.11.2 the inner exits with uncancel() == 1 (printed as
# cancelling = 1) and so does not claim the cancellation, and the outer raises TimeoutError.
import asyncio


async def main():
    loop = asyncio.get_running_loop()
    async with asyncio.timeout(5):
        try:
            async with asyncio.timeout(1):
                await asyncio.sleep(3)
        except TimeoutError:
            print("inner timed out at", loop.time())
        await asyncio.sleep(1)
        print("outer body went on to", loop.time())
    try:
        async with asyncio.timeout(1) as outer:
            try:
                async with asyncio.timeout(3) as inner:
                    await asyncio.sleep(5)
            except TimeoutError:
                print("inner caught TimeoutError (unexpected)")
    except TimeoutError:
        print("outer timed out at", loop.time(), outer.expired(), inner.expired())
    try:
        async with asyncio.timeout(2) as outer:
            try:
                async with asyncio.timeout(2) as inner:
                    await asyncio.sleep(5)
            except TimeoutError:
                print("inner claimed the timeout")
            except asyncio.CancelledError:
                print("inner let CancelledError through; cancelling =",
                      asyncio.current_task().cancelling())
                raise
    except TimeoutError:
        print("outer claimed the timeout at", loop.time(), outer.expired(), inner.expired())
    print("cancelling at the end:", asyncio.current_task().cancelling())


asyncio.run(main())
