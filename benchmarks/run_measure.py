"""How ``cold_run.py`` and ``changed_run.py`` measure one ``policy-tracker check`` run: wall time,
CPU seconds of the whole process tree (``wait4``), its system CPU and minor faults, the peak RSS
of the tree (sampled every 50 ms, as ``peers.py`` does), each process's own peak RSS, and the
user and system CPU of the main process, the extraction workers and the rest (their last
reading). Also the options both scripts share (``--n``, ``--reps``, ``--code``, ``--corpus``,
``--prefix``, ``--keep``)."""

from __future__ import annotations

import argparse
import os
import subprocess
import time
from pathlib import Path

from benchmarks.peer_tools import REPO

PAGE = os.sysconf("SC_PAGE_SIZE")
TICK = os.sysconf("SC_CLK_TCK")


def _children() -> tuple[dict[int, list[int]], dict[int, list[bytes]]]:
    """Every live process's children, and its /proc stat fields after the name."""
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
    return children, stats


def _descendants(root: int, children: dict[int, list[int]]) -> list[int]:
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo += children.get(pid, [])
    return out


def sample(root: int) -> tuple[dict[int, float], dict[int, tuple[float, float]]]:
    """MB resident, and user and system CPU seconds, of ``root`` and each live descendant."""
    children, stats = _children()
    resident: dict[int, float] = {}
    cpu: dict[int, tuple[float, float]] = {}
    for pid in _descendants(root, children):
        try:
            with open(f"/proc/{pid}/statm", "rb") as f:
                resident[pid] = int(f.read().split()[1]) * PAGE / 2**20
        except OSError:
            pass
        if pid in stats:  # fields after the name: state, ppid, ... utime is the 12th, stime the 13th
            cpu[pid] = (int(stats[pid][11]) / TICK, int(stats[pid][12]) / TICK)
    return resident, cpu


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
    """Run ``cmd`` in its own session (standard output to ``out``, errors beside it) and measure it."""
    started = time.perf_counter()
    with out.open("wb") as stdout, out.with_suffix(".err").open("wb") as stderr:
        proc = subprocess.Popen(cmd, stdout=stdout, stderr=stderr, env={**os.environ, **env}, start_new_session=True)
        peak, roles, own, last = 0.0, {}, {}, {}
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            resident, cpu = sample(proc.pid)
            for p in resident.keys() | cpu.keys():
                roles.setdefault(p, role(p, proc.pid))
            for p, mb in resident.items():
                own[p] = max(own.get(p, 0.0), mb)
            last.update(cpu)
            peak = max(peak, sum(resident.values()))
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
        "sys": usage.ru_stime,
        "faults": usage.ru_minflt,
        "rss": peak,
        "own": " ".join(f"{roles[p]} {mb:.0f}" for p, mb in sorted(own.items())),
        "split": "  ".join(f"{k} {u:.1f}+{s:.1f}" for k, (u, s) in sorted(split.items())),
        "rc": os.waitstatus_to_exitcode(status),
    }


def code_env(code: str) -> dict[str, str]:
    """The environment of a ``--code`` value: 'DIR|NAME=VALUE|…' (DIR first on PYTHONPATH)."""
    folder, *settings = code.split("|")
    return dict(kv.split("=", 1) for kv in settings) | ({"PYTHONPATH": folder} if folder else {})


def common_arguments(parser: argparse.ArgumentParser, *, prefix_help: str, keep_help: str) -> None:
    """The options of both scripts."""
    parser.add_argument("--n", type=int, default=2000, help="policies (default 2000)")
    parser.add_argument("--reps", type=int, default=1)
    parser.add_argument(
        "--code",
        action="append",
        help="a folder first on PYTHONPATH ('' = this worktree), optionally with environment settings "
        "for its runs after '|': 'DIR|NAME=VALUE|NAME=VALUE'",
    )
    parser.add_argument("--corpus", type=Path, default=REPO.parent / "shared" / "corpus")
    parser.add_argument("--prefix", default="", help=prefix_help)
    parser.add_argument("--keep", type=Path, help=keep_help)


EXE = str(REPO / ".venv" / "bin" / "policy-tracker")
