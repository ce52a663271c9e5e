# 03_create_task.py: the three fetches overlap, so the whole run takes 3 s, not 6.
import runpy
import time
from pathlib import Path

from loopscope import trace

runpy.run_path(str(Path(__file__).resolve().parents[1] / "examples" / "03_create_task.py"))

assert time.time() == 3.0
assert trace.max_concurrency(lambda t: t.coroutine == "fetch") == 3
assert [t.finished for t in trace.tasks() if t.coroutine == "fetch"] == [2.0, 1.0, 3.0]
