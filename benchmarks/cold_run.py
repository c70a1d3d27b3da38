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
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.changed_run import role, tree  # noqa: E402
from benchmarks.peer_tools import REPO, PolicyTracker  # noqa: E402
from benchmarks.peers import Server  # noqa: E402

TICK = os.sysconf("SC_CLK_TCK")


def cpu_of_tree(root: int) -> dict[int, tuple[float, float]]:
    """User and system CPU seconds of ``root`` and each live descendant (from /proc)."""
    stats: dict[int, list[bytes]] = {}
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", "rb") as f:
                    fields = f.read().rsplit(b")", 1)[1].split()
            except OSError:
                continue
            stats[int(entry)] = fields
            children.setdefault(int(fields[1]), []).append(int(entry))
    out: dict[int, tuple[float, float]] = {}
    todo = [root]
    while todo:
        pid = todo.pop()
        if pid in stats:  # fields after the name: state, ppid, ... utime is the 12th, stime the 13th
            out[pid] = (int(stats[pid][11]) / TICK, int(stats[pid][12]) / TICK)
        todo += children.get(pid, [])
    return out


def measure(cmd: list[str], env: dict[str, str], out: Path) -> dict[str, object]:
    """Run ``cmd`` in its own session: wall, CPU of the tree (``wait4``), its peak RSS, and the user
    and system CPU of the main process and of the others (their last reading, every 50 ms)."""
    started = time.perf_counter()
    with out.open("wb") as stdout, out.with_suffix(".err").open("wb") as stderr:
        proc = subprocess.Popen(cmd, stdout=stdout, stderr=stderr, env={**os.environ, **env}, start_new_session=True)
        peak, last, roles = 0.0, {}, {}
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            now = cpu_of_tree(proc.pid)
            for p in now:
                roles.setdefault(p, role(p, proc.pid))
            last.update(now)
            peak = max(peak, sum(tree(proc.pid).values()))
            time.sleep(0.05)
    split: dict[str, list[float]] = {}
    for p, (user, system) in last.items():
        key = roles[p] if roles[p] in ("main", "worker") else "other"
        split.setdefault(key, [0.0, 0.0])
        split[key][0] += user
        split[key][1] += system
    return {
        "wall": time.perf_counter() - started,
        "cpu": usage.ru_utime + usage.ru_stime,
        "rss": peak,
        "split": "  ".join(f"{k} {u:.1f}+{s:.1f}" for k, (u, s) in sorted(split.items())),
        "rc": os.waitstatus_to_exitcode(status),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=2000, help="policies (default 2000)")
    parser.add_argument("--reps", type=int, default=1)
    parser.add_argument(
        "--code",
        action="append",
        help="a folder first on PYTHONPATH ('' = this worktree), optionally with environment settings "
        "for its runs after '|': 'DIR|NAME=VALUE|NAME=VALUE'",
    )
    parser.add_argument("--corpus", type=Path, default=REPO.parent / "shared" / "corpus")
    parser.add_argument("--keep", type=Path, help="copy each run's store to KEEP/rep<R>-code<C> (compare_stores.py)")
    parser.add_argument("--prefix", default="", help="a command the runs go through ('py-spy record -o FILE --')")
    args = parser.parse_args()
    codes = args.code or [""]
    work = Path(tempfile.mkdtemp(prefix="pt-cold-"))
    server = Server(args.corpus, args.n, 1, work)
    exe = str(REPO / ".venv" / "bin" / "policy-tracker")
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
                    exe,
                    "check",
                    "--config",
                    str(run / "policies.toml"),
                    "--json",
                    "--no-alerts",
                ]
                folder, *settings = code.split("|")
                env = dict(kv.split("=", 1) for kv in settings) | ({"PYTHONPATH": folder} if folder else {})
                r = measure(cmd, env, run / "cold.out")
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
