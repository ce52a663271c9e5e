# 05_gather_return_exceptions.py: risky_task's ValueError becomes a result; the run is ok.
import runpy
import time
from pathlib import Path

from loopscope import trace

runpy.run_path(str(Path(__file__).resolve().parents[1] / "examples" / "05_gather_return_exceptions.py"))

(risky,) = [t for t in trace.tasks() if t.coroutine == "risky_task"]
(safe,) = [t for t in trace.tasks() if t.coroutine == "safe_task"]
assert risky.outcome == "exception" and risky.error == "ValueError: 出错了"
assert safe.outcome == "result" and safe.result == "'成功'"
assert risky.finished == safe.finished == 1.0
