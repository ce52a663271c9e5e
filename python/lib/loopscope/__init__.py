"""loopscope's simulation helpers for scripts run on a virtual clock.

- loopscope.network: what the simulated aiohttp's URLs answer and how long they take;
- loopscope._executor: the simulated executor workers behind loop.run_in_executor and
  asyncio.to_thread (internal: used by the runners' time.sleep and run_in_executor).

They use only public asyncio API, so a script behaves the same under `loopscope run` and
under CPython's own asyncio in tests/conformance/reference_run.py.
"""
from . import network

__all__ = ["network"]
