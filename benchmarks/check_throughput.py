"""Throughput of ``check``: N generated policy pages served by a separate local process.

Usage::

    .venv/bin/python benchmarks/check_throughput.py            # N = 200 and 2000
    .venv/bin/python benchmarks/check_throughput.py --n 200    # one size
    .venv/bin/python benchmarks/check_throughput.py --n 200 --no-fsync   # how much fsync costs

For each N (in a fresh child process, so peak RSS is per N) it times three runs of
``run_check``: cold (every policy new), unchanged (the server answers 304 to the stored ETag),
and changes (10% of pages really edited, 20% with noise only: a new CSRF token, cookie-banner
text and cache-buster query strings). It prints wall time, policies/second, peak RSS and the
number of changes reported (the noise-only pages must report none).

The server is a small asyncio HTTP/1.1 server (keep-alive, ETag/304) in its own process on
127.0.0.1, so it is not competing with the checker for the GIL; it builds every page before the
timed runs. Each run also prints the CPU time per policy (checker plus extraction workers) and
the machine's load average when it started: on a shared machine the wall time depends on what
else runs, the CPU per policy much less. All policies share one host,
so the benchmark raises ``per_host`` to the global ``concurrency`` (with the default of 2 it
would measure the politeness limit, not the pipeline).
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import multiprocessing
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

WORDS = [
    "data",
    "personal",
    "information",
    "service",
    "collect",
    "use",
    "share",
    "partners",
    "cookies",
    "account",
    "retain",
    "delete",
    "access",
    "rights",
    "request",
    "process",
    "legal",
    "basis",
    "consent",
    "security",
    "transfer",
    "country",
    "processor",
    "controller",
    "marketing",
    "analytics",
    "device",
    "location",
    "payment",
    "contact",
    "children",
    "update",
    "notice",
    "law",
    "enforcement",
    "protect",
    "improve",
]
TOPICS = [
    "Information we collect",
    "How we use information",
    "Cookies and similar technologies",
    "Sharing and disclosure",
    "Data retention",
    "International transfers",
    "Security",
    "Your rights",
    "Children",
    "Changes to this policy",
    "Contact us",
]


def _paragraphs(rng: random.Random, count: int) -> list[str]:
    return [" ".join(rng.choice(WORDS) for _ in range(rng.randint(40, 90))).capitalize() + "." for _ in range(count)]


def page(pid: int, version: int, noise: int) -> bytes:
    """Policy page ``pid``: body from a seeded RNG (edited when ``version`` > 0), chrome with ``noise``."""
    rng = random.Random(pid)
    token = hashlib.sha1(f"{pid}-{noise}".encode()).hexdigest()
    sections = []
    for topic in TOPICS:
        paras = _paragraphs(rng, rng.randint(3, 7))
        if version and topic == "Sharing and disclosure":
            paras.append("We may sell your personal information to advertising partners and data brokers.")
        if version and topic == "Data retention":
            paras[0] = "We retain your personal data for ten years after your account is closed."
        sections.append(f"<h2>{topic}</h2>" + "".join(f"<p>{p}</p>" for p in paras))
    chrome_rng = random.Random(pid * 7 + 1)
    script = (
        "var cfg = {"
        + ",".join(f'"k{i}": "{chrome_rng.random()}"' for i in range(chrome_rng.randint(600, 2500)))
        + "};"
    )
    nav = "".join(f'<li><a href="/section/{i}?cb={token[:8]}">Menu item {i}</a></li>' for i in range(120))
    banner = "We use cookies to improve your experience." if noise == 0 else f"Cookies help us (v{noise})."
    html = f"""<!doctype html><html><head><meta charset="utf-8"><title>Privacy Policy {pid}</title>
<link rel="stylesheet" href="/static/site.css?v={token[:10]}"><script>{script}</script></head><body>
<header><nav><ul>{nav}</ul></nav></header>
<div class="cookie-banner" id="cookie-consent">{banner} <button>Accept</button></div>
<main><article><h1>Privacy Policy</h1><p>Last updated: 19 June 2024</p>{"".join(sections)}</article></main>
<form action="/newsletter"><input type="hidden" name="csrf_token" value="{token}"><button>Subscribe</button></form>
<footer><p>Copyright Example {pid}</p><script src="/static/app.js?cb={token[:8]}"></script></footer></body></html>"""
    return html.encode("utf-8")


# --------------------------------------------------------------------------- server process


def serve(port_queue: multiprocessing.Queue, n: int) -> None:  # type: ignore[type-arg]
    """The page server: ``/p/<i>`` pages; ``/__phase/<k>`` switches to the changes phase."""
    state = {"phase": 0}
    rng = random.Random(42)
    ids = list(range(n))
    rng.shuffle(ids)
    real = set(ids[: n // 10])
    noisy = set(ids[n // 10 : n // 10 + n // 5])
    cache: dict[tuple[int, int, int], tuple[bytes, str]] = {}

    def body_for(pid: int) -> tuple[bytes, str]:
        version = 1 if state["phase"] and pid in real else 0
        noise = 1 if state["phase"] and pid in noisy else 0
        key = (pid, version, noise)
        if key not in cache:
            data = page(pid, version, noise)
            cache[key] = (data, '"' + hashlib.md5(data).hexdigest() + '"')
        return cache[key]

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                lines = head.decode("latin-1").split("\r\n")
                path = lines[0].split(" ")[1]
                headers = {ln.split(":", 1)[0].lower(): ln.split(":", 1)[1].strip() for ln in lines[1:] if ":" in ln}
                status, body, extra = "404 Not Found", b"not found", ""
                if path.startswith("/__phase/"):
                    state["phase"] = int(path.rsplit("/", 1)[1])
                    status, body = "200 OK", b"ok"
                elif path.startswith("/p/"):
                    data, etag = body_for(int(path[3:]))
                    if headers.get("if-none-match") == etag:
                        status, body, extra = "304 Not Modified", b"", f"ETag: {etag}\r\n"
                    else:
                        status, body = "200 OK", data
                        extra = f"ETag: {etag}\r\nContent-Type: text/html; charset=utf-8\r\n"
                writer.write(
                    f"HTTP/1.1 {status}\r\nContent-Length: {len(body)}\r\n{extra}Connection: keep-alive\r\n\r\n".encode(
                        "ascii"
                    )
                    + body
                )
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            writer.close()

    async def main() -> None:
        # every page of both phases is built before the port is announced: generating a page
        # costs the server about 3 ms of CPU, which would otherwise be taken from the checker
        for pid in range(n):
            body_for(pid)
        state["phase"] = 1
        for pid in real | noisy:
            body_for(pid)
        state["phase"] = 0
        server = await asyncio.start_server(handle, "127.0.0.1", 0, backlog=1024)
        port_queue.put(server.sockets[0].getsockname()[1])
        async with server:
            await server.serve_forever()

    asyncio.run(main())


# --------------------------------------------------------------------------- one size


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def cpu_seconds() -> float:
    """CPU used so far by the checker and its reaped children (the extraction workers; the
    page server is not reaped until the end, so it is not counted)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def bench(n: int, no_fsync: bool) -> None:
    import httpx

    if no_fsync:
        os.fsync = lambda fd: None  # measurement only: what the store's fsyncs cost

    from tracker.check import run_check
    from tracker.config import load_config

    queue: multiprocessing.Queue = multiprocessing.Queue()  # type: ignore[type-arg]
    server = multiprocessing.Process(target=serve, args=(queue, n), daemon=True)
    server.start()
    port = queue.get(timeout=300)
    base = f"http://127.0.0.1:{port}"
    work = Path(tempfile.mkdtemp(prefix="pt-bench-"))
    lines = ["[settings]", 'store = "snapshots"', "concurrency = 16", "per_host = 16", "retries = 1", ""]
    for i in range(n):
        lines += ["[[policy]]", f'id = "p{i}"', f'name = "Policy {i}"', f'url = "{base}/p/{i}"', ""]
    (work / "policies.toml").write_text("\n".join(lines))
    config = load_config(work / "policies.toml")
    print(f"N = {n}{'  (fsync disabled)' if no_fsync else ''}  store: {work / 'snapshots'}")
    sizes = [len(page(i, 0, 0)) for i in range(min(n, 50))]
    print(f"  page size: {min(sizes) // 1024}-{max(sizes) // 1024} KB (first {len(sizes)} pages)")
    for label, phase in (("cold", 0), ("unchanged", 0), ("changes", 1)):
        httpx.get(f"{base}/__phase/{phase}")
        load = os.getloadavg()[0]
        cpu_before, started = cpu_seconds(), time.perf_counter()
        run = run_check(config, send_alerts=False)
        wall = time.perf_counter() - started
        cpu_ms = (cpu_seconds() - cpu_before) / n * 1000
        counts: dict[str, int] = {}
        for o in run.outcomes:
            counts[o.status] = counts.get(o.status, 0) + 1
        print(
            f"  {label:<10} wall {wall:7.2f} s  {n / wall:8.1f} policies/s  peak RSS {rss_mb():6.1f} MB  "
            f"changes reported {counts.get('changed', 0):5d}  statuses {dict(sorted(counts.items()))}"
        )
        print(f"  {'':<10} CPU {cpu_ms:5.1f} ms/policy (checker + extraction workers)  load average {load:.1f}")
    if counts.get("changed", 0) != n // 10:
        print(f"  WARNING: expected {n // 10} real changes (10%), noise-only pages must report none")
    server.terminate()
    subprocess.run(["rm", "-rf", str(work)], check=False)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, action="append", help="number of policies (repeatable)")
    parser.add_argument("--no-fsync", action="store_true", help="disable fsync to measure its cost")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    sizes = args.n or [200, 2000]
    if args.child:
        bench(sizes[0], args.no_fsync)
        return
    for n in sizes:  # a fresh process per size, so peak RSS is that size's own
        cmd = [sys.executable, __file__, "--child", "--n", str(n)] + (["--no-fsync"] if args.no_fsync else [])
        subprocess.run(cmd, check=True)


if __name__ == "__main__":
    main()
