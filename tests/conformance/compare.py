#!/usr/bin/python3
r"""Conformance check: loopscope against CPython's own asyncio on the same virtual clock.

Every *.py script given (or found in a given directory) is run twice, through
`loopscope run SCRIPT --timestamps` and through reference_run.py SCRIPT --timestamps; their
stdout must be byte-identical, and so must their exit status. Each run gets 60 s (--timeout);
a run that takes longer is a failure.

    compare.py --loopscope build/release/app/loopscope \
        tests/conformance/scenarios resources/examples
    compare.py --reference-only tests/conformance/scenarios resources/examples

--reference-only needs no loopscope: it runs each script through the reference twice and
checks that the two outputs are identical and end with a `# end` line (the corpus is
deterministic and every script ends).

Both sides run with PYTHONHASHSEED=0 and PYTHONDONTWRITEBYTECODE=1. Exit status: 0 all
passed, 1 some failed, 2 usage error.
"""
import argparse
import concurrent.futures
import dataclasses
import difflib
import os
import pathlib
import subprocess
import sys
import time

HERE = pathlib.Path(__file__).resolve().parent


@dataclasses.dataclass
class Run:
    """One finished (or timed-out) process."""
    stdout: bytes
    code: int | None  # exit status; None when timed out
    stderr: bytes
    seconds: float
    timed_out: bool = False


def run(cmd, timeout):
    env = dict(os.environ, PYTHONHASHSEED="0", PYTHONDONTWRITEBYTECODE="1")
    t0 = time.monotonic()
    try:
        p = subprocess.run(cmd, capture_output=True, env=env, timeout=timeout)
    except subprocess.TimeoutExpired as e:
        return Run(e.stdout or b"", None, e.stderr or b"", time.monotonic() - t0, True)
    return Run(p.stdout, p.returncode, p.stderr, time.monotonic() - t0)


def scripts(paths, substring):
    """The *.py files under `paths`, each directory's files in sorted order."""
    found = []
    for p in map(pathlib.Path, paths):
        if p.is_dir():
            found += sorted(f for f in p.rglob("*.py") if "__pycache__" not in f.parts)
        elif p.is_file():
            found.append(p)
        else:
            raise FileNotFoundError(f"no such file or directory: {p}")
    return [f for f in found if substring is None or substring in str(f)]


def diff(a, b, name_a, name_b):
    lines = difflib.unified_diff(a.decode("utf-8", "replace").splitlines(keepends=True),
                                 b.decode("utf-8", "replace").splitlines(keepends=True),
                                 name_a, name_b)
    return "".join(lines)


def end_status(out):
    """The S of the last line `# end t=T status=S`, or None when it is missing."""
    lines = out.decode("utf-8", "replace").splitlines()
    if lines and lines[-1].startswith("# end t=") and " status=" in lines[-1]:
        return lines[-1].rsplit(" status=", 1)[1]
    return None


def problems(a, b, name_a, name_b, stderr_of_b=False):
    """What differs between two runs of one script, as message lines (empty: the same)."""
    out = []
    for r, name in ((a, name_a), (b, name_b)):
        if r.timed_out:
            out.append(f"{name} timed out after {r.seconds:.0f} s")
        elif end_status(r.stdout) is None:
            out.append(f"{name} printed no '# end' line (exit status {r.code})")
    if a.stdout != b.stdout:
        out.append(diff(a.stdout, b.stdout, name_a, name_b).rstrip("\n"))
    elif a.code != b.code and not (a.timed_out or b.timed_out):
        out.append(f"exit status differs: {name_a} {a.code}, {name_b} {b.code}")
    if out and stderr_of_b and b.stderr:
        tail = b.stderr.decode("utf-8", "replace").splitlines()[-15:]
        out.append(f"{name_b} stderr (last lines):\n  " + "\n  ".join(tail))
    return out


def check(script, args):
    ref = [args.python, args.reference, str(script), "--timestamps"]
    if args.reference_only:
        first, second = run(ref, args.timeout), run(ref, args.timeout)
        return first, problems(first, second, "reference run 1", "reference run 2")
    with concurrent.futures.ThreadPoolExecutor(2) as pool:
        mine = pool.submit(run, [args.loopscope, "run", str(script), "--timestamps"], args.timeout)
        theirs = pool.submit(run, ref, args.timeout)
        mine, theirs = mine.result(), theirs.result()
    return theirs, problems(theirs, mine, "reference", "loopscope", stderr_of_b=True)


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("paths", nargs="+", metavar="DIR_OR_FILE")
    ap.add_argument("--loopscope", help="the loopscope executable")
    ap.add_argument("--reference", default=str(HERE / "reference_run.py"))
    ap.add_argument("--python", default="/usr/bin/python3")
    ap.add_argument("-k", dest="substring", help="only scripts whose path contains this")
    ap.add_argument("--reference-only", action="store_true",
                    help="run the reference twice per script and check it is deterministic")
    ap.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 1,
                    help="scripts checked at once")
    ap.add_argument("--timeout", type=float, default=60, help="seconds per run (default 60)")
    args = ap.parse_args(argv)
    if not args.reference_only and not args.loopscope:
        ap.error("--loopscope PATH is needed (or --reference-only)")
    try:
        files = scripts(args.paths, args.substring)
    except FileNotFoundError as e:
        ap.error(str(e))
    if not files:
        ap.error("no scripts found")

    failed = []
    with concurrent.futures.ThreadPoolExecutor(max(1, args.jobs)) as pool:
        for script, (ref, issues) in zip(files, pool.map(lambda f: check(f, args), files)):
            status = end_status(ref.stdout) or "?"
            if issues:
                failed.append(script)
                print(f"FAIL {script} ({status})")
                for line in issues:
                    print("  " + line.replace("\n", "\n  "))
            else:
                print(f"PASS {script} ({status}, {ref.seconds:.2f} s)")
    mode = "reference determinism" if args.reference_only else "loopscope vs reference"
    print(f"{mode}: {len(files) - len(failed)} passed, {len(failed)} failed, {len(files)} scripts")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
