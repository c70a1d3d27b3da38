"""The cold phase of ``benchmarks/peers.py`` alone, for one or more copies of the code, interleaved.

Usage::

    .venv/bin/python benchmarks/cold_run.py --n 2000 --reps 3 --code /tmp/main-export --code ''
    .venv/bin/python benchmarks/cold_run.py --n 200 --code /tmp/main-export --code '' --keep /tmp/kept
    .venv/bin/python benchmarks/cold_run.py --n 500 --prefix 'py-spy record -r 200 --subprocesses -o cold.txt -f raw --'

It starts the same loopback page server as ``peers.py`` (by PID) and, per rep and per ``--code``
(a folder put first on ``PYTHONPATH``, e.g. a ``git archive`` export of main; ``''`` is this
worktree), runs ``policy-tracker check --json --no-alerts`` on an empty store of N policies, with
``peers.py``'s settings. Per run: wall time, CPU seconds of the whole process tree (``wait4``), the
peak RSS of the tree and each process's own peak (as ``changed_run.py`` measures them), and the
load average at its start.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.peer_tools import PolicyTracker  # noqa: E402
from benchmarks.peers import Server  # noqa: E402
from benchmarks.run_measure import EXE, code_env, common_arguments, measure  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    common_arguments(
        parser,
        prefix_help="a command the runs go through ('py-spy record -o FILE --')",
        keep_help="copy each run's store to KEEP/rep<R>-code<C> (compare_stores.py)",
    )
    args = parser.parse_args()
    codes = args.code or [""]
    work = Path(tempfile.mkdtemp(prefix="pt-cold-"))
    server = Server(args.corpus, args.n, 1, work)
    urls = [f"http://127.0.0.1:{server.ports[0]}/p{i}" for i in range(args.n)]
    try:
        for rep in range(args.reps):
            for number, code in enumerate(codes, start=1):
                run = work / "run"
                shutil.rmtree(run, ignore_errors=True)
                run.mkdir()
                PolicyTracker().prepare(run, urls, 8)
                server.admin("stats")  # zeroes the counters
                load = os.getloadavg()[0]
                cmd = [
                    *args.prefix.split(),
                    EXE,
                    "check",
                    "--config",
                    str(run / "policies.toml"),
                    "--json",
                    "--no-alerts",
                ]
                r = measure(cmd, code_env(code), run / "cold.out")
                served = server.admin("stats")
                try:
                    new = json.loads((run / "cold.out").read_text())["counts"].get("new", 0)
                except (OSError, ValueError, KeyError):
                    new = -1
                print(
                    f"rep {rep + 1} code {code or 'worktree':<24} {r['wall']:7.2f} s  CPU {r['cpu']:7.2f} s  "
                    f"({1000 * float(r['cpu']) / args.n:5.2f} ms/policy)  RSS {r['rss']:5.0f} MB  "
                    f"(user+sys s: {r['split']})  200s {served.get('200', 0)} new {new} exit {r['rc']} load {load:.2f}",
                    flush=True,
                )
                if args.keep:
                    shutil.copytree(run / "store", args.keep / f"rep{rep + 1}-code{number}", symlinks=True)
    finally:
        server.stop()
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
