# Tutorial 4.4 (Queue), fixed: the tutorial's version deadlocks (its consumer loops forever).
# Here main waits for the producer, then queue.join() (every item task_done), then cancels
# the consumer: the run ends ok at 5.000 with the consumer's cancellation printed.
import asyncio


async def producer(queue):
    for i in range(5):
        await asyncio.sleep(1)
        await queue.put(f"数据 {i}")
        print(f"生产: 数据 {i}")


async def consumer(queue):
    try:
        while True:
            item = await queue.get()
            print(f"消费: {item}")
            queue.task_done()
    except asyncio.CancelledError:
        print("消费者已取消")
        raise


async def main():
    queue = asyncio.Queue()
    consumer_task = asyncio.create_task(consumer(queue))
    await producer(queue)
    await queue.join()
    consumer_task.cancel()
    await asyncio.gather(consumer_task, return_exceptions=True)
    print("全部处理完毕")


asyncio.run(main())
