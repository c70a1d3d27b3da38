"""policy-tracker side by side with peer tools (urlwatch, changedetection.io) on one workload.

Usage::

    .venv/bin/python benchmarks/peers.py                       # N = 2000, 3 reps, every tool that installs
    .venv/bin/python benchmarks/peers.py --n 200 --reps 1
    .venv/bin/python benchmarks/peers.py --tools policy-tracker,urlwatch-raw --hosts many

The workload: the real pages of ``<corpus>/*/snapshots/*.html`` reused cyclically to N policies,
served by ``benchmarks/peer_server.py`` (a separate process on 127.0.0.1, started and stopped by
PID) with ETag / Last-Modified and 304s. Three phases per tool: cold (empty store), unchanged (the
same bytes again), changed (10% of the policies get one inserted sentence; then reset). The tools
are interleaved within each rep (the order rotates per rep) and the minimum over reps is kept.
Each run is a fresh process tree: wall time, CPU seconds (``wait4`` rusage of the tool and every
descendant it reaped) and peak RSS (the sum over the tool's live process tree, polled every 50 ms).
The server counts the 200s and 304s of every run, so a tool that skipped pages would show.

Peers are installed with pip into ``benchmarks/.peers/<name>`` (ignored by git); a tool that does
not install or start is reported and skipped. ``--hosts many`` serves policy i from its own port
(up to ``--max-ports``; the tools key connection pools and per-host limits by host:port), as
``*.localhost`` names do not resolve on this machine.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.peer_tools import PEERS, REPO, Tool, all_tools  # noqa: E402

PHASES = ("cold", "unchanged", "changed")
SLOW = ("urlwatch-text", "changedetection")  # the peers that --slow-reps limits
PAGE = os.sysconf("SC_PAGE_SIZE")
# (phase, peer, minimum ratio of policy-tracker's rate to the peer's) from issue 20
TARGETS = [
    ("cold", "urlwatch-raw", 1.0),
    ("cold", "urlwatch-text", 5.0),
    ("cold", "changedetection", 20.0),
    ("unchanged", "urlwatch-raw", 5.0),
    ("changed", "urlwatch-raw", 5.0),
]


# --------------------------------------------------------------------------- process trees


def tree_rss(root: int) -> int:
    """Bytes resident in ``root`` and all its live descendants (from /proc)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", "rb") as f:
                    stat = f.read()
            except OSError:
                continue
            ppid = int(stat.rsplit(b")", 1)[1].split()[1])
            children.setdefault(ppid, []).append(int(entry))
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        try:
            with open(f"/proc/{pid}/statm", "rb") as f:
                total += int(f.read().split()[1]) * PAGE
        except OSError:
            pass
        todo += children.get(pid, [])
    return total


def measure(cmd: list[str], env: dict[str, str], stdout: Path, limit: float) -> dict[str, float]:
    """Run ``cmd`` as a new session; wall time, CPU of the whole tree, peak tree RSS, exit code."""
    with stdout.open("wb") as out, open(stdout.with_suffix(".err"), "wb") as err:
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, env={**os.environ, **env}, start_new_session=True)
        peak = 0
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            peak = max(peak, tree_rss(proc.pid))
            if time.perf_counter() - started > limit:
                os.killpg(proc.pid, signal.SIGKILL)  # the tool's own session, by its PID
            time.sleep(0.05)
        wall = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)  # reaped by wait4
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)  # anything the tool left running in its session
    return {
        "wall": wall,
        "cpu": usage.ru_utime + usage.ru_stime,
        "rss": peak / 2**20,
        "rc": proc.returncode,
    }


# --------------------------------------------------------------------------- the page server


class Server:
    def __init__(self, corpus: Path, n: int, ports: int, work: Path) -> None:
        ready = work / "server.json"
        self.log = (work / "server.log").open("wb")
        cmd = [sys.executable, "-m", "benchmarks.peer_server", "--corpus", str(corpus), "--n", str(n)]
        cmd += ["--ports", str(ports), "--ready", str(ready), "--max-seconds", str(6 * 3600)]
        self.proc = subprocess.Popen(cmd, cwd=REPO, stdout=self.log, stderr=subprocess.STDOUT)
        for _ in range(1200):  # up to 120 s to build every page
            if ready.exists() or self.proc.poll() is not None:
                break
            time.sleep(0.1)
        if not ready.exists():
            self.stop()
            raise SystemExit(f"error: the page server did not start (see {work / 'server.log'})")
        info = json.loads(ready.read_text())
        self.ports, self.pages = info["ports"], info["pages"]
        self.admin_port = self.ports[0]

    def admin(self, action: str) -> dict[str, int]:
        with urllib.request.urlopen(f"http://127.0.0.1:{self.admin_port}/__admin/{action}", timeout=30) as r:
            return json.loads(r.read())

    def stop(self) -> None:
        self.proc.terminate()  # by PID
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.log.close()


# --------------------------------------------------------------------------- main


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=2000, help="number of policies (default 2000)")
    parser.add_argument("--reps", type=int, default=3, help="repetitions; the minimum is kept (default 3)")
    parser.add_argument(
        "--tools", default="", help="comma list (default: all that install): " + ", ".join(t.name for t in all_tools())
    )
    parser.add_argument("--hosts", choices=("one", "many"), default="one")
    parser.add_argument("--max-ports", type=int, default=2000, help="ports served with --hosts many (default 2000)")
    parser.add_argument("--corpus", type=Path, default=REPO.parent / "shared" / "corpus")
    parser.add_argument("--workers", type=int, default=8, help="requests in flight, every tool (default 8)")
    parser.add_argument(
        "--slow-reps",
        type=int,
        default=0,
        help="at most this many reps for the slow peers, urlwatch-text and changedetection (default: --reps)",
    )
    parser.add_argument("--timeout", type=float, default=3600, help="seconds one run may take (default 3600)")
    args = parser.parse_args()
    pages = sorted(args.corpus.glob("*/snapshots/*.html"))
    if not pages:
        print(
            f"error: no corpus pages under {args.corpus}/*/snapshots/*.html; the corpus is the project's "
            "shared/corpus folder (build it with tools/build_corpus.py), or pass --corpus DIR",
            file=sys.stderr,
        )
        return 2
    wanted = [t.strip() for t in args.tools.split(",") if t.strip()]
    known = {t.name: t for t in all_tools()}
    if unknown := [t for t in wanted if t not in known]:
        parser.error(f"unknown tool(s) {', '.join(unknown)}; known: {', '.join(known)}")
    PEERS.mkdir(parents=True, exist_ok=True)
    tools: list[Tool] = []
    for name in wanted or list(known):
        reason = known[name].install(PEERS / "install.log")
        if reason:
            print(f"skipped {name}: {reason}")
        else:
            tools.append(known[name])

    sizes = [p.stat().st_size for p in pages]
    print(
        f"date {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M UTC}, nproc {os.cpu_count()}, load average "
        + " ".join(f"{x:.2f}" for x in os.getloadavg())
        + f", Python {sys.version.split()[0]}"
    )
    print(
        f"workload: N = {args.n} policies cycling {len(pages)} corpus pages ({sum(sizes) / len(sizes) / 1024:.0f} KB "
        f"mean), hosts: {args.hosts}, reps {args.reps}, {args.workers} requests in flight per tool"
    )
    work = Path(tempfile.mkdtemp(prefix="pt-peers-"))
    ports = min(args.n, args.max_ports) if args.hosts == "many" else 1
    server = Server(args.corpus, args.n, ports, work)
    results: dict[str, dict[str, list[dict[str, float]]]] = {t.name: {p: [] for p in PHASES} for t in tools}
    try:
        print(f"server: pid {server.proc.pid}, {len(server.ports)} port(s) on 127.0.0.1")
        urls = [f"http://127.0.0.1:{server.ports[i % len(server.ports)]}/p{i}" for i in range(args.n)]
        for rep in range(args.reps):
            order = tools[rep % len(tools) :] + tools[: rep % len(tools)]
            for tool in order:
                if tool.name in SLOW and args.slow_reps and rep >= args.slow_reps:
                    continue
                run_dir = work / f"{tool.name}-{rep}"
                run_dir.mkdir()
                tool.prepare(run_dir, urls, args.workers)
                for phase in PHASES:
                    server.admin("flip" if phase == "changed" else "stats")  # zeroes the counters
                    cmd, env = tool.command(run_dir, phase, args.workers)
                    out = run_dir / f"{phase}.out"
                    load = os.getloadavg()[0]
                    r = measure(cmd, env, out, args.timeout)
                    r["load"] = load
                    served = server.admin("reset" if phase == "changed" else "stats")
                    r["http200"], r["http304"] = served.get("200", 0), served.get("304", 0)
                    try:
                        r["seen"] = tool.seen(run_dir, phase, out.read_text(errors="replace"))
                    except (ValueError, KeyError, OSError):
                        r["seen"] = -1
                    results[tool.name][phase].append(r)
                    failed = ""
                    if r["rc"] not in (0, 1):  # the tool's first complaint, so that a failed run says why
                        lines = out.with_suffix(".err").read_text(errors="replace").strip().splitlines()
                        failed = f"  ({len(lines)} stderr lines, first: {lines[0][:160] if lines else '-'})"
                    print(
                        f"  rep {rep + 1} {tool.name:<16} {phase:<9} {r['wall']:8.2f} s {args.n / r['wall']:8.1f}/s  "
                        f"CPU {r['cpu']:7.2f} s  RSS {r['rss']:6.0f} MB  200s {r['http200']:>6} 304s "
                        f"{r['http304']:>6}  {'new' if phase == 'cold' else 'changed'} {r['seen']:>6}  "
                        f"exit {r['rc']}  load {load:.2f}{failed}",
                        flush=True,
                    )
                shutil.rmtree(run_dir, ignore_errors=True)
    finally:
        server.stop()
        shutil.rmtree(work, ignore_errors=True)
    report(args.n, tools, results)
    return 0


def report(n: int, tools: list[Tool], results: dict[str, dict[str, list[dict[str, float]]]]) -> None:
    def low(name: str, phase: str, key: str) -> float:
        return min(r[key] for r in results[name][phase])

    done = [t for t in tools if all(results[t.name][p] for p in PHASES)]
    print(
        f"\nmin over reps, N = {n}; CPU s = min CPU seconds of the tree, cold/unchanged/changed; RSS = peak of any run"
    )
    cols = [("tool", 16), ("cold s (policies/s)", 20), ("unchanged s (/s)", 20), ("changed s (/s)", 20)]
    cols += [("CPU s", 20), ("peak RSS MB", 11)]
    print("| " + " | ".join(f"{c:<{w}}" if k == 0 else f"{c:>{w}}" for k, (c, w) in enumerate(cols)) + " |")
    print("|" + "|".join("-" * (w + 2) for _, w in cols) + "|")
    for t in done:
        cells = [f"{low(t.name, p, 'wall'):8.2f} ({n / low(t.name, p, 'wall'):8.1f})" for p in PHASES]
        cpu = "/".join(f"{low(t.name, p, 'cpu'):.1f}" for p in PHASES)
        rss = max(r["rss"] for p in PHASES for r in results[t.name][p])
        print(f"| {t.name:<16} | " + " | ".join(f"{c:>20}" for c in cells) + f" | {cpu:>20} | {rss:11.0f} |")
    print()
    for t in done:
        print(f"{t.name}: {t.settings}")
    if "policy-tracker" not in [t.name for t in done]:
        return
    print(
        "\nratios, policy-tracker over each peer:"
        " wall = our policies/s over the peer's, CPU = the peer's CPU s over ours"
    )
    for t in done:
        if t.name != "policy-tracker":
            wall = "  ".join(f"{p} {low(t.name, p, 'wall') / low('policy-tracker', p, 'wall'):6.2f}x" for p in PHASES)
            cpu = "  ".join(f"{p} {low(t.name, p, 'cpu') / low('policy-tracker', p, 'cpu'):6.2f}x" for p in PHASES)
            print(f"  vs {t.name:<16} wall: {wall}\n  {'':<19} CPU:  {cpu}")
    print("targets (issue 20), on wall time (CPU in brackets):")
    for phase, peer, ratio in TARGETS:
        if peer in [t.name for t in done]:
            got = low(peer, phase, "wall") / low("policy-tracker", phase, "wall")
            cpu = low(peer, phase, "cpu") / low("policy-tracker", phase, "cpu")
            print(
                f"  {phase:<9} >= {ratio:g}x {peer:<16} {got:7.2f}x  ({cpu:5.2f}x)  "
                + ("met" if got >= ratio else "NOT met")
            )
        else:
            print(f"  {phase:<9} >= {ratio:g}x {peer:<16} not measured (peer not run)")
    rate = n / low("policy-tracker", "unchanged", "wall")
    print(f"  unchanged >= 1000 policies/s            {rate:7.0f}/s  {'met' if rate >= 1000 else 'NOT met'}")
    rss = max(r["rss"] for p in PHASES for r in results["policy-tracker"][p])
    print(f"  peak RSS < 300 MB (target at N = 20,000) {rss:5.0f} MB at N = {n}  {'met' if rss < 300 else 'NOT met'}")
    print("load average at the end " + " ".join(f"{x:.2f}" for x in os.getloadavg()))


if __name__ == "__main__":
    sys.exit(main())
