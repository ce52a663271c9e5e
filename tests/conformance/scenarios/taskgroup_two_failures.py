# Pins: two children failing in the same instant are both in the ExceptionGroup, in the order
# they failed (their timers' order); str(eg) counts them. In the second group the 1-second
# failure cancels the 2-second child, so the uncaught group holds one OSError and ends the
# script at 1.000 with status exception:ExceptionGroup.
import asyncio


async def fail(exc, delay):
    await asyncio.sleep(delay)
    raise exc


async def main():
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(fail(KeyError("b"), 1))
            tg.create_task(fail(ValueError("a"), 1))
    except ExceptionGroup as eg:
        print(str(eg))
        print([type(e).__name__ for e in eg.exceptions])
        print(eg.exceptions[0].args, eg.exceptions[1].args)
    async with asyncio.TaskGroup() as tg:
        tg.create_task(fail(OSError("磁盘错误"), 1))
        tg.create_task(fail(ZeroDivisionError("除零"), 2))


asyncio.run(main())
