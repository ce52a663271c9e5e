# 15_mistake_forgot_await.py: the first some_coroutine task never gets to finish (asyncio.run
# cancels it); the awaited one returns 42 at t=1.
import runpy
import time
from pathlib import Path

from loopscope import trace

runpy.run_path(str(Path(__file__).resolve().parents[1] / "examples" / "15_mistake_forgot_await.py"))

first, second = [t for t in trace.tasks() if t.coroutine == "some_coroutine"]
assert first.outcome == "cancelled" and first.finished == 0.0
assert second.outcome == "result" and second.result == "42" and second.finished == 1.0
