"""The changed phase of ``benchmarks/peers.py`` alone, for one or more copies of the code, interleaved.

Usage::

    .venv/bin/python benchmarks/changed_run.py --n 2000 --reps 3
    .venv/bin/python benchmarks/changed_run.py --n 2000 --reps 3 --code /tmp/main-export --code ''

It starts the same loopback page server as ``peers.py`` (by PID), builds one cold store of N
policies (the worktree's code), then, per rep and per ``--code`` (a folder put first on
``PYTHONPATH``, e.g. a ``git archive`` export of main; ``''`` is this worktree), copies that store,
flips the same 10% of the policies and runs ``policy-tracker check --json --no-alerts`` on the
copy. Per run: wall time, CPU seconds of the whole process tree (``wait4``), the peak RSS of the
tree (sampled every 50 ms, as ``peers.py`` does), and each process's own peak (the main process,
each extraction worker, multiprocessing's resource tracker), with the load average at its start.
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
        prefix_help="a command the changed runs go through ('py-spy record -o FILE --subprocesses --')",
        keep_help="a folder to keep the cold store (cold) and each changed run's (rep<R>-code<C>) in, e.g. to "
        "compare their files or to replay the changes (benchmarks/changed_steps.py)",
    )
    args = parser.parse_args()
    codes = args.code or [""]
    work = Path(tempfile.mkdtemp(prefix="pt-changed-"))
    server = Server(args.corpus, args.n, 1, work)
    try:
        cold = work / "cold"
        cold.mkdir()
        PolicyTracker().prepare(cold, [f"http://127.0.0.1:{server.ports[0]}/p{i}" for i in range(args.n)], 8)
        load = os.getloadavg()[0]
        cmd = [EXE, "check", "--config", str(cold / "policies.toml"), "--json", "--no-alerts"]
        r = measure(cmd, {}, work / "cold.out")
        print(f"cold store: {r['wall']:.1f} s, CPU {r['cpu']:.1f} s, exit {r['rc']}, load {load:.2f}", flush=True)
        if args.keep:
            shutil.copytree(cold, args.keep / "cold", symlinks=True)
        for rep in range(args.reps):
            for code in codes:
                run = work / "run"
                shutil.rmtree(run, ignore_errors=True)
                shutil.copytree(cold, run, symlinks=True)
                server.admin("flip")
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
                r = measure(cmd, code_env(code), run / "changed.out")
                served = server.admin("reset")
                if args.keep:
                    shutil.copytree(run, args.keep / f"rep{rep + 1}-code{codes.index(code) + 1}", symlinks=True)
                try:
                    changed = json.loads((run / "changed.out").read_text())["counts"].get("changed", 0)
                except (OSError, ValueError, KeyError):
                    changed = -1
                print(
                    f"rep {rep + 1} code {code or 'worktree':<24} {r['wall']:7.2f} s  CPU {r['cpu']:7.2f} s "
                    f"(sys {r['sys']:.2f}, {r['faults'] / 1000:.0f}k faults)  "
                    f"RSS {r['rss']:5.0f} MB ({r['own']})  200s {served.get('200', 0)} 304s "
                    f"{served.get('304', 0)} changed {changed} exit {r['rc']} load {load:.2f}",
                    flush=True,
                )
    finally:
        server.stop()
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
