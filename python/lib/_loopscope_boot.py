"""Prepares the embedded interpreter for one script and runs it as __main__.

Virtual time everywhere a script can read or spend it, printed lines captured with their
virtual time, random seeded, and a clear error for what cannot be simulated.
"""
import builtins
import io
import random
import signal
import sys
import threading
import time
import traceback
import types
import warnings

import _loopscope as _core
import asyncio


class WatchdogTimeout(BaseException):
    """Raised into Python code that ran too long (wall clock) without yielding to the loop."""


_core.set_watchdog_class(WatchdogTimeout)


def _watchdog_signal(signum, frame):
    """loopscope's watchdog thread signals SIGUSR2; the exception is raised in the stuck code."""
    raise WatchdogTimeout(_core.watchdog_reason())


class _Output(io.TextIOBase):
    """sys.stdout: every completed line goes to the trace with the current virtual time."""

    encoding = "utf-8"
    errors = "strict"

    def __init__(self):
        super().__init__()
        self._pending = ""

    def writable(self):
        return True

    def write(self, text):
        lines = (self._pending + text).split("\n")
        self._pending = lines.pop()
        for line in lines:
            _core.output(line)
        return len(text)

    def finish(self):
        if self._pending:
            _core.output(self._pending)
            self._pending = ""


def _worker_sleep(seconds):
    try:
        from loopscope import _executor
    except ImportError:
        return False
    return _executor.worker_sleep(seconds)


def _virtual_sleep(seconds):
    """time.sleep: blocks the whole loop for `seconds` of virtual time (or a worker's time)."""
    if seconds < 0:
        raise ValueError("sleep length must be non-negative")
    if _worker_sleep(seconds) or not _core.is_running():
        return
    if seconds > 0:
        frame = sys._getframe(1)
        task = _core.current_task()
        who = task.get_name() if task is not None else "a callback"
        _core.diagnostic("blocked", f"{who} blocked the loop for {seconds:.3f} s with time.sleep "
                                    f"at {frame.f_code.co_filename}:{frame.f_lineno}")
    _core.block(seconds)


def _install_virtual_time():
    time.time = time.monotonic = time.perf_counter = _core.time
    time.time_ns = time.monotonic_ns = time.perf_counter_ns = lambda: int(_core.time() * 1e9)
    time.sleep = _virtual_sleep


def _show_warning(message, category, filename, lineno, file=None, line=None):
    """Warnings (a coroutine never awaited, ...) become diagnostics of the run."""
    # The source line is left out: "Coroutine created at" already shows it.
    text = warnings.formatwarning(message, category, filename, lineno, "")
    _core.diagnostic("warning", text.rstrip("\n"))


_UNSUPPORTED_MODULES = {
    "socket": "real network I/O (use the simulated aiohttp module)",
    "ssl": "real network I/O (use the simulated aiohttp module)",
    "subprocess": "real processes (model the process as a task that sleeps)",
    "multiprocessing": "real processes (model the work as tasks)",
}


class _Refuse:
    """A meta path finder that refuses modules loopscope cannot simulate, with the reason."""

    def find_spec(self, name, path=None, target=None):
        reason = _UNSUPPORTED_MODULES.get(name.split(".")[0])
        if reason is not None:
            raise ImportError(f"loopscope cannot simulate module '{name}': {reason}", name=name)
        return None


def _refuse_thread_start(self):
    raise RuntimeError("loopscope cannot simulate threads started directly (threading.Thread."
                       "start); use asyncio.to_thread() or loop.run_in_executor(), which run "
                       "on simulated workers")


def _internal(frame_summary):
    return frame_summary.filename.startswith("<loopscope>")


def _strip_internal(te, seen=None):
    """Drops loopscope's own frames from a TracebackException and those it links to."""
    seen = set() if seen is None else seen
    if te is None or id(te) in seen:
        return
    seen.add(id(te))
    te.stack = traceback.StackSummary.from_list([f for f in te.stack if not _internal(f)])
    _strip_internal(te.__cause__, seen)
    _strip_internal(te.__context__, seen)
    for sub in getattr(te, "exceptions", None) or []:
        _strip_internal(sub, seen)


def _print_exception(exc):
    te = traceback.TracebackException(type(exc), exc, exc.__traceback__)
    _strip_internal(te)
    sys.stderr.write("".join(te.format()))


def _print_syntax_error(path, e):
    line = (e.text or "").rstrip("\n")
    stripped = line.lstrip()
    col = max(1, e.offset or 1)
    caret_col = max(0, col - 1 - (len(line) - len(stripped)))
    sys.stderr.write(f"{e.filename or path}:{e.lineno}:{col}: SyntaxError: {e.msg}\n")
    if stripped:
        sys.stderr.write(f"    {stripped}\n    {' ' * caret_col}^\n")


def _where(exc):
    """file:line in function of the innermost frame of the user's script."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if not _internal(f)]
    if not frames:
        return "an unknown place"
    f = frames[-1]
    return f"{f.filename}:{f.lineno} in {f.name}" + (f": {f.line}" if f.line else "")


_output = _Output()


def stopped(run_status):
    """The run ended without an outcome; returns the script's status. Nothing of the script
    runs after this (loopscope ends the process), so pending output is written now."""
    _output.finish()
    status = {"interrupted": "watchdog", "budget": "horizon"}.get(run_status, run_status)
    if status == "watchdog":
        stuck = _core.interrupted_by()
        if stuck is not None:
            _report_watchdog(stuck)
    return status


def _report_watchdog(exc):
    _core.diagnostic("watchdog", f"watchdog: {exc}; stopped at {_where(exc)}")


def run_script(path, source):
    """Runs the script as __main__; returns its status (ok, exception:T, ...)."""
    output = _output
    sys.stdout = output
    warnings.showwarning = _show_warning
    warnings.simplefilter("default")
    sys.set_coroutine_origin_tracking_depth(1)
    _install_virtual_time()
    random.seed(0)
    threading.Thread.start = _refuse_thread_start
    signal.signal(signal.SIGUSR2, _watchdog_signal)
    sys.meta_path.insert(1, _Refuse())
    try:
        code = compile(source, path, "exec", dont_inherit=True)
    except SyntaxError as e:
        _print_syntax_error(path, e)
        return "exception:SyntaxError"
    main = types.ModuleType("__main__")
    main.__file__ = path
    main.__builtins__ = builtins
    sys.modules["__main__"] = main
    status = "ok"
    try:
        exec(code, main.__dict__)
    except WatchdogTimeout as e:
        status = "watchdog"
        _report_watchdog(e)
    except SystemExit as e:
        if e.code not in (None, 0):
            status = "exception:SystemExit"
    except BaseException as e:  # noqa: BLE001 - the script's uncaught exception is its outcome
        _print_exception(e)
        status = "exception:" + type(e).__name__
    finally:
        output.finish()
    return status
