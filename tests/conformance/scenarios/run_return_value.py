# Pins: asyncio.run returns the main coroutine's value; code after it runs on the same
# timeline (prints at top level carry the clock where the loop stopped, 1.500); the main task
# is named Task-1.
import asyncio


async def main():
    print("main:", asyncio.current_task().get_name())
    await asyncio.sleep(1.5)
    return {"答案": 42}


value = asyncio.run(main())
print("asyncio.run 返回:", value)
