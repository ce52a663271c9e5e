"""loopscope's simulation helpers for scripts run on a virtual clock.

- loopscope.network: what the simulated aiohttp's URLs answer and how long they take;
- loopscope.trace: the run's trace so far (tasks, segments, events, resources), for checks
  in the scenarios `loopscope test` runs (docs/testing.md); only under loopscope itself;
- loopscope._executor: the simulated executor workers behind loop.run_in_executor and
  asyncio.to_thread (internal: used by the runners' time.sleep and run_in_executor).

network and _executor use only public asyncio API, so a script behaves the same under
`loopscope run` and under CPython's own asyncio in tests/conformance/reference_run.py.
"""
from . import network

__all__ = ["network"]


def __getattr__(name):
    """`import loopscope` then `loopscope.trace.task(...)`: trace is imported on first use,
    since it reads loopscope's core and would fail to import under CPython's asyncio."""
    if name == "trace":
        import importlib  # not `from . import trace`: that asks this hook again
        return importlib.import_module(__name__ + ".trace")
    raise AttributeError(f"module 'loopscope' has no attribute {name!r}")
