# 09_event.py: the waiter waits on the event from 0 until the setter sets it at 2.
import runpy
import time
from pathlib import Path

from loopscope import trace

runpy.run_path(str(Path(__file__).resolve().parents[1] / "examples" / "09_event.py"))

(waiter,) = [t for t in trace.tasks() if t.coroutine == "waiter"]
(setter,) = [t for t in trace.tasks() if t.coroutine == "setter"]
waits = [s for s in waiter.segments if s.wait == "event"]
assert [(s.on, s.start, s.end) for s in waits] == [("event", 0.0, 2.0)]
assert [(e.time, e.task) for e in trace.events("set", resource="event")] == [(2.0, setter.name)]
