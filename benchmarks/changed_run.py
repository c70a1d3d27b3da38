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
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.peer_tools import REPO, PolicyTracker  # noqa: E402
from benchmarks.peers import Server  # noqa: E402

PAGE = os.sysconf("SC_PAGE_SIZE")


def tree(root: int) -> dict[int, float]:
    """MB resident in ``root`` and each of its live descendants (from /proc)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", "rb") as f:
                    ppid = int(f.read().rsplit(b")", 1)[1].split()[1])
            except OSError:
                continue
            children.setdefault(ppid, []).append(int(entry))
    out: dict[int, float] = {}
    todo = [root]
    while todo:
        pid = todo.pop()
        try:
            with open(f"/proc/{pid}/statm", "rb") as f:
                out[pid] = int(f.read().split()[1]) * PAGE / 2**20
        except OSError:
            pass
        todo += children.get(pid, [])
    return out


def role(pid: int, root: int) -> str:
    """What a process of the tree is: main, worker, tracker (multiprocessing's) or its command."""
    if pid == root:
        return "main"
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            cmd = f.read().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return "gone"
    if "resource_tracker" in cmd:
        return "tracker"
    return "worker" if "spawn_main" in cmd else cmd[:30]


def measure(cmd: list[str], env: dict[str, str], out: Path) -> dict[str, object]:
    """Run ``cmd`` in its own session; wall, CPU of the tree, peak tree RSS and each process's peak."""
    started = time.perf_counter()
    with out.open("wb") as stdout, out.with_suffix(".err").open("wb") as stderr:
        proc = subprocess.Popen(cmd, stdout=stdout, stderr=stderr, env={**os.environ, **env}, start_new_session=True)
        peak, roles, own = 0.0, {}, {}
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            now = tree(proc.pid)
            for p, mb in now.items():
                roles.setdefault(p, role(p, proc.pid))
                own[p] = max(own.get(p, 0.0), mb)
            peak = max(peak, sum(now.values()))
            time.sleep(0.05)
    return {
        "wall": time.perf_counter() - started,
        "cpu": usage.ru_utime + usage.ru_stime,
        "sys": usage.ru_stime,
        "faults": usage.ru_minflt,
        "rss": peak,
        "own": " ".join(f"{roles[p]} {mb:.0f}" for p, mb in sorted(own.items())),
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
    parser.add_argument(
        "--prefix",
        default="",
        help="a command the changed runs go through ('py-spy record -o FILE --subprocesses --')",
    )
    parser.add_argument(
        "--keep",
        type=Path,
        help="a folder to keep the cold store (cold) and each changed run's (rep<R>-code<C>) in, e.g. to "
        "compare their files or to replay the changes (benchmarks/changed_steps.py)",
    )
    args = parser.parse_args()
    codes = args.code or [""]
    work = Path(tempfile.mkdtemp(prefix="pt-changed-"))
    server = Server(args.corpus, args.n, 1, work)
    exe = str(REPO / ".venv" / "bin" / "policy-tracker")
    try:
        cold = work / "cold"
        cold.mkdir()
        PolicyTracker().prepare(cold, [f"http://127.0.0.1:{server.ports[0]}/p{i}" for i in range(args.n)], 8)
        load = os.getloadavg()[0]
        cmd = [exe, "check", "--config", str(cold / "policies.toml"), "--json", "--no-alerts"]
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
                    exe,
                    "check",
                    "--config",
                    str(run / "policies.toml"),
                    "--json",
                    "--no-alerts",
                ]
                folder, *settings = code.split("|")
                env = dict(kv.split("=", 1) for kv in settings) | ({"PYTHONPATH": folder} if folder else {})
                r = measure(cmd, env, run / "changed.out")
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
