# 08_lock.py: the ten increments hold the lock one at a time, 0.1 s each.
import runpy
import time
from pathlib import Path

from loopscope import trace

runpy.run_path(str(Path(__file__).resolve().parents[1] / "examples" / "08_lock.py"))

assert trace.max_concurrency("lock") == 1
assert abs(trace.held("lock") - 1.0) < 1e-9
incrementers = [t.name for t in trace.tasks() if t.coroutine == "increment"]
assert len(incrementers) == 10
assert [e.task for e in trace.events("acquire", resource="lock")] == incrementers  # FIFO
assert all(abs(trace.held("lock", by=name) - 0.1) < 1e-9 for name in incrementers)
