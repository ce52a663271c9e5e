# Pins: the pre-asyncio.run style: new_event_loop + run_until_complete + close works, the
# loop's clock continues the script's timeline across two run_until_complete calls and a
# second loop; run_until_complete returns the value; tasks left pending stay pending (no
# automatic cancellation, unlike asyncio.run).
import asyncio


async def work(name, delay):
    await asyncio.sleep(delay)
    print(name, "done")
    return name


loop = asyncio.new_event_loop()
print(loop.run_until_complete(work("first", 1)))
left = loop.create_task(work("left pending", 5))
print(loop.run_until_complete(work("second", 2)))
print("left pending done?", left.done(), "time", loop.time())
loop.close()
loop2 = asyncio.new_event_loop()
print(loop2.run_until_complete(work("third", 0.5)), loop2.time())
loop2.close()
