# Tutorial 4.4 Queue: a producer and a consumer.
# Each second the producer puts an item and the consumer takes it in the same instant
# ("生产" is printed before "消费": put() on an unbounded queue does not suspend, the consumer
# only runs at the next step). Watch the end: after the 5th item (t=5.000) the producer is
# done, but the consumer's `while True` waits for an item nobody will put, and gather waits
# for the consumer. Nothing is ready and no timer is left: the run ends with status=deadlock
# at t=5.000 (return_exceptions=True does not help; the usual fix is queue.join() and then
# cancelling the consumer).
import asyncio

async def producer(queue):
    for i in range(5):
        await asyncio.sleep(1)
        await queue.put(f"数据 {i}")
        print(f"生产: 数据 {i}")

async def consumer(queue):
    while True:
        item = await queue.get()
        print(f"消费: {item}")
        queue.task_done()

async def main():
    queue = asyncio.Queue()

    # 启动生产者和消费者
    await asyncio.gather(
        producer(queue),
        consumer(queue),
        return_exceptions=True
    )

asyncio.run(main())
