# 14_periodic_task.py: six ticks (0 .. 25 s), then main cancels the task at t=30.
import runpy
import time
from pathlib import Path

from loopscope import trace

runpy.run_path(str(Path(__file__).resolve().parents[1] / "examples" / "14_periodic_task.py"))

(periodic,) = [t for t in trace.tasks() if t.coroutine == "periodic_task"]
assert periodic.outcome == "cancelled" and periodic.finished == 30.0
assert [e.actor for e in trace.events("cancel", task=periodic.name)] == ["Task-1"]
