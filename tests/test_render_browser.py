"""Reading script-built policy pages: Playwright driving Debian's Chromium against pages served on
127.0.0.1 (``render`` = auto / browser / static), and the ``needs_browser`` anomaly without the extra."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import tomli_w

from tests.checks_helpers import FAST, SECTIONS, policy_page
from tests.conftest import LocalServer, Response
from tracker.check import run_check
from tracker.config import load_config
from tracker.fetch.browser import INSTALL_HINT, find_chromium
from tracker.fetch.render import plan_for
from tracker.fetch.shell import may_need_rendering, page_shape, script_shell_reason
from tracker.models import FetchResult
from tracker.store import Store

HTML = {"Content-Type": "text/html; charset=utf-8"}
needs_chromium = pytest.mark.skipif(find_chromium() is None, reason="Debian's chromium is not installed (.ci/run)")

# The policy's text arrives as JSON and a script builds the same DOM policy_page() serves.
SHELL = """<!doctype html><html><head><meta charset="utf-8"><title>Privacy Policy</title></head><body>
<nav><a href="/">Home</a> <a href="/about">About</a></nav>
<main><article id="root"><p>Loading...</p></article></main>
<noscript>Please enable JavaScript to view this page.</noscript>
<script>
fetch('/policy.json').then(r => r.json()).then(data => {
  const root = document.getElementById('root');
  root.innerHTML = '<h1>Privacy Policy</h1><p>Last updated: 19 June 2024</p>';
  for (const [h, t] of data.sections) {
    const h2 = document.createElement('h2'); h2.textContent = h; root.appendChild(h2);
    const p = document.createElement('p'); p.textContent = t + ' ' + t; root.appendChild(p);
  }
  %s
});
</script>
<footer>Copyright 2024 Example Ltd.</footer></body></html>"""


def shell_page(after: str = "") -> str:
    return SHELL % after


def serve_policies(server: LocalServer, sections: list[tuple[str, str]] | None = None) -> None:
    server.routes["/static"] = Response(policy_page(sections), headers=HTML)
    server.routes["/app"] = Response(shell_page(), headers=HTML)
    server.routes["/policy.json"] = Response(
        json.dumps({"sections": sections or SECTIONS}), headers={"Content-Type": "application/json"}
    )


def write_config(tmp: Path, policies: list[dict[str, Any]], **settings: Any) -> Path:
    path = tmp / "policies.toml"
    data = {"settings": {"store": "snapshots", "retries": 0, "timeout": 20, **settings}, "policy": policies}
    path.write_text(tomli_w.dumps(data), encoding="utf-8")
    return path


def sections_of(store: Store, policy_id: str) -> list[tuple[str, list[str]]]:
    snap = store.load(policy_id, store.snapshots(policy_id)[-1].snapshot_id)
    return [(s.heading, [c.text for c in s.clauses]) for s in snap.document.sections]


def chromium_children() -> list[str]:
    """Live (not zombie) chromium processes descended from this test process."""
    parents: dict[int, int] = {}
    names: dict[int, str] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        name = stat[stat.index("(") + 1 : stat.rindex(")")]
        fields = stat[stat.rindex(")") + 2 :].split()
        if fields[0] != "Z":
            parents[int(entry.name)], names[int(entry.name)] = int(fields[1]), name
    me, found = os.getpid(), []
    for pid, name in names.items():
        seen, cur = set(), pid
        while cur in parents and cur not in seen and cur != me:
            seen.add(cur)
            cur = parents[cur]
        if cur == me and pid != me and "chrom" in name.lower():
            found.append(f"{pid} {name}")
    return found


# --------------------------------------------------------------------------- the decision, unit by unit


def _answer(body: str) -> FetchResult:
    return FetchResult("http://x/", "http://x/", 200, {}, body.encode(), "text/html", None, "2026-01-01T00:00:00Z")


def test_script_shell_heuristic() -> None:
    assert script_shell_reason(shell_page().encode()) is not None
    react = b'<html><body><div id="root"></div><script src="/main.js"></script></body></html>'
    assert "script shell" in (script_shell_reason(react) or "")
    # a served policy with an analytics script is no shell, and holds enough text not to compare
    served = policy_page().replace("</body>", "<script>window.dataLayer=[];</script></body>").encode()
    assert script_shell_reason(served) is None
    assert not may_need_rendering(page_shape(served)) or page_shape(served).words < 300
    # a short page without any script is never a shell, whatever its size
    assert script_shell_reason(b"<html><body><p>Short.</p></body></html>") is None
    # a long text beside an empty mount point is not a shell either
    long_text = "<p>" + "word " * 400 + "</p>"
    assert script_shell_reason(f"<div id=app></div>{long_text}<script></script>".encode()) is None


def test_plan_for_auto() -> None:
    assert plan_for(_answer(shell_page()), first_read=True, browser_missing=None).action == "render"
    missing = plan_for(_answer(shell_page()), first_read=True, browser_missing="no browser (hint)")
    assert missing.action == "needs_browser" and "hint" in missing.reason
    thin = "<p>We keep your data safe.</p><script>render()</script>" + "<p>More words here.</p>" * 20
    assert plan_for(_answer(thin), first_read=True, browser_missing=None).action == "compare"
    assert plan_for(_answer(thin), first_read=False, browser_missing=None).action == "static"
    challenge = "<html><head><title>Just a moment...</title></head><body>Checking your browser</body></html>"
    assert plan_for(_answer(challenge), first_read=False, browser_missing=None).action == "render"
    assert plan_for(_answer(challenge), first_read=False, browser_missing="none").action == "static"


# --------------------------------------------------------------------------- through check, in Chromium


@needs_chromium
def test_auto_reads_script_built_page_like_its_static_twin(tmp_path: Path, http_server: LocalServer) -> None:
    serve_policies(http_server)
    policies = [
        {"id": "served", "name": "Acme Privacy Policy", "url": http_server.url("/static")},
        {"id": "built", "name": "Acme Privacy Policy", "url": http_server.url("/app"), "render": "auto"},
    ]
    cfg = write_config(tmp_path, policies)
    store = Store(tmp_path / "snapshots")
    run = run_check(load_config(cfg), fetch_options=FAST, send_alerts=False)
    served, built = run.outcomes
    assert (served.status, built.status) == ("new", "new"), (served.error, built.error)
    assert served.rendered_by == "static" and built.rendered_by == "browser"
    assert "script shell" in (built.render_reason or "")
    assert sections_of(store, "built") == sections_of(store, "served")
    assert len(sections_of(store, "built")) == len(SECTIONS)
    meta = json.loads((store.snapshot_dir("built", built.snapshot_id or "") / "meta.json").read_text())
    assert meta["rendered_by"] == "browser"
    assert store.snapshots("served")[0].rendered_by == "static"
    assert store.checks("built")[-1].details["rendered_by"] == "browser"
    assert chromium_children() == []  # the run closed its browser
    # the next run reads it in the browser again (state remembers), and sees no change
    again = run_check(load_config(cfg), fetch_options=FAST, send_alerts=False).outcomes[1]
    assert again.status == "unchanged" and again.rendered_by == "browser", again.error
    # a real edit arriving through the script is a change
    edited = [*SECTIONS[:3], ("Sharing", "We may sell your personal information to data brokers."), *SECTIONS[4:]]
    serve_policies(http_server, edited)
    changed = run_check(load_config(cfg), fetch_options=FAST, send_alerts=False).outcomes[1]
    assert changed.status == "changed" and "Sharing" in changed.changed_sections, changed.error
    assert chromium_children() == []


@needs_chromium
def test_browser_mode_wait_for_selector_headers_and_cookies(tmp_path: Path, http_server: LocalServer) -> None:
    serve_policies(http_server)
    # the text arrives 1.5 s after the data: only waiting for the marker element sees it
    late = "setTimeout(() => { const d = document.createElement('span'); d.id = 'ready';"
    late += " document.body.appendChild(d); }, 10);"
    http_server.routes["/late"] = Response(
        shell_page(late).replace(
            "fetch('/policy.json')", "new Promise(r => setTimeout(r, 1500)).then(() => fetch('/policy.json'))"
        ),
        headers=HTML,
    )
    policy = {
        "id": "late",
        "name": "Acme Privacy Policy",
        "url": http_server.url("/late"),
        "render": "browser",
        "wait_for": "#ready",
        "cookies": {"consent": "yes"},
        "headers": {"X-Reader": "tracker-test"},
        "accept_language": "de-DE,de;q=0.9",
    }
    cfg = write_config(tmp_path, [policy], user_agent="TestBrowser/1.0")
    out = run_check(load_config(cfg), fetch_options=FAST, send_alerts=False).outcomes[0]
    assert out.status == "new" and out.rendered_by == "browser", out.error
    assert len(sections_of(Store(tmp_path / "snapshots"), "late")) == len(SECTIONS)
    page_requests = [h for m, p, h in http_server.requests if p == "/late"]
    assert page_requests, "the browser never asked for the page"
    seen = {k.lower(): v for k, v in page_requests[-1].items()}
    assert seen["user-agent"] == "TestBrowser/1.0"
    assert seen["x-reader"] == "tracker-test" and seen["accept-language"].startswith("de-DE")
    assert "consent=yes" in seen.get("cookie", "")
    assert chromium_children() == []


@needs_chromium
def test_browser_pages_obey_robots(tmp_path: Path, http_server: LocalServer) -> None:
    serve_policies(http_server)
    http_server.routes["/robots.txt"] = Response(
        "User-agent: *\nDisallow: /app\n", headers={"Content-Type": "text/plain"}
    )
    policy = {"id": "built", "name": "Acme", "url": http_server.url("/app"), "render": "browser"}
    out = run_check(load_config(write_config(tmp_path, [policy])), fetch_options=FAST, send_alerts=False).outcomes[0]
    assert out.status == "error" and out.cause == "robots"
    assert not [p for _, p, _ in http_server.requests if p == "/app"]


@needs_chromium
def test_auto_compares_a_thin_page_and_keeps_the_richer_reading(tmp_path: Path, http_server: LocalServer) -> None:
    serve_policies(http_server)
    # the served HTML holds an intro; the script adds every section (not a shell: it has text)
    intro = "<p>" + " ".join(["This policy explains how Acme handles personal data."] * 8) + "</p>"
    thin = (
        shell_page()
        .replace("<p>Loading...</p>", intro)
        .replace("root.innerHTML = '<h1>Privacy Policy</h1><p>Last updated: 19 June 2024</p>';", "")
        .replace("<noscript>Please enable JavaScript to view this page.</noscript>", "")
    )
    http_server.routes["/thin"] = Response(thin, headers=HTML)
    # a short served page whose script adds nothing: compared, and the served reading stands
    plain = "<html><body><main><h2>Scope</h2><p>" + "We protect your data. " * 20 + "</p></main>"
    http_server.routes["/plain"] = Response(plain + "<script>window.x = 1;</script></body></html>", headers=HTML)
    policies = [
        {"id": "thin", "name": "Acme Privacy Policy", "url": http_server.url("/thin")},
        {"id": "plain", "name": "Acme Privacy Policy", "url": http_server.url("/plain")},
    ]
    thin_out, plain_out = run_check(
        load_config(write_config(tmp_path, policies)), fetch_options=FAST, send_alerts=False
    ).outcomes
    assert thin_out.status == "new" and thin_out.rendered_by == "browser", thin_out.error
    assert "kept over the served" in (thin_out.render_reason or "")
    assert plain_out.status == "new" and plain_out.rendered_by == "static", plain_out.error
    assert "served HTML holds as much" in (plain_out.render_reason or "")
    assert Store(tmp_path / "snapshots").state("plain")["rendered_by"] == "static"


# --------------------------------------------------------------------------- without the extra


def _check_without_playwright(cfg: Path) -> subprocess.CompletedProcess[str]:
    """``policy-tracker check --json`` in a Python where ``import playwright`` fails."""
    code = (
        "import sys; sys.modules['playwright'] = None\n"
        "from tracker.cli import main\n"
        f"sys.argv = ['policy-tracker', 'check', '--config', {str(cfg)!r}, '--json']\n"
        "main()\n"
    )
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)


def test_without_the_extra_a_script_shell_is_needs_browser(tmp_path: Path, http_server: LocalServer) -> None:
    serve_policies(http_server)
    policies = [
        {"id": "served", "name": "Acme Privacy Policy", "url": http_server.url("/static")},
        {"id": "built", "name": "Acme Privacy Policy", "url": http_server.url("/app")},
        {"id": "forced", "name": "Acme Privacy Policy", "url": http_server.url("/static"), "render": "browser"},
    ]
    cfg = write_config(tmp_path, policies)
    proc = _check_without_playwright(cfg)
    assert proc.returncode == 2, proc.stderr
    doc = {p["policy_id"]: p for p in json.loads(proc.stdout)["policies"]}
    assert doc["served"]["status"] == "new" and doc["served"]["rendered_by"] == "static"
    for pid in ("built", "forced"):
        assert doc[pid]["status"] == "anomaly" and doc[pid]["cause"] == "needs_browser"
        assert INSTALL_HINT in doc[pid]["error"]
    store = Store(tmp_path / "snapshots")
    assert store.snapshots("built") == [] and store.snapshots("forced") == []  # never a baseline
    assert "Traceback" not in proc.stderr


@needs_chromium
@pytest.mark.timeout(180)
def test_second_requests_never_wait_behind_unadmitted_policies(tmp_path: Path, http_server: LocalServer) -> None:
    """More policies than run slots on one host, each needing a second request (browser, next page):
    an admitted policy's next request must not wait for a host slot held by one waiting for admission."""
    serve_policies(http_server)
    policies = [{"id": f"app{n}", "name": "Acme Privacy Policy", "url": http_server.url("/app")} for n in range(4)]
    policies.append({"id": "pages", "name": "Acme", "urls": [http_server.url("/static"), http_server.url("/app")]})
    cfg = write_config(tmp_path, policies, concurrency=1, per_host=1, browser_contexts=1)
    run = run_check(load_config(cfg), fetch_options=FAST, send_alerts=False)
    assert [o.status for o in run.outcomes] == ["new"] * 5, [o.error for o in run.outcomes]
    assert all(o.rendered_by == "browser" for o in run.outcomes)
