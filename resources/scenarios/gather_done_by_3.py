# 04_gather.py: gather is done at t=3 with the results in argument order, although
# the fetches finish in the order url2, url1, url3.
import runpy
import time
from pathlib import Path

from loopscope import trace

runpy.run_path(str(Path(__file__).resolve().parents[1] / "examples" / "04_gather.py"))

assert time.time() == 3.0
fetches = [t for t in trace.tasks() if t.coroutine == "fetch"]
assert [t.result for t in fetches] == ["'url1 的数据'", "'url2 的数据'", "'url3 的数据'"]
finished = [e.task for e in trace.events("finished") if e.task in {t.name for t in fetches}]
assert finished == [fetches[1].name, fetches[0].name, fetches[2].name]
