# 13_timeout.py: wait_for gives up at t=3 and cancels slow_task; the run ends at 3, not 10.
import runpy
import time
from pathlib import Path

from loopscope import trace

runpy.run_path(str(Path(__file__).resolve().parents[1] / "examples" / "13_timeout.py"))

(slow,) = [t for t in trace.tasks() if t.coroutine == "slow_task"]
assert slow.outcome == "cancelled" and slow.finished == 3.0
assert time.time() == 3.0
