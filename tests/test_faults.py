"""The fault suite: pages that are not the policy, redirects that go where they should not, text
that lies, through the real ``check`` against servers on 127.0.0.1. Each asserts the documented
status and cause, that no notice is drafted, and that no stored snapshot byte changed."""

from __future__ import annotations

import os
import random
import threading
import time
from http.server import BaseHTTPRequestHandler
from pathlib import Path

from tests.checks_helpers import FAST, SECTIONS, policy_page, snapshot_fingerprint, write_config
from tests.conftest import LocalServer, Response
from tests.test_extract import _pdf
from tracker.check import CheckOutcome, run_check
from tracker.config import load_config
from tracker.errors import ANOMALY_CAUSES
from tracker.store import Store

HTML = {"Content-Type": "text/html; charset=utf-8"}
REPO = Path(__file__).resolve().parent.parent


def _setup(tmp: Path, server: LocalServer, **settings: object) -> tuple[Path, Store]:
    server.routes["/robots.txt"] = Response("User-agent: *\nAllow: /\n", headers={"Content-Type": "text/plain"})
    settings.setdefault("retries", 0)
    cfg = write_config(tmp, [{"id": "acme", "name": "Acme", "url": server.url("/p")}], **settings)
    return cfg, Store(tmp / "snapshots")


def _check(cfg: Path) -> CheckOutcome:
    return run_check(load_config(cfg), fetch_options=FAST, send_alerts=False).outcomes[0]


def _notices(store: Store) -> list[Path]:
    return [p for p in store.root.rglob("notice*") if p.is_file()]


def _baseline(tmp: Path, server: LocalServer, page: str | None = None, **settings: object) -> tuple[Path, Store]:
    cfg, store = _setup(tmp, server, **settings)
    server.routes["/p"] = Response(page or policy_page(), headers=HTML)
    assert _check(cfg).status == "new"
    return cfg, store


def _assert_held(cfg: Path, store: Store, status: str, cause: str) -> CheckOutcome:
    """One check: the given status and cause, nothing stored, no notice, the cause in --json."""
    before, notices = snapshot_fingerprint(store.root), _notices(store)
    outcome = _check(cfg)
    assert (outcome.status, outcome.cause) == (status, cause), outcome.error
    assert outcome.to_dict()["cause"] == cause
    assert snapshot_fingerprint(store.root) == before
    assert _notices(store) == notices
    record = store.checks("acme")[-1]
    assert (record.status, record.details.get("cause")) == (status, cause)
    return outcome


def _kept_evidence(store: Store, outcome: CheckOutcome, body: bytes) -> None:
    evidence = store.checks("acme")[-1].details["anomaly"]
    folder = store.anomaly_dir("acme", evidence["id"])
    assert (folder / evidence["raw"]).read_bytes() == body
    assert "policy-tracker accept acme" in str(outcome.error)


LOGIN = """<!doctype html><html><head><title>Sign in</title></head><body><main>
<h1>Sign in to continue</h1><p>Please log in with your username and password to see this page.</p>
<p>Forgot your password? Create an account in a minute.</p><form><label>Username <input name=u></label>
<label>Password <input type=password name=p></label><button>Log in</button></form>
<p><a href="/forgot">Forgot your password?</a> <a href="/join">Create an account</a></p></main></body></html>"""


def test_login_wall_served_with_200_is_an_anomaly_kept_as_evidence(tmp_path: Path, http_server: LocalServer) -> None:
    cfg, store = _baseline(tmp_path, http_server)
    http_server.routes["/p"] = Response(LOGIN, headers=HTML)
    outcome = _assert_held(cfg, store, "anomaly", "login_wall")
    _kept_evidence(store, outcome, LOGIN.encode())
    assert len(store.snapshots("acme")) == 1


def test_pdf_labelled_text_html_is_read_as_pdf(tmp_path: Path, http_server: LocalServer) -> None:
    lines = [f"{h}. {t}" for h, t in SECTIONS]
    pdf = _pdf(["PRIVACY POLICY", *lines])
    cfg, store = _setup(tmp_path, http_server)
    http_server.routes["/p"] = Response(pdf, headers={"Content-Type": "text/html; charset=utf-8"})
    first = _check(cfg)
    assert first.status == "new", first.error
    meta = store.snapshots("acme")[0]
    assert meta.raw_filename == "raw.pdf" and meta.content_type == "application/pdf"
    text = store.markdown_path("acme", meta.snapshot_id).read_text(encoding="utf-8")
    assert "retention" in text.lower() and "%PDF" not in text and "endobj" not in text
    assert "labelled 'text/html" in store.checks("acme")[-1].details["content_type_sniffed"]
    _assert_held(cfg, store, "unchanged", None)  # type: ignore[arg-type]


def test_html_labelled_text_plain_is_read_as_html(tmp_path: Path, http_server: LocalServer) -> None:
    cfg, store = _baseline(tmp_path, http_server)
    http_server.routes["/p"] = Response(policy_page(), headers={"Content-Type": "text/plain; charset=utf-8"})
    outcome = _assert_held(cfg, store, "unchanged", None)  # type: ignore[arg-type]
    assert outcome.failed is False
    assert "text/html" in store.checks("acme")[-1].details["content_type_sniffed"]


def _cut_without_length(handler: BaseHTTPRequestHandler) -> None:
    body = policy_page().encode()
    handler.send_response(200)
    handler.send_header("Content-Type", "text/html; charset=utf-8")
    handler.send_header("Connection", "close")
    handler.end_headers()
    handler.wfile.write(body[: len(body) * 2 // 3])
    handler.wfile.flush()
    handler.close_connection = True


def test_body_cut_at_two_thirds_without_content_length_is_truncated(tmp_path: Path, http_server: LocalServer) -> None:
    cfg, store = _baseline(tmp_path, http_server)
    http_server.routes["/p"] = _cut_without_length
    outcome = _assert_held(cfg, store, "anomaly", "truncated")
    assert "</body>" in str(outcome.error)


def test_random_bytes_labelled_html_are_an_anomaly_not_eleven_changes(tmp_path: Path, http_server: LocalServer) -> None:
    cfg, store = _baseline(tmp_path, http_server)
    junk = random.Random(5).randbytes(400_000)
    http_server.routes["/p"] = Response(junk, headers=HTML)
    outcome = _assert_held(cfg, store, "anomaly", "binary")
    _kept_evidence(store, outcome, junk)
    assert not list(store.root.glob("acme/reports/*"))


SHELL = """<!doctype html><html><head><script src="/app.js"></script></head>
<body><div id="root">Loading...</div><noscript>Please enable JavaScript to view this page.</noscript></body></html>"""


def test_javascript_shell_on_first_check_is_never_a_baseline(tmp_path: Path, http_server: LocalServer) -> None:
    cfg, store = _setup(tmp_path, http_server)
    http_server.routes["/p"] = Response(SHELL, headers=HTML)
    outcome = _check(cfg)
    assert (outcome.status, outcome.cause) == ("anomaly", "script_shell"), outcome.error
    assert store.snapshots("acme") == [] and not _notices(store)
    assert snapshot_fingerprint(store.root) == {}


def test_a_few_words_on_first_check_are_not_policy_like(tmp_path: Path, http_server: LocalServer) -> None:
    cfg, store = _setup(tmp_path, http_server)
    http_server.routes["/p"] = Response("<html><body><p>Welcome to our great new site for everyone.</p></body></html>")
    outcome = _check(cfg)
    assert (outcome.status, outcome.cause) == ("anomaly", "not_policy_like")
    assert store.snapshots("acme") == []


def test_redirect_to_another_loopback_port_is_blocked(tmp_path: Path, http_server: LocalServer) -> None:
    internal = LocalServer().start()
    try:
        internal.routes["/admin"] = Response(policy_page([("Secret", "Internal admin data " * 20)]), headers=HTML)
        cfg, store = _baseline(tmp_path, http_server)
        target = internal.url("/admin")
        http_server.routes["/p"] = Response("", 302, {"Location": target})
        outcome = _assert_held(cfg, store, "error", "redirect_blocked")
        assert target in str(outcome.error)
        assert internal.requests == []  # never contacted
        for spelling in ("localhost", "0.0.0.0"):
            http_server.routes["/p"] = Response("", 302, {"Location": f"http://{spelling}:{internal.port}/admin"})
            _assert_held(cfg, store, "error", "redirect_blocked")
        assert internal.requests == []
    finally:
        internal.stop()


def test_redirect_within_the_configured_origin_is_followed(tmp_path: Path, http_server: LocalServer) -> None:
    cfg, store = _baseline(tmp_path, http_server)
    http_server.routes["/p"] = Response("", 301, {"Location": "/privacy"})
    http_server.routes["/privacy"] = Response(policy_page(), headers=HTML)
    outcome = _check(cfg)
    assert outcome.status == "unchanged" and outcome.final_url == http_server.url("/privacy")


# spellings the config accepts (ambiguous numeric forms such as 127.1 are refused at load, issue 12)
SPELLINGS = ("127.0.0.1", "localhost", "LOCALHOST", "LocalHost", "[::ffff:127.0.0.1]", "[::ffff:7f00:1]")


def test_six_host_spellings_are_one_host_for_limits_and_robots(tmp_path: Path, http_server: LocalServer) -> None:
    lock = threading.Lock()
    state = {"now": 0, "max": 0}

    def slow_policy(handler: BaseHTTPRequestHandler) -> Response:
        with lock:
            state["now"] += 1
            state["max"] = max(state["max"], state["now"])
        time.sleep(0.15)
        with lock:
            state["now"] -= 1
        return Response(policy_page(), headers=HTML)

    http_server.routes["/robots.txt"] = Response("User-agent: *\nAllow: /\n", headers={"Content-Type": "text/plain"})
    http_server.routes["/target"] = slow_policy
    policies = []
    for n, host in enumerate(SPELLINGS):
        http_server.routes[f"/p{n}"] = Response("", 302, {"Location": f"http://127.0.0.1:{http_server.port}/target"})
        policies.append({"id": f"p{n}", "name": f"P{n}", "url": f"http://{host}:{http_server.port}/p{n}"})
    cfg = write_config(tmp_path, policies, per_host=1, concurrency=8, retries=0)
    outcomes = run_check(load_config(cfg), fetch_options=FAST, send_alerts=False).outcomes
    assert [(o.status, o.cause) for o in outcomes] == [("new", None)] * 6, [o.error for o in outcomes]
    assert state["max"] == 1  # per_host = 1 holds for the one machine behind six spellings
    robots = [path for method, path, _ in http_server.requests if path == "/robots.txt"]
    assert len(robots) == 1
    assert not _notices(Store(tmp_path / "snapshots"))


def test_bidi_controls_are_removed_not_a_change(tmp_path: Path, http_server: LocalServer) -> None:
    cfg, store = _baseline(tmp_path, http_server)
    sneaky = [(h, t.replace("not disclose", "\u202dnot\u202c disclose\u200f")) for h, t in SECTIONS]
    http_server.routes["/p"] = Response(policy_page(sneaky), headers=HTML)
    _assert_held(cfg, store, "unchanged", None)  # type: ignore[arg-type]


def test_right_to_left_override_cannot_make_ton_read_as_not(tmp_path: Path, http_server: LocalServer) -> None:
    cfg, store = _baseline(tmp_path, http_server)
    before = snapshot_fingerprint(store.root)
    # "\u202eton\u202c" displays as "not" in a browser: the policy really says "ton"
    sneaky = [(h, t.replace("shall not disclose", "shall \u202eton\u202c disclose")) for h, t in SECTIONS]
    http_server.routes["/p"] = Response(policy_page(sneaky), headers=HTML)
    outcome = _check(cfg)
    assert outcome.status == "changed" and outcome.cause is None
    latest = store.snapshots("acme")[-1]
    text = store.markdown_path("acme", latest.snapshot_id).read_text(encoding="utf-8")
    assert "shall ton disclose" in text and "\u202e" not in text
    report = Path(str(outcome.report_path)).read_text(encoding="utf-8")
    assert "\u202e" not in report and "\u202c" not in report and "ton" in report
    assert {k: v for k, v in snapshot_fingerprint(store.root).items() if k in before} == before


NEVER = "We never sell your personal information to anyone."


def test_homoglyph_change_is_still_a_change_and_the_report_says_so(tmp_path: Path, http_server: LocalServer) -> None:
    page = [(h, NEVER) if h == "Sharing" else (h, t) for h, t in SECTIONS]
    cfg, store = _baseline(tmp_path, http_server, policy_page(page))
    before = snapshot_fingerprint(store.root)
    disguised = [(h, t.replace("never", "n\u0435v\u0435r")) for h, t in page]  # Cyrillic е
    http_server.routes["/p"] = Response(policy_page(disguised), headers=HTML)
    outcome = _check(cfg)
    assert outcome.status == "changed" and outcome.cause is None
    assert outcome.materiality == "review"  # not waved through as editorial, and no notice for it
    assert not _notices(store)
    report = Path(str(outcome.report_path)).read_text(encoding="utf-8")
    assert "look-alike characters" in report
    diff = (Path(str(outcome.report_path)).parent / "diff.json").read_text(encoding="utf-8")
    assert "lookalike_characters" in diff
    assert {k: v for k, v in snapshot_fingerprint(store.root).items() if k in before} == before


def test_homoglyph_does_not_hide_a_changed_word_from_the_rules(tmp_path: Path, http_server: LocalServer) -> None:
    page = [(h, NEVER) if h == "Sharing" else (h, t) for h, t in SECTIONS]
    cfg, store = _baseline(tmp_path, http_server, policy_page(page))
    changed = [(h, t.replace("We never sell", "We m\u0430y s\u0435ll")) for h, t in page]  # "may sell", disguised
    http_server.routes["/p"] = Response(policy_page(changed), headers=HTML)
    outcome = _check(cfg)
    assert outcome.status == "changed" and outcome.materiality == "material"


def test_error_page_cookie_wall_and_other_document(tmp_path: Path, http_server: LocalServer) -> None:
    cfg, store = _baseline(tmp_path, http_server)
    cases = {
        "error_page": "<html><body><h1>Page not found</h1><p>Sorry, something went wrong.</p></body></html>",
        "cookie_wall": "<html><body><h1>We value your privacy</h1><p>We use cookies. Accept all or reject all, "
        "or manage preferences.</p></body></html>",
        "different_document": policy_page(
            [
                (f"Article {n}", f"The seller ships goods within {n} days of payment by card or by wire. " * 3)
                for n in range(1, 8)
            ]
        ),  # fmt: skip
    }
    for cause, page in cases.items():
        http_server.routes["/p"] = Response(page, headers=HTML)
        _assert_held(cfg, store, "anomaly", cause)


def test_runaway_page_is_too_slow_not_a_held_lock(tmp_path: Path, http_server: LocalServer) -> None:
    sections = [(f"Heading {n}", f"Clause number {n} about data use and retention.") for n in range(3000)]
    cfg, store = _baseline(tmp_path, http_server, policy_page(sections), time_budget=0.01)
    edited = [(h, t.replace("data", "information")) if n % 2 else (h, t) for n, (h, t) in enumerate(sections)]
    http_server.routes["/p"] = Response(policy_page(edited), headers=HTML)
    _assert_held(cfg, store, "anomaly", "too_slow")
    assert not list(store.root.glob("acme/reports/*"))


def test_accept_takes_a_genuine_rewrite_as_the_new_version(tmp_path: Path, http_server: LocalServer) -> None:
    from click.testing import CliRunner

    from tracker.cli import main

    cfg, store = _baseline(tmp_path, http_server)
    parts = [(f"Part {n}", f"Entirely new wording number {n} on how we sell data. " * 3) for n in range(6)]
    rewrite = policy_page(parts)
    http_server.routes["/p"] = Response(rewrite, headers=HTML)
    _assert_held(cfg, store, "anomaly", "different_document")
    result = CliRunner().invoke(main, ["accept", "acme", "--by", "Dana Legal", "--config", str(cfg)])
    assert result.exit_code == 0, result.output
    assert "accepted anomaly" in result.output and "acme: changed" in result.output
    accept = [r for r in store.records("acme") if r.get("type") == "accept"][-1]
    assert accept["by"] == "Dana Legal" and accept["at"]
    record = store.checks("acme")[-1]
    assert record.status == "changed" and record.details["accepted_by"] == "Dana Legal"
    assert store.snapshots("acme")[-1].source == "accepted"
    assert _check(cfg).status == "unchanged"  # the rewrite is now the version
    history = CliRunner().invoke(main, ["history", "acme", "--config", str(cfg)])
    assert "accepted as the policy by Dana Legal" in history.output
    again = CliRunner().invoke(main, ["accept", "acme", "--by", "Dana", "--config", str(cfg)])
    assert again.exit_code == 2 and again.output.startswith("error: ") and "Traceback" not in again.output


def test_every_anomaly_cause_is_documented() -> None:
    checks = (REPO / "docs" / "checks.md").read_text(encoding="utf-8")
    missing = [cause for cause in ANOMALY_CAUSES if f"`{cause}`" not in checks]
    assert not missing
    assert "`redirect_blocked`" in checks and "accept" in (REPO / "docs" / "cli.md").read_text(encoding="utf-8")
    assert os.path.exists(REPO / "docs" / "store.md")
