"""Script-built pages: how much policy text ``check`` keeps reading them as served, in the browser, and
with ``render = "auto"``, and what the browser costs in wall time per page.

Run: ``.venv/bin/python benchmarks/rendering.py [--corpus DIR] [--pages N] [--latency S]``
(needs the ``browser`` extra and Chromium: ``pip install -e '.[browser]'``, ``apt-get install chromium``).

From N real corpus pages (``role`` ``paired`` in ``MANIFEST.json``) it serves on 127.0.0.1, per page,
a *served twin* (the page's HTML, its scripts, stylesheets, frames and images dropped: nothing may
reach the internet) and a *script twin*: the same head and an empty body whose script fetches the
body's HTML as JSON and writes it into the page, as single-page apps do. ``check`` then runs over
all N at ``concurrency = 4`` (``per_host = 4``, ``browser_contexts = 4``) in five ways: served twin
static (the baseline), script twin static (what a tracker without a browser stores), script twin
in the browser, script twin with ``auto``, and served twin with ``auto`` (what auto costs a page
that needs no browser), after one unmeasured warm-up run. For each: word F1 against the
archive's reference Markdown (as in ``extraction.py``), words kept relative to the baseline, and
seconds per page (wall time / N; the browser's one-off start is measured apart and reported
beside). ``--latency`` delays every answer
by that many seconds, as a remote site would. ``--hosts K`` serves page n from the (n mod K)-th of
K servers (ports: hosts to the tracker and the browser), so ``--hosts N`` gives every page its own
host, as real policies mostly are, where the browser cannot reuse a host's tab. ``--readings`` runs
only some of the five (by number, 1 to 5, e.g. ``--readings 1,3`` for the baseline and the browser:
the short A/B of a browser change). ``--workers`` sets the extraction processes (default 0:
inline, as all earlier figures; ``auto``: what ``check`` uses, one per CPU for 32+ policies).
Beside wall time it reports CPU seconds per page of the tracker's process and of its finished
children (the browser's whole process tree and Playwright's driver, plus extraction workers; since
2026-12-02 h16d the benchmark adopts orphaned descendants — Chromium's zygote and renderers,
which figures before that date left out — and waits for them after each run).
"""

from __future__ import annotations

import argparse
import asyncio
import ctypes
import json
import os
import resource
import statistics
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import tomli_w
from bs4 import BeautifulSoup

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus_path import FULL_CORPUS as DEFAULT_CORPUS  # noqa: E402
from extraction import Scores, load_corpus, tokens  # noqa: E402

from tracker.check import run_check  # noqa: E402
from tracker.config import load_config  # noqa: E402
from tracker.fetch.browser import BrowserPool, browser_missing  # noqa: E402
from tracker.store import Store  # noqa: E402

SHELL = """<!doctype html><html><head>{head}</head><body><div id="root"><p>Loading...</p></div>
<script>fetch('/body/{n}.json').then(r => r.json()).then(b => {{ document.body.innerHTML = b.html; }});</script>
</body></html>"""

READINGS = (  # (twin, render, label), in the order they run
    ("static", "static", "served page, static (baseline)"),
    ("app", "static", "script-built page, static"),
    ("app", "browser", "script-built page, browser"),
    ("app", "auto", "script-built page, auto"),
    ("static", "auto", "served page, auto"),
)


def _offline(html: bytes) -> tuple[str, str]:
    """The page's head and body HTML with everything that would load from elsewhere removed."""
    soup = BeautifulSoup(html, "lxml")
    for tag in soup.find_all(["script", "link", "iframe", "img", "video", "audio", "source", "object", "embed"]):
        tag.decompose()
    head = soup.head.decode_contents() if soup.head else ""
    body = soup.body.decode_contents() if soup.body else str(soup)
    return head, body


def serve(routes: dict[str, tuple[bytes, str]], latency: float) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:
            pass

        def do_GET(self) -> None:  # noqa: N802
            if latency:
                time.sleep(latency)
            body, ctype = routes.get(self.path, (b"not found", "text/plain"))
            self.send_response(200 if self.path in routes else 404)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd


def _cpu(who: int) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def _adopt_orphans() -> bool:
    """Make this process the reaper of its orphaned descendants (Linux ``PR_SET_CHILD_SUBREAPER``):
    Chromium's zygote and renderers outlive the processes that started them at shutdown, and
    their CPU reaches ``RUSAGE_CHILDREN`` only once someone here waits for them. False elsewhere."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(36, 1, 0, 0, 0) == 0  # PR_SET_CHILD_SUBREAPER
    except (OSError, AttributeError):
        return False


def _reap_orphans() -> None:
    """Wait for the orphans adopted by ``_adopt_orphans`` that have ended (their CPU is counted then)."""
    deadline = time.monotonic() + 2.0  # the zygote ends shortly after the browser
    while time.monotonic() < deadline:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return  # no child left
        if pid == 0:
            time.sleep(0.02)


def run_mode(
    bases: list[str], names: list[str], twin: str, render: str, work: Path, workers: int | None = 0
) -> tuple[float, Store, tuple[float, float]]:
    """One ``check`` over every page's ``twin`` (static or app) read by ``render``: (seconds, store,
    CPU seconds of this process and of its finished children). The browser, its renderers and
    Playwright's driver are all reaped by the end of the run, so the children's figure is the
    whole browser's CPU (as ``getrusage(RUSAGE_CHILDREN)`` counts it), and the extraction
    workers' when ``workers`` is not 0 (None: the run's default)."""
    folder = work / f"{twin}-{render}"
    folder.mkdir(parents=True)
    policies = [
        {"id": f"p{n}", "name": name, "url": f"{bases[n % len(bases)]}/{twin}/{n}", "render": render}
        for n, name in enumerate(names)
    ]
    settings = {"store": "snapshots", "concurrency": 4, "per_host": 4, "browser_contexts": 4, "retries": 0}
    settings |= {"respect_robots": False, "timeout": 60}
    (folder / "policies.toml").write_text(tomli_w.dumps({"settings": settings, "policy": policies}))
    cpu_self, cpu_children = _cpu(resource.RUSAGE_SELF), _cpu(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    run = run_check(load_config(folder / "policies.toml"), send_alerts=False, extract_workers=workers)
    elapsed = time.perf_counter() - started
    _reap_orphans()
    cpu = (_cpu(resource.RUSAGE_SELF) - cpu_self, _cpu(resource.RUSAGE_CHILDREN) - cpu_children)
    failed = [o.error for o in run.outcomes if o.failed]
    if failed:
        print(f"  {twin}/{render}: {len(failed)} failed, e.g. {failed[0]}")
    return elapsed, Store(folder / "snapshots"), cpu


async def _browser_start() -> float:
    pool = BrowserPool()
    started = time.perf_counter()
    try:
        await pool._ensure()
        return time.perf_counter() - started
    finally:
        await pool.aclose()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--pages", type=int, default=12)
    parser.add_argument("--latency", type=float, default=0.0, help="seconds each answer is delayed")
    parser.add_argument("--hosts", type=int, default=1, help="serve the pages from this many hosts (ports)")
    parser.add_argument("--readings", default="1,2,3,4,5", help="which readings to run, by number (default all)")
    parser.add_argument(
        "--workers", default="0", help="extraction processes: 0 inline (default), N, or auto (what check uses)"
    )
    args = parser.parse_args(argv)
    workers = None if args.workers == "auto" else int(args.workers)
    if not (args.corpus / "MANIFEST.json").is_file():
        print(f"no corpus at {args.corpus}: put the shared corpus beside the repository or pass --corpus")
        return 2
    _adopt_orphans()
    missing = browser_missing()
    if missing:
        print(missing)
        return 2
    pages = [p for p in load_corpus(args.corpus)[0] if p.url][: args.pages]
    routes: dict[str, tuple[bytes, str]] = {}
    for n, page in enumerate(pages):
        head, body = _offline(page.html_path.read_bytes())
        routes[f"/static/{n}"] = (
            f"<!doctype html><html><head>{head}</head><body>{body}</body></html>".encode(),
            "text/html; charset=utf-8",
        )
        routes[f"/app/{n}"] = (SHELL.format(head=head, n=n).encode(), "text/html; charset=utf-8")
        routes[f"/body/{n}.json"] = (json.dumps({"html": body}).encode(), "application/json")
    servers = [serve(routes, args.latency) for _ in range(max(1, min(args.hosts, len(pages))))]
    bases = [f"http://127.0.0.1:{httpd.server_address[1]}" for httpd in servers]
    names = [p.name for p in pages]
    references = [tokens(p.reference_path.read_text(encoding="utf-8")) for p in pages]
    launch = asyncio.run(_browser_start())
    where = f"{len(pages)} pages on {len(servers)} host(s), concurrency 4, latency {args.latency:g} s"
    where += f", extraction workers {args.workers}"
    print(f"{where}; browser start {launch:.2f} s (once per run)")
    print(
        f"{'reading':34} {'mean F1':>8} {'words kept':>10} {'s/page':>8} {'s/page ex. start':>16} {'by browser':>10}"
        f" {'CPU s/page: tracker':>19} {'browser':>7}"
    )
    baseline_words: list[int] = []
    baseline_time, ratios = 0.0, []
    with tempfile.TemporaryDirectory() as tmp:
        run_mode(bases, names, "static", "static", Path(tmp) / "warm-up", workers)  # imports, caches: not measured
        wanted = {int(n) for n in args.readings.split(",")} | {1}  # the baseline always: words kept need it
        for number, (twin, render, label) in enumerate(READINGS, 1):
            if number not in wanted:
                continue
            elapsed, store, (cpu_self, cpu_browser) = run_mode(bases, names, twin, render, Path(tmp), workers)
            scores, words, rendered = Scores(), [], 0
            for n in range(len(pages)):
                metas = store.snapshots(f"p{n}")
                text = store.load(f"p{n}", metas[-1].snapshot_id).document.to_markdown() if metas else ""
                rendered += bool(metas) and metas[-1].rendered_by == "browser"
                scores.add(tokens(text), references[n])
                words.append(sum(tokens(text).values()))
            if not baseline_words:
                baseline_words, baseline_time = words, elapsed
            kept = sum(words) / max(sum(baseline_words), 1)
            uses_browser = rendered > 0
            per_page = elapsed / len(pages)
            ex_start = (elapsed - launch) / len(pages) if uses_browser else per_page
            print(
                f"{label:34} {statistics.mean(scores.f1):8.3f} {kept:10.1%} {per_page:8.3f} {ex_start:16.3f}"
                f" {rendered:>5}/{len(pages)} {cpu_self / len(pages):19.3f} {cpu_browser / len(pages):7.3f}"
            )
            if uses_browser:
                whole, ex = elapsed / baseline_time, (elapsed - launch) / baseline_time
                ratios.append(f"{label}: {whole:.1f}x ({ex:.1f}x ex. start)")
    for line in ratios:
        print(f"wall time against the baseline, {line}")
    for httpd in servers:
        httpd.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
