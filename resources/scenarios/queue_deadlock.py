# 11_queue.py: the consumer waits for an item nobody will put: a deadlock at t=5.
# expect: deadlock
import runpy
import time
from pathlib import Path

from loopscope import trace

runpy.run_path(str(Path(__file__).resolve().parents[1] / "examples" / "11_queue.py"))
