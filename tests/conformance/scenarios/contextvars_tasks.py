# Pins: a task runs in a copy of the context current when it was created: changes made by
# the task stay inside it, later changes in main do not reach it.
import asyncio
import contextvars

request_id = contextvars.ContextVar("request_id", default="none")


async def handler(expected):
    await asyncio.sleep(0.5)
    print("handler sees", request_id.get(), "expected", expected)
    request_id.set("changed inside")
    return request_id.get()


async def main():
    request_id.set("req-1")
    t = asyncio.create_task(handler("req-1"))
    request_id.set("req-2")
    print("task returned", await t, "| main still sees", request_id.get())


asyncio.run(main())
