# 10_semaphore.py: never more than three tasks inside at once; they enter in FIFO
# order and the run ends at t=8 (four rounds of 2 s).
import runpy
import time
from pathlib import Path

from loopscope import trace

runpy.run_path(str(Path(__file__).resolve().parents[1] / "examples" / "10_semaphore.py"))

assert trace.max_concurrency("semaphore") == 3
assert time.time() == 8.0
limited = [t.name for t in trace.tasks() if t.coroutine == "limited_task"]
assert [e.task for e in trace.events("acquire", resource="semaphore")] == limited
assert trace.held("semaphore") == 8.0
