#!/usr/bin/python3
r""""Show as Python" conformance: each task graph, its generated script, and CPython.

For every *.lsgraph.json given (or found in a given directory):

1. `loopscope export GRAPH -o GRAPH.py` writes the graph's asyncio script (into a temporary
   folder);
2. `loopscope run GRAPH --timestamps` runs the graph on the core;
3. `loopscope run GRAPH.py --timestamps` runs the script on loopscope's asyncio;
4. reference_run.py GRAPH.py --timestamps runs the script on CPython's own asyncio on the
   reference virtual clock.

The three outputs must be byte-identical, and so must the three exit statuses.

    graph_python.py --loopscope build/release/app/loopscope resources/graphs tests/conformance/graphs

Exit status: 0 all passed, 1 some failed, 2 usage error.
"""
import argparse
import concurrent.futures
import os
import pathlib
import sys
import tempfile

from compare import HERE, diff, end_status, run


def graphs(paths):
    """The *.lsgraph.json files under `paths`, each directory's in sorted order."""
    found = []
    for p in map(pathlib.Path, paths):
        if p.is_dir():
            found += sorted(p.rglob("*.lsgraph.json"))
        elif p.is_file():
            found.append(p)
        else:
            raise FileNotFoundError(f"no such file or directory: {p}")
    return found


def check(graph, folder, args):
    """The graph's run, and what differs between it and its script's two runs (empty: nothing).
    `folder` is the graph's own, for its script."""
    os.makedirs(folder)
    script = pathlib.Path(folder) / (graph.name[: -len(".lsgraph.json")] + ".py")
    exported = run([args.loopscope, "export", str(graph), "-o", str(script)], args.timeout)
    if exported.code != 0:
        return None, [f"export failed (exit {exported.code}): "
                      + exported.stderr.decode("utf-8", "replace").strip()]
    runs = {
        "graph": [args.loopscope, "run", str(graph), "--timestamps"],
        "script on loopscope": [args.loopscope, "run", str(script), "--timestamps"],
        "script on CPython": [args.python, args.reference, str(script), "--timestamps"],
    }
    done = {name: run(cmd, args.timeout) for name, cmd in runs.items()}
    base = done["graph"]
    issues = []
    if base.timed_out or end_status(base.stdout) is None:
        issues.append(f"the graph's run printed no '# end' line (exit status {base.code})")
    for name, r in done.items():
        if name == "graph":
            continue
        if r.timed_out:
            issues.append(f"{name} timed out after {r.seconds:.0f} s")
        elif r.stdout != base.stdout:
            issues.append(diff(base.stdout, r.stdout, "graph", name).rstrip("\n")
                          or f"{name}: the outputs differ in bytes that are not UTF-8")
            tail = r.stderr.decode("utf-8", "replace").splitlines()[-10:]
            if tail:
                issues.append(f"{name} stderr (last lines):\n  " + "\n  ".join(tail))
        elif r.code != base.code:
            issues.append(f"exit status differs: graph {base.code}, {name} {r.code}")
    return base, issues


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("paths", nargs="+", metavar="DIR_OR_FILE")
    ap.add_argument("--loopscope", required=True, help="the loopscope executable")
    ap.add_argument("--reference", default=str(HERE / "reference_run.py"))
    ap.add_argument("--python", default="/usr/bin/python3")
    ap.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 1,
                    help="graphs checked at once")
    ap.add_argument("--timeout", type=float, default=60, help="seconds per run (default 60)")
    args = ap.parse_args(argv)
    try:
        files = graphs(args.paths)
    except FileNotFoundError as e:
        ap.error(str(e))
    if not files:
        ap.error("no graphs found")

    failed = []
    with tempfile.TemporaryDirectory(prefix="graph_python.") as folder, \
            concurrent.futures.ThreadPoolExecutor(max(1, args.jobs)) as pool:
        results = pool.map(lambda n: check(files[n], os.path.join(folder, str(n)), args),
                           range(len(files)))
        for graph, (base, issues) in zip(files, results):
            status = (end_status(base.stdout) if base else None) or "?"
            if issues:
                failed.append(graph)
                print(f"FAIL {graph} ({status})")
                for line in issues:
                    print("  " + line.replace("\n", "\n  "))
            else:
                print(f"PASS {graph} ({status})")
    print(f"graph vs generated script vs CPython: {len(files) - len(failed)} passed, "
          f"{len(failed)} failed, {len(files)} graphs")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
