"""A check whose answers are 304s: it goes the lean path (``tracker.fetch.revalidate``) with every
politeness rule of the full one, loads none of the heavy modules, and stays bounded in memory."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest

from tests.checks_helpers import FAST, policy_page, write_config
from tests.conftest import LocalServer, Response
from tracker.check import run_check
from tracker.config import load_config
from tracker.store import Store

REPO = Path(__file__).resolve().parent.parent


def _conditional(http_server: LocalServer, path: str, starts: list[float] | None = None) -> None:
    def answer(h: BaseHTTPRequestHandler) -> Response:
        if starts is not None:
            starts.append(time.monotonic())
        if h.headers.get("If-None-Match") == '"v1"':
            return Response(b"", 304, {"ETag": '"v1"'})
        return Response(policy_page(), headers={"Content-Type": "text/html; charset=utf-8", "ETag": '"v1"'})

    http_server.routes[path] = answer


def test_304s_keep_the_host_delay_and_the_per_host_limit(tmp_path: Path, http_server: LocalServer) -> None:
    starts: list[float] = []
    for k in range(3):
        _conditional(http_server, f"/p{k}", starts)
    policies = [{"id": f"p{k}", "name": f"P{k}", "url": http_server.url(f"/p{k}")} for k in range(3)]
    cfg = load_config(write_config(tmp_path, policies, per_host=3, host_delay=1.0, respect_robots=False))
    assert {o.status for o in run_check(cfg, fetch_options=FAST, send_alerts=False).outcomes} == {"new"}
    starts.clear()
    run = run_check(cfg, fetch_options=FAST, send_alerts=False)
    assert [o.status for o in run.outcomes] == ["not_modified"] * 3
    gaps = [b - a for a, b in zip(sorted(starts), sorted(starts)[1:], strict=False)]
    assert len(gaps) == 2 and min(gaps) >= 0.75, gaps  # 1 s, less the server's lag on a loaded machine
    assert all(h.get("If-None-Match") == '"v1"' for _, path, h in http_server.requests[-3:])


def test_robots_txt_still_decides_before_a_revalidation(tmp_path: Path, http_server: LocalServer) -> None:
    _conditional(http_server, "/private/p")
    http_server.routes["/robots.txt"] = Response("User-agent: *\nAllow: /\n", headers={"Content-Type": "text/plain"})
    path = write_config(tmp_path, [{"id": "acme", "name": "Acme", "url": http_server.url("/private/p")}])
    assert run_check(load_config(path), fetch_options=FAST, send_alerts=False).outcomes[0].status == "new"
    http_server.routes["/robots.txt"] = Response(
        "User-agent: *\nDisallow: /private\n", headers={"Content-Type": "text/plain"}
    )
    asked = len(http_server.requests)
    outcome = run_check(load_config(path), fetch_options=FAST, send_alerts=False).outcomes[0]
    assert outcome.status == "error" and outcome.cause == "robots"
    assert [p for _, p, _ in http_server.requests[asked:]] == ["/robots.txt"]  # the page was never asked


def test_a_run_of_304s_loads_no_http_client_extractor_or_renderer(tmp_path: Path, http_server: LocalServer) -> None:
    _conditional(http_server, "/p")
    config = write_config(
        tmp_path, [{"id": "acme", "name": "Acme", "url": http_server.url("/p")}], respect_robots=False
    )
    assert run_check(load_config(config), fetch_options=FAST, send_alerts=False).outcomes[0].status == "new"
    script = (
        "import json, sys\n"
        "from tracker.cli import main\n"
        f"sys.argv = ['policy-tracker', 'check', '--config', {str(config)!r}, '--json', '--no-alerts']\n"
        "try:\n    main()\nexcept SystemExit as exc:\n    code = exc.code\n"
        "print(json.dumps([code, sorted(m for m, module in sys.modules.items() if module is not None)]))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=REPO, timeout=120)
    code, modules = json.loads(done.stdout.splitlines()[-1])
    assert code == 0 and '"not_modified": 1' in done.stdout
    heavy = ("httpx", "httpcore", "h11", "lxml", "jinja2", "feedgen", "multiprocessing", "py3langid", "bs4")
    assert [m for m in modules if m.split(".")[0] in heavy] == []
    steps = {m for m in modules if m.split(".")[0] == "tracker" and m.count(".") >= 2}
    assert {m.split(".")[1] for m in steps} & {"diff", "classify", "templating"} == set()
    assert sorted(m for m in steps if m.startswith(("tracker.extract.", "tracker.report."))) == [
        "tracker.extract.pool",  # (the pool itself is made on the first extraction)
        "tracker.report.feed",  # (feedgen loads when a feed is written)
    ]


CHALLENGE = "<html><head><title>Just a moment...</title></head><body>Checking your browser</body></html>"


@pytest.mark.parametrize(("status", "body", "asks"), [(404, "gone", 1), (503, CHALLENGE, 1), (500, "oops", 2)])
def test_an_error_answer_to_a_revalidation_costs_the_requests_a_full_fetch_costs_and_logs_the_same(
    tmp_path: Path, http_server: LocalServer, status: int, body: str, asks: int
) -> None:
    """A policy with an ETag (the lean path) and one without (httpx's path), both answered with an
    error: the same outcome and the same log record, and the server asked once per policy per
    check (twice for a 5xx with ``retries = 1``: the retry, as on httpx's path)."""
    page = policy_page()
    http_server.routes["/lean"] = Response(page, headers={"Content-Type": "text/html; charset=utf-8", "ETag": '"v1"'})
    http_server.routes["/plain"] = Response(page, headers={"Content-Type": "text/html; charset=utf-8"})
    policies = [{"id": k, "name": k, "url": http_server.url(f"/{k}")} for k in ("lean", "plain")]
    cfg = load_config(write_config(tmp_path, policies, respect_robots=False, retries=1, render="static"))
    assert [o.status for o in run_check(cfg, fetch_options=FAST, send_alerts=False).outcomes] == ["new", "new"]
    for k in ("lean", "plain"):
        http_server.routes[f"/{k}"] = Response(body, status, {"Content-Type": "text/html"})
    asked = len(http_server.requests)
    lean, plain = run_check(cfg, fetch_options=FAST, send_alerts=False).outcomes
    paths = [p for _, p, _ in http_server.requests[asked:]]
    assert sorted(paths) == sorted(["/lean"] * asks + ["/plain"] * asks)
    assert [h.get("If-None-Match") for _, p, h in http_server.requests[asked:] if p == "/lean"] == ['"v1"'] * asks
    assert lean.status == plain.status == ("anomaly" if body == CHALLENGE else "error")
    assert (lean.cause, lean.http_status) == (plain.cause, plain.http_status)
    assert lean.cause == ("challenge" if body == CHALLENGE else f"http_{status}")
    assert (lean.error or "").replace("lean", "plain") == plain.error
    store = Store(cfg.store_path)
    records = [store.records(k)[-1] for k in ("lean", "plain")]
    kept = ("type", "status", "details", "materiality", "summary", "previous_snapshot_id", "seq")
    assert [{k: r.get(k) for k in kept} for r in records][0] == {k: records[1].get(k) for k in kept}
    assert records[0]["details"] == {"cause": lean.cause, "http_status": status}
    assert records[0]["error"].replace("lean", "plain") == records[1]["error"]


@pytest.mark.parametrize("recovered", [0, 2])
def test_the_json_document_is_written_record_by_record_with_the_same_bytes(recovered: int) -> None:
    """``check --json`` writes each policy's record as it goes (``CheckRun.json_pieces``): the
    bytes are ``json.dumps(run.to_dict(), ensure_ascii=False, indent=2)``'s, nested values too."""
    from tracker.check.outcome import CheckOutcome, CheckRun

    outcomes = [
        CheckOutcome("a", "Äpfel « GmbH »", "not_modified", url="https://a.example/p", http_status=304),
        CheckOutcome(
            "b", 'B "quoted"\nname', "changed", summary="Sharing: 2 sections", changed_sections=["x", "ÿ\t"],
            notice_paths={"en": "b/notice.md", "fr": "b/avis.md"}, redirects=["https://b.example/1"], has_changes=True,
        ),
        CheckOutcome("c", "C", "error", error="policy 'c': HTTP 503", cause="http_503", failures=3),
    ]  # fmt: skip
    run = CheckRun("2026-12-02T22:00:00Z", "2026-12-02T22:00:05Z", outcomes, recovered=outcomes[:recovered])
    pieces = list(run.json_pieces())
    assert "".join(pieces) == json.dumps(run.to_dict(), ensure_ascii=False, indent=2)
    assert len(pieces) > len(outcomes)  # record by record, not one string
    empty = CheckRun("2026-12-02T22:00:00Z", "2026-12-02T22:00:00Z", [])
    assert "".join(empty.json_pieces()) == json.dumps(empty.to_dict(), ensure_ascii=False, indent=2)


def test_a_run_caps_its_malloc_arenas_unless_the_environment_does(monkeypatch: pytest.MonkeyPatch) -> None:
    import platform

    from tracker.check.arenas import ARENAS, limit_arenas

    monkeypatch.setenv("MALLOC_ARENA_MAX", "4")
    assert limit_arenas() is None  # the environment's own cap is left alone
    monkeypatch.delenv("MALLOC_ARENA_MAX")
    glibc = sys.platform == "linux" and platform.libc_ver()[0] == "glibc"
    assert limit_arenas() == (ARENAS if glibc else None)


def test_a_run_pins_mallocs_thresholds_unless_the_environment_sets_them(monkeypatch: pytest.MonkeyPatch) -> None:
    import platform

    from tracker.check.arenas import THRESHOLD, pin_thresholds

    for name, value in (("MALLOC_MMAP_THRESHOLD_", "65536"), ("GLIBC_TUNABLES", "glibc.malloc.trim_threshold=1")):
        monkeypatch.setenv(name, value)
        assert pin_thresholds() is None  # the environment's own setting is left alone
        monkeypatch.delenv(name)
    monkeypatch.delenv("MALLOC_TRIM_THRESHOLD_", raising=False)
    monkeypatch.delenv("MALLOC_MMAP_THRESHOLD_", raising=False)
    monkeypatch.setenv("GLIBC_TUNABLES", "glibc.malloc.tcache_count=7")  # another tunable: still pinned
    glibc = sys.platform == "linux" and platform.libc_ver()[0] == "glibc"
    assert pin_thresholds() == (THRESHOLD if glibc else None)


def test_the_heap_is_trimmed_at_most_once_per_interval() -> None:
    import platform

    from tracker.check.arenas import trim

    glibc = sys.platform == "linux" and platform.libc_ver()[0] == "glibc"
    assert trim(every=0.0) is glibc  # runs (with glibc)
    assert trim(every=3600.0) is False  # not again within the interval
