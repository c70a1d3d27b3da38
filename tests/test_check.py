"""The check run end to end against a real local server: statuses, store safety, CLI contract."""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.checks_helpers import (
    FAST,
    SECTIONS,
    gzip_bomb,
    huge,
    policy_page,
    reset,
    snapshot_fingerprint,
    stall,
    truncated,
    write_config,
)
from tests.conftest import LocalServer, Response
from tracker.check import run_check
from tracker.cli import main
from tracker.config import load_config
from tracker.store import Store

HTML = {"Content-Type": "text/html; charset=utf-8"}


def setup(tmp_path: Path, server: LocalServer, **settings: object) -> tuple[Path, Store]:
    server.routes["/p"] = Response(policy_page(), headers=HTML)
    cfg = write_config(tmp_path, [{"id": "acme", "name": "Acme", "url": server.url("/p")}], **settings)
    return cfg, Store(tmp_path / "snapshots")


def check(cfg: Path, **kw: object):  # type: ignore[no-untyped-def]
    return run_check(load_config(cfg), fetch_options=FAST, **kw)  # type: ignore[arg-type]


def test_first_then_unchanged_then_noise(tmp_path: Path, http_server: LocalServer) -> None:
    cfg, store = setup(tmp_path, http_server)
    first = check(cfg).outcomes[0]
    assert first.status == "new" and first.snapshot_id
    assert (store.policy_dir("acme") / "snap" / first.snapshot_id / "raw.html").is_file()
    again = check(cfg).outcomes[0]
    assert again.status == "unchanged" and again.snapshot_id == first.snapshot_id
    http_server.routes["/p"] = Response(policy_page(token="zzz999", banner="Cookies help us."), headers=HTML)
    noise = check(cfg).outcomes[0]
    assert noise.status == "unchanged"
    assert len(store.snapshots("acme")) == 1
    assert [c.status for c in store.checks("acme")] == ["new", "unchanged", "unchanged"]
    runs = (store.root / "runs.jsonl").read_text().splitlines()
    assert len(runs) == 3 and json.loads(runs[0])["policies"] == {"acme": "new"}


def test_etag_gives_not_modified(tmp_path: Path, http_server: LocalServer) -> None:
    cfg, store = setup(tmp_path, http_server)

    def route(h: BaseHTTPRequestHandler) -> Response:
        if h.headers.get("If-None-Match") == '"e1"':
            return Response(b"", 304, {"ETag": '"e1"'})
        return Response(policy_page(), headers={**HTML, "ETag": '"e1"'})

    http_server.routes["/p"] = route
    assert check(cfg).outcomes[0].status == "new"
    assert store.state("acme")["etag"] == '"e1"'
    out = check(cfg).outcomes[0]
    assert out.status == "not_modified" and out.snapshot_id == store.snapshots("acme")[0].snapshot_id
    assert store.checks("acme")[-1].status == "not_modified"


def test_real_change_writes_report_and_notices(tmp_path: Path, http_server: LocalServer) -> None:
    cfg, store = setup(tmp_path, http_server)
    check(cfg)
    edited = list(SECTIONS)
    edited[2] = ("Sharing", "We may disclose your personal information to advertising partners and affiliates.")
    edited[3] = ("Retention", "We keep your data for 10 years after your account is closed.")
    http_server.routes["/p"] = Response(policy_page(edited), headers=HTML)
    out = check(cfg).outcomes[0]
    assert out.status == "changed"
    assert out.previous_snapshot_id and out.snapshot_id != out.previous_snapshot_id
    assert set(out.changed_sections) >= {"Sharing", "Retention"}
    assert "Information we collect" not in out.changed_sections
    assert out.materiality == "material" and out.summary
    report = Path(out.report_path or "")
    assert report.is_file() and "advertising partners" in report.read_text()
    diff = json.loads((report.parent / "diff.json").read_text())
    assert diff["schema"] == "policy-tracker/diff/2" and diff["has_changes"]
    assert out.notice_paths and all(Path(p).is_file() for p in out.notice_paths.values())
    assert len(store.snapshots("acme")) == 2
    feed = (store.root / "feed.atom").read_text()
    assert "acme" in feed and out.snapshot_id in feed and "<entry>" in feed


FAULTS = {
    "404": (lambda s: Response("gone", 404, HTML), "error", "http_404"),
    "500": (lambda s: Response("oops", 500, HTML), "error", "http_500"),
    "timeout": (lambda s: lambda h: stall(h, 3.0), "error", "timeout"),
    "reset": (lambda s: reset, "error", "connect"),
    "truncated": (lambda s: truncated, "error", "truncated"),
    "redirect-loop": (lambda s: Response(b"", 302, {"Location": "/p"}), "error", "redirect_loop"),
    "50mb": (lambda s: huge, "error", "too_large"),
    "gzip-bomb": (
        lambda s: Response(gzip_bomb(100 * 1024 * 1024), headers={**HTML, "Content-Encoding": "gzip"}),
        "error",
        "too_large",
    ),
    "429-retry-after": (
        lambda s: Response("slow down", 429, {"Content-Type": "text/plain", "Retry-After": "1"}),
        "error",
        "http_429",
    ),
    "503": (lambda s: Response("busy", 503, {**HTML, "Retry-After": "0"}), "error", "http_503"),
    "non-html": (
        lambda s: Response(b"\x89PNG\r\n", headers={"Content-Type": "image/png"}),
        "anomaly",
        "unsupported_content_type",
    ),
    "empty": (lambda s: Response("<html><body></body></html>", headers=HTML), "anomaly", "empty"),
    "challenge": (
        lambda s: Response(
            "<html><head><title>Just a moment...</title></head><body>Checking your browser</body></html>",
            403 if s else 200,
            HTML,
        ),
        "anomaly",
        "challenge",
    ),
    "challenge-403": (
        lambda s: Response(
            "<html><head><title>Just a moment...</title></head><body>Checking your browser</body></html>", 403, HTML
        ),
        "anomaly",
        "challenge",
    ),
    "challenge-503-gzip": (
        lambda s: Response(
            gzip.compress(b"<html><body><div id='cf-browser-verification'>One moment</div></body></html>"),
            503,
            {**HTML, "Content-Encoding": "gzip"},
        ),
        "anomaly",
        "challenge",
    ),
    "shrunk": (
        lambda s: Response(policy_page(SECTIONS[:1]), headers=HTML),
        "anomaly",
        "shrank",
    ),
}


@pytest.mark.parametrize("name", sorted(FAULTS))
def test_failures_never_touch_snapshots(tmp_path: Path, http_server: LocalServer, name: str) -> None:
    cfg, store = setup(tmp_path, http_server, timeout=1)
    assert check(cfg).outcomes[0].status == "new"
    before = snapshot_fingerprint(store.root)
    make, status, cause = FAULTS[name]
    http_server.routes["/p"] = make(False)
    http_server.routes["/q"] = Response(b"", 302, {"Location": "/p"}) if name == "redirect-loop" else make(False)
    if name == "redirect-loop":
        http_server.routes["/p"] = Response(b"", 302, {"Location": "/q"})
    out = check(cfg).outcomes[0]
    assert out.status == status, out.error
    if cause:
        assert out.cause == cause, out.error
    assert out.error and out.error.startswith("policy 'acme':") and "\n" not in out.error
    assert snapshot_fingerprint(store.root) == before
    assert len(store.snapshots("acme")) == 1
    assert not (store.policy_dir("acme") / "reports").exists()
    last = store.checks("acme")[-1]
    assert last.status == status and last.error == out.error
    assert store.state("acme")["failures"] == 1


def test_transient_failures_retried_to_the_same_text(tmp_path: Path, http_server: LocalServer) -> None:
    """503 then 200, and 429 with Retry-After then 200: retried, the same text, nothing stored."""
    cfg, store = setup(tmp_path, http_server, retries=2)
    assert check(cfg).outcomes[0].status == "new"
    before = snapshot_fingerprint(store.root)
    for first in (
        Response("busy", 503, HTML),
        Response("slow down", 429, {"Content-Type": "text/plain", "Retry-After": "1"}),
    ):
        answers = [first]

        def route(h: BaseHTTPRequestHandler, answers: list[Response] = answers) -> Response:
            return answers.pop() if answers else Response(policy_page(), headers=HTML)

        http_server.routes["/p"] = route
        http_server.requests.clear()
        out = check(cfg).outcomes[0]
        assert out.status == "unchanged" and out.error is None and out.failures == 0
        assert [r[1] for r in http_server.requests if r[1] == "/p"] == ["/p", "/p"]  # one retry
        assert snapshot_fingerprint(store.root) == before
    assert len(store.snapshots("acme")) == 1
    assert not (store.policy_dir("acme") / "reports").exists()


def test_first_check_failure_creates_no_snapshot(tmp_path: Path, http_server: LocalServer) -> None:
    cfg, store = setup(tmp_path, http_server)
    http_server.routes["/p"] = Response("", headers=HTML)
    out = check(cfg).outcomes[0]
    assert out.status == "anomaly" and out.snapshot_id is None
    assert store.snapshots("acme") == []


def test_wrong_charset_is_decoded_and_stable(tmp_path: Path, http_server: LocalServer) -> None:
    page = policy_page([("Résumé", "Données café naïve résumé élève."), *SECTIONS]).replace(
        '<meta charset="utf-8">', ""
    )
    http_server.routes["/p"] = Response(page.encode("cp1252"), headers={"Content-Type": "text/html; charset=utf-8"})
    cfg = write_config(tmp_path, [{"id": "acme", "name": "Acme", "url": http_server.url("/p")}])
    store = Store(tmp_path / "snapshots")
    assert check(cfg).outcomes[0].status == "new"
    assert "Données café" in store.markdown_path("acme", store.snapshots("acme")[0].snapshot_id).read_text()
    before = snapshot_fingerprint(store.root)
    http_server.routes["/p"] = Response(
        page.encode("cp1252"), headers={"Content-Type": "text/html; charset=windows-1252"}
    )
    assert check(cfg).outcomes[0].status == "unchanged"
    assert snapshot_fingerprint(store.root) == before and len(store.snapshots("acme")) == 1


def test_robots_disallow_is_respected(tmp_path: Path, http_server: LocalServer) -> None:
    cfg, store = setup(tmp_path, http_server)
    http_server.routes["/robots.txt"] = Response(
        "User-agent: *\nDisallow: /p\n", headers={"Content-Type": "text/plain"}
    )
    out = check(cfg).outcomes[0]
    assert out.status == "error" and out.cause == "robots"
    assert not any(r[1] == "/p" for r in http_server.requests)
    cfg2 = write_config(tmp_path, [{"id": "acme", "name": "Acme", "url": http_server.url("/p")}], respect_robots=False)
    assert check(cfg2).outcomes[0].status == "new"


def test_per_host_limit_and_custom_user_agent(tmp_path: Path, http_server: LocalServer) -> None:
    import threading
    import time

    active, peak, lock = [0], [0], threading.Lock()

    def route(h: BaseHTTPRequestHandler) -> Response:
        with lock:
            active[0] += 1
            peak[0] = max(peak[0], active[0])
        time.sleep(0.15)
        with lock:
            active[0] -= 1
        return Response(policy_page(), headers=HTML)

    policies = []
    for i in range(6):
        http_server.routes[f"/p{i}"] = route
        policies.append({"id": f"p{i}", "name": f"P{i}", "url": http_server.url(f"/p{i}")})
    cfg = write_config(tmp_path, policies, per_host=2, concurrency=8, user_agent="TestBot/1.0")
    outcomes = check(cfg).outcomes
    assert [o.status for o in outcomes] == ["new"] * 6
    assert peak[0] == 2
    assert all(r[2].get("User-Agent") == "TestBot/1.0" for r in http_server.requests)


# --------------------------------------------------------------------------- CLI contract


def test_cli_json_and_exit_codes(tmp_path: Path, http_server: LocalServer) -> None:
    cfg, store = setup(tmp_path, http_server)
    runner = CliRunner()
    first = runner.invoke(main, ["check", "--config", str(cfg), "--json", "--exit-code"])
    assert first.exit_code == 0, first.output
    doc = json.loads(first.stdout)
    assert doc["schema"] == "policy-tracker/check/1" and doc["counts"] == {"new": 1}
    record = doc["policies"][0]
    expected_keys = {
        "policy_id", "name", "url", "status", "checked_at", "snapshot_id", "previous_snapshot_id", "summary",
        "materiality", "changed_sections", "report_path", "notice_paths", "error", "cause", "http_status",
        "final_url", "redirects", "failures", "rendered_by", "render_reason", "has_changes",
    }  # fmt: skip
    assert set(record) == expected_keys
    assert record["status"] == "new" and record["snapshot_id"]
    edited = [(h, t + " We may also sell it to data brokers.") for h, t in SECTIONS]
    http_server.routes["/p"] = Response(policy_page(edited), headers=HTML)
    changed = runner.invoke(main, ["check", "--config", str(cfg), "--exit-code"])
    assert changed.exit_code == 1
    assert changed.stdout.startswith("acme: changed - ")
    same = runner.invoke(main, ["check", "--config", str(cfg), "--exit-code"])
    assert same.exit_code == 0 and same.stdout.strip() == "acme: unchanged"
    http_server.routes["/p"] = Response("gone", 404, HTML)
    failed = runner.invoke(main, ["check", "--config", str(cfg), "--json"])
    assert failed.exit_code == 2
    assert json.loads(failed.stdout)["policies"][0]["cause"] == "http_404"
    assert "error: policy 'acme':" in failed.stderr and "HTTP 404" in failed.stderr


def test_cli_bad_config_and_unknown_policy_exit_2(tmp_path: Path, http_server: LocalServer) -> None:
    cfg, _ = setup(tmp_path, http_server)
    result = CliRunner().invoke(main, ["check", "--config", str(cfg), "--policy", "nope"])
    assert result.exit_code == 2 and "no policy with id 'nope'" in result.stderr
    bad = tmp_path / "bad.toml"
    bad.write_text('[[policy]]\nid = "x"\nname = "X"\nurl = "ftp://x"\n')
    result = CliRunner().invoke(main, ["check", "--config", str(bad)])
    assert result.exit_code == 2 and "field 'url'" in result.stderr


def test_lock_contention_fails_clearly(tmp_path: Path, http_server: LocalServer) -> None:
    cfg, store = setup(tmp_path, http_server)
    with store.lock():
        result = CliRunner().invoke(main, ["check", "--config", str(cfg)])
    assert result.exit_code == 2
    assert "locked by another run" in result.stderr
    assert store.policy_ids() == []
    assert not any(r[1] == "/p" for r in http_server.requests)


def test_store_option_overrides_config(tmp_path: Path, http_server: LocalServer) -> None:
    cfg, _ = setup(tmp_path, http_server)
    other = tmp_path / "elsewhere"
    result = CliRunner().invoke(main, ["check", "--config", str(cfg), "--store", str(other)])
    assert result.exit_code == 0, result.output
    assert Store(other).policy_ids() == ["acme"]
    assert not (tmp_path / "snapshots" / "acme").exists()


def test_extraction_in_worker_processes_matches_inline(tmp_path: Path, http_server: LocalServer) -> None:
    http_server.routes["/a"] = Response(policy_page(), headers=HTML)
    http_server.routes["/b"] = Response("<html><body></body></html>", headers=HTML)
    cfg = write_config(
        tmp_path,
        [
            {"id": "a", "name": "A", "url": http_server.url("/a")},
            {"id": "b", "name": "B", "url": http_server.url("/b")},
        ],
    )
    pooled = run_check(load_config(cfg), fetch_options=FAST, extract_workers=2).outcomes
    assert [o.status for o in pooled] == ["new", "anomaly"]
    assert pooled[1].cause == "empty" and pooled[1].error and "policy 'b'" in pooled[1].error
    inline = run_check(load_config(cfg), fetch_options=FAST, extract_workers=0).outcomes
    assert [o.status for o in inline] == ["unchanged", "anomaly"]  # same normalised text either way


def test_challenge_detection_spares_real_policies() -> None:
    from tracker.fetch.challenge import challenge_reason
    from tracker.models import FetchResult

    def res(body: str) -> FetchResult:
        return FetchResult("u", "u", 200, {}, body.encode(), "text/html", "utf-8", "2026-01-01T00:00:00Z")

    long_policy = policy_page() + "<p>We use Google reCAPTCHA to protect forms.</p>" * 200
    assert challenge_reason(res(long_policy)) is None
    assert challenge_reason(res("<title>Just a moment...</title>")) is not None
    assert challenge_reason(res("<p>Please solve the CAPTCHA</p>")) is not None


def test_host_delay_spaces_requests(tmp_path: Path, http_server: LocalServer) -> None:
    import time

    starts: list[float] = []

    def route(h: BaseHTTPRequestHandler) -> Response:
        starts.append(time.monotonic())
        return Response(policy_page(), headers=HTML)

    policies = []
    for i in range(3):
        http_server.routes[f"/d{i}"] = route
        policies.append({"id": f"d{i}", "name": f"D{i}", "url": http_server.url(f"/d{i}")})
    cfg = write_config(tmp_path, policies, per_host=3, host_delay=1.0, respect_robots=False)
    assert [o.status for o in check(cfg).outcomes] == ["new"] * 3
    gaps = [b - a for a, b in zip(sorted(starts), sorted(starts)[1:], strict=False)]
    # the server notes each request when its thread gets to it: on a loaded machine that lags by
    # up to a few tenths of a second, so the delay is 1 s and the tolerance 0.25 s (without the
    # delay the three requests arrive together: gaps near 0)
    assert len(gaps) == 2 and min(gaps) >= 0.75, gaps


def test_selector_gone_is_anomaly_and_redirects_recorded(tmp_path: Path, http_server: LocalServer) -> None:
    http_server.routes["/old"] = Response(b"", 301, {"Location": "/p"})
    http_server.routes["/p"] = Response(policy_page(), headers=HTML)
    cfg = write_config(tmp_path, [{"id": "acme", "name": "Acme", "url": http_server.url("/old"), "select": "main"}])
    store = Store(tmp_path / "snapshots")
    first = check(cfg).outcomes[0]
    assert first.status == "new" and first.redirects == (http_server.url("/old"),)
    assert store.snapshots("acme")[0].redirects == (http_server.url("/old"),)
    assert store.snapshots("acme")[0].final_url == http_server.url("/p")
    http_server.routes["/p"] = Response(policy_page().replace("<main>", "<div>").replace("</main>", "</div>"))
    out = check(cfg).outcomes[0]
    assert out.status == "anomaly" and out.cause == "selector_matched_nothing", out.error
    assert len(store.snapshots("acme")) == 1


def test_unexpected_failure_on_one_policy_does_not_sink_the_run(
    tmp_path: Path, http_server: LocalServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tracker.check.run as check_module

    real = check_module.process_fetched

    def flaky(config, store, policy, *args, **kwargs):  # type: ignore[no-untyped-def]
        if policy.id == "bad":
            raise RuntimeError("boom\nsecond line")
        return real(config, store, policy, *args, **kwargs)

    monkeypatch.setattr(check_module, "process_fetched", flaky)
    http_server.routes["/a"] = Response(policy_page(), headers=HTML)
    cfg = write_config(
        tmp_path,
        [
            {"id": "bad", "name": "Bad", "url": http_server.url("/a")},
            {"id": "good", "name": "G", "url": http_server.url("/a")},
        ],
    )
    bad, good = check(cfg).outcomes
    assert good.status == "new"
    assert bad.status == "error" and bad.error == "policy 'bad': internal error RuntimeError: boom"


def test_progress_bar_on_a_terminal_none_when_piped(tmp_path: Path, http_server: LocalServer) -> None:
    import os
    import pty
    import subprocess
    import sys

    http_server.routes["/a"] = Response(policy_page(), headers=HTML)
    policies = [{"id": f"p{i}", "name": f"P{i}", "url": http_server.url("/a")} for i in range(3)]
    cfg = write_config(tmp_path, policies)
    command = [sys.executable, "-m", "tracker", "check", "--config", str(cfg), "--no-alerts"]
    piped = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert piped.returncode == 0, piped.stderr
    assert "checking" not in piped.stderr and piped.stdout.count(": new") == 3
    primary, secondary = pty.openpty()  # stderr on a terminal, stdout still piped
    try:
        tty = subprocess.run(command, stdout=subprocess.PIPE, stderr=secondary, text=True, timeout=120)
        os.close(secondary)
        shown = b""
        while True:
            try:
                data = os.read(primary, 65536)
            except OSError:  # EIO: the terminal's other side is closed and drained
                break
            if not data:
                break
            shown += data
    finally:
        os.close(primary)
    assert tty.returncode == 0
    assert b"checking" in shown and b"100%" in shown
    assert tty.stdout.count(": unchanged") == 3  # the per-policy lines still go to stdout


def test_a_host_waiting_out_its_crawl_delay_does_not_hold_up_other_hosts(
    tmp_path: Path, http_server: LocalServer
) -> None:
    # two hosts: two servers (``localhost`` is the same host as 127.0.0.1 since issue 14)
    other = LocalServer().start()
    order: list[str] = []

    def page(label: str) -> Callable[[BaseHTTPRequestHandler], Response]:
        def answer(h: BaseHTTPRequestHandler) -> Response:
            order.append(label)
            return Response(policy_page(), headers=HTML)

        return answer

    try:
        http_server.routes["/robots.txt"] = Response("User-agent: *\nCrawl-delay: 1\nAllow: /\n")
        other.routes["/robots.txt"] = Response("User-agent: *\nAllow: /\n", headers={"Content-Type": "text/plain"})
        http_server.routes["/s"], other.routes["/s"] = page("slow"), page("fast")
        slow = [{"id": f"slow{i}", "name": f"S{i}", "url": http_server.url(f"/s?{i}")} for i in range(3)]
        fast = {"id": "fast", "name": "F", "url": other.url("/s")}
        cfg = write_config(tmp_path, [*slow, fast], concurrency=1, per_host=1)
        assert [o.status for o in check(cfg).outcomes] == ["new"] * 4
        assert order[-1] == "slow"  # the last page fetched is a slow-host one ...
        assert "fast" in order[:-1]  # ... the other host went before
    finally:
        other.stop()
