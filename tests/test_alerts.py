"""Alerts with the change in them, thresholds, recovery and digests: real bodies received by a local
SMTP server (aiosmtpd) and a local webhook on 127.0.0.1."""

from __future__ import annotations

import email
from email import policy as email_policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from tests.checks_helpers import FAST, SECTIONS, Webhook, policy_page, smtp_server, write_config
from tests.conftest import LocalServer, Response
from tracker.check import run_check
from tracker.config import load_config
from tracker.report.alert_message import AlertItem, build_alert, chat_markdown
from tracker.store import DIFF_NAME, Store

HTML = {"Content-Type": "text/html; charset=utf-8"}
MARKDOWN = {"Content-Type": "text/markdown; charset=utf-8"}
RETENTION_OLD = "for as long as the Information is required for the purpose of providing services to you"
RETENTION_NEW = "for ten years after your account is closed, and we may sell it to data brokers"
BASE = "https://legal.example/history/"


def _mail(port: int) -> str:
    return f"mailto://127.0.0.1:{port}?from=tracker@example.com&to=legal@example.com&mode=insecure"


def _parts(envelope: Any) -> tuple[EmailMessage, str, str]:
    message = email.message_from_bytes(envelope.content, policy=email_policy.default)
    assert isinstance(message, EmailMessage)
    assert message.get_content_type() == "multipart/alternative"
    text = message.get_body(preferencelist=("plain",))
    html = message.get_body(preferencelist=("html",))
    assert text is not None and html is not None
    return message, text.get_content().replace("\r\n", "\n"), html.get_content().replace("\r\n", "\n")


def test_seed_change_alert_carries_the_redline(tmp_path: Path, http_server: LocalServer, seed_markdown: str) -> None:
    assert RETENTION_OLD in seed_markdown
    hook = Webhook()
    try:
        with smtp_server() as (port, messages):
            http_server.routes["/p"] = Response(seed_markdown, headers=MARKDOWN)
            cfg = write_config(
                tmp_path, [{"id": "indiamart", "name": "IndiaMART Privacy Policy", "url": http_server.url("/p")}],
                alerts=[hook.url(), _mail(port)],
            )  # fmt: skip
            with cfg.open("a", encoding="utf-8") as fh:
                fh.write(f'\n[policy.notice]\nreport_base_url = "{BASE}"\n')
            run_check(load_config(cfg), fetch_options=FAST)
            assert hook.posts == [] and messages == []  # the first snapshot alerts nobody
            http_server.routes["/p"] = Response(seed_markdown.replace(RETENTION_OLD, RETENTION_NEW), headers=MARKDOWN)
            run = run_check(load_config(cfg), fetch_options=FAST)
            outcome = run.outcomes[0]
            assert outcome.status == "changed" and run.alerts_failed == []
            report = f"{BASE}indiamart/reports/{outcome.previous_snapshot_id}__{outcome.snapshot_id}/report.html"

            assert len(messages) == 1
            message, text, html = _parts(messages[0])
            assert message["Subject"].startswith("Policy changed [material]: IndiaMART Privacy Policy")
            # the text part keeps its lines, and marks deleted and inserted words
            assert "\nMateriality: material\nPolicy: " in text
            assert f"\nReport: {report}\n" in text
            assert "[-as long as the Information is required for the purpose of providing services to you-]" in text
            assert "{+ten years after your account is closed, and we may sell it to data brokers+}" in text
            # the HTML part: <del>/<ins> runs, line breaks, an absolute link to the report
            assert '<del style="' in html and ">as long as the Information is required" in html
            assert "<ins " in html and "ten years after your account is closed" in html
            assert f'<a href="{report}">' in html and "<br>" in html

            assert len(hook.posts) == 1
            posted = hook.posts[0]["json"]
            assert posted["title"] == message["Subject"]
            assert "~~" in posted["message"] and "**ten years after" in posted["message"]
            assert f"[Report]({report})" in posted["message"]
            (alert,) = posted["alerts"]
            assert alert["kind"] == "change" and alert["report_url"] == report
            assert alert["record"] == outcome.to_dict()  # the documented check --json record
            inserted = [w["text"] for c in alert["changes"] for cl in c["clauses"] for w in cl["words"]
                        if w["op"] == "insert"]  # fmt: skip
            assert any("ten years" in w for w in inserted)
    finally:
        hook.close()


def _edited(index: int, text: str) -> list[tuple[str, str]]:
    edited = list(SECTIONS)
    edited[index] = (SECTIONS[index][0], text)
    return edited


def test_editorial_change_sends_nothing_under_the_default(tmp_path: Path, http_server: LocalServer) -> None:
    hooks = {"default": Webhook(), "any": Webhook(), "material": Webhook()}
    try:
        policies = []
        for pid, hook in hooks.items():
            http_server.routes[f"/{pid}"] = Response(policy_page(), headers=HTML)
            entry = {"id": pid, "name": pid.title(), "url": http_server.url(f"/{pid}"), "alerts": [hook.url()]}
            if pid != "default":
                entry["alert_on"] = pid
            policies.append(entry)
        cfg = write_config(tmp_path, policies)
        run_check(load_config(cfg), fetch_options=FAST)
        # punctuation only (an Oxford comma): an editorial change
        editorial = _edited(0, "We collect your name, email address, and phone number when you register.")
        for pid in hooks:
            http_server.routes[f"/{pid}"] = Response(policy_page(editorial), headers=HTML)
        run = run_check(load_config(cfg), fetch_options=FAST)
        assert [(o.status, o.materiality) for o in run.outcomes] == [("changed", "editorial")] * 3
        assert hooks["default"].posts == [] and hooks["material"].posts == []
        (posted,) = [p["json"] for p in hooks["any"].posts]
        assert posted["title"] == "Policy changed [editorial]: Any"
        # a change to review: alerts under the default, not under "material"
        review = _edited(1, "We use your information to provide the service and to improve it, as set out below.")
        for pid in hooks:
            http_server.routes[f"/{pid}"] = Response(policy_page(review), headers=HTML)
        run = run_check(load_config(cfg), fetch_options=FAST)
        levels = {o.policy_id: o.materiality for o in run.outcomes}
        assert levels["default"] in ("review", "material")
        assert len(hooks["default"].posts) == 1 and len(hooks["any"].posts) == 2
        assert len(hooks["material"].posts) == (1 if levels["material"] == "material" else 0)
    finally:
        for hook in hooks.values():
            hook.close()


def test_recovery_alert_after_a_failure_streak(tmp_path: Path, http_server: LocalServer) -> None:
    hook = Webhook()
    try:
        with smtp_server() as (port, messages):
            http_server.routes["/p"] = Response(policy_page(), headers=HTML)
            cfg = write_config(
                tmp_path, [{"id": "acme", "name": "Acme", "url": http_server.url("/p")}],
                alerts=[hook.url(), _mail(port)], alert_after_failures=2, retries=0,
            )  # fmt: skip
            run_check(load_config(cfg), fetch_options=FAST)
            http_server.routes["/p"] = Response("down", 503, HTML)
            for _ in range(3):
                run_check(load_config(cfg), fetch_options=FAST)
            titles = [p["json"]["title"] for p in hook.posts]
            assert titles == ["Policy check failing: Acme (2 times in a row)"]
            http_server.routes["/p"] = Response(policy_page(), headers=HTML)
            outcome = run_check(load_config(cfg), fetch_options=FAST).outcomes[0]
            assert outcome.status == "unchanged" and outcome.recovered_after == 3
            assert [p["json"]["title"] for p in hook.posts][1:] == ["Policy check recovered: Acme"]
            assert hook.posts[1]["json"]["alerts"][0]["kind"] == "recovery"
            _, text, _ = _parts(messages[-1])
            assert "Acme (acme) was read again after 3 failed checks: unchanged.\nPolicy: " in text
            run_check(load_config(cfg), fetch_options=FAST)
            assert len(hook.posts) == 2  # recovered once, not on every later success
    finally:
        hook.close()


def test_a_short_failure_recovers_silently(tmp_path: Path, http_server: LocalServer) -> None:
    hook = Webhook()
    try:
        http_server.routes["/p"] = Response(policy_page(), headers=HTML)
        cfg = write_config(
            tmp_path, [{"id": "acme", "name": "Acme", "url": http_server.url("/p")}], alerts=[hook.url()], retries=0
        )
        run_check(load_config(cfg), fetch_options=FAST)
        http_server.routes["/p"] = Response("down", 503, HTML)
        run_check(load_config(cfg), fetch_options=FAST)  # 1 failure, below alert_after_failures = 3
        http_server.routes["/p"] = Response(policy_page(), headers=HTML)
        assert run_check(load_config(cfg), fetch_options=FAST).outcomes[0].recovered_after == 1
        assert hook.posts == []
    finally:
        hook.close()


def test_digest_sends_one_message_per_run(tmp_path: Path, http_server: LocalServer) -> None:
    hook = Webhook()
    try:
        with smtp_server() as (port, messages):
            policies = []
            for pid in ("acme", "globex", "initech"):
                http_server.routes[f"/{pid}"] = Response(policy_page(), headers=HTML)
                policies.append({"id": pid, "name": f"{pid.title()} Privacy", "url": http_server.url(f"/{pid}")})
            cfg = write_config(tmp_path, policies, alerts=[hook.url(), _mail(port)], alert_mode="digest")
            run_check(load_config(cfg), fetch_options=FAST)
            sale = _edited(2, "We may sell your personal information to data brokers.")
            for pid in ("acme", "globex"):
                http_server.routes[f"/{pid}"] = Response(policy_page(sale), headers=HTML)
            run = run_check(load_config(cfg), fetch_options=FAST)
            assert [o.status for o in run.outcomes] == ["changed", "changed", "unchanged"]
            assert len(hook.posts) == 1 and len(messages) == 1
            posted = hook.posts[0]["json"]
            assert posted["title"] == "Policy check: 2 changed"
            assert [a["record"]["policy_id"] for a in posted["alerts"]] == ["acme", "globex"]
            assert "Acme Privacy" in posted["message"] and "Globex Privacy" in posted["message"]
            _, text, html = _parts(messages[0])
            assert "== Policy changed [material]: Acme Privacy ==" in text
            assert "== Policy changed [material]: Globex Privacy ==" in text
            assert "sell your personal information to data brokers+}" in text
            assert html.count("<ins ") >= 2
    finally:
        hook.close()


def test_chat_body_fits_the_service_limit(tmp_path: Path, http_server: LocalServer) -> None:
    http_server.routes["/p"] = Response(policy_page(), headers=HTML)
    cfg = write_config(tmp_path, [{"id": "acme", "name": "Acme", "url": http_server.url("/p")}])
    run_check(load_config(cfg), fetch_options=FAST)
    long = [(h, " ".join([t] * 30)) for h, t in SECTIONS]
    http_server.routes["/p"] = Response(policy_page(long), headers=HTML)
    outcome = run_check(load_config(cfg), fetch_options=FAST, send_alerts=False).outcomes[0]
    assert outcome.status == "changed"
    from tracker.models import DiffResult

    store = Store(tmp_path / "snapshots")
    import json

    diff_path = store.report_dir("acme", outcome.previous_snapshot_id or "", outcome.snapshot_id or "") / DIFF_NAME
    diff = DiffResult.from_dict(json.loads(diff_path.read_text(encoding="utf-8")))
    item = AlertItem(kind="change", record=outcome.to_dict(), diff=diff, report_path=outcome.report_path)
    full = build_alert([item])
    assert full.markdown.count("**") >= 2 and len(full.markdown) > 500
    for limit in (2000, 500, 120):  # Discord, then smaller than the headings alone
        body = chat_markdown([item], limit=limit)
        assert len(body) <= limit
        assert "Acme changed" in body
    assert "cut" in chat_markdown([item], limit=120)
    # long sections are cut in the e-mail too, with a pointer to the whole change
    assert "Cut short here" in full.text and str(outcome.report_path) in full.text
    assert "\n" in full.text and full.text.count("\n") > 10


def test_email_over_starttls_with_login(tmp_path: Path) -> None:
    """The e-mail transport's STARTTLS and login path, against aiosmtpd with a self-signed cert."""
    import socket
    import ssl
    import subprocess

    from aiosmtpd.controller import Controller
    from aiosmtpd.smtp import AuthResult

    from tracker.check.deliver import deliver

    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
                    "-keyout", str(key), "-out", str(cert)], check=True, capture_output=True)  # fmt: skip
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    received: list[Any] = []
    logins: list[tuple[str, str]] = []

    class _Handler:
        async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
            received.append(envelope)
            return "250 OK"

    def authenticate(server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> AuthResult:
        logins.append((data.login.decode(), data.password.decode()))
        return AuthResult(success=data.password == b"s3cret")

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    controller = Controller(_Handler(), hostname="127.0.0.1", port=port, tls_context=context, require_starttls=True,
                            authenticator=authenticate, auth_require_tls=True)  # fmt: skip
    controller.start()
    try:
        record = {"policy_id": "acme", "name": "Acme", "url": "https://acme.example/p", "status": "unchanged"}
        item = AlertItem(kind="recovery", record=record, recovered_after=4)
        url = f"mailto://robot:s3cret@127.0.0.1:{port}?from=robot@example.com&to=legal@example.com&mode=starttls&verify=no"
        assert deliver(url, [item]) is True
        assert logins == [("robot", "s3cret")]
        _, text, html = _parts(received[0])
        assert (
            "Acme (acme) was read again after 4 failed checks: unchanged." in text and "<strong>Acme</strong>" in html
        )
        plain = url.replace("&mode=starttls", "&mode=insecure")
        assert deliver(plain, [item]) is False and len(received) == 1  # the server insists on TLS: not sent
    finally:
        controller.stop()


def test_alert_settings_are_validated_and_resolved_once(tmp_path: Path) -> None:
    import pytest

    from tracker.errors import ConfigError

    cfg = write_config(
        tmp_path,
        [
            {"id": "a", "name": "A", "url": "https://a.example/", "alert_on": "any", "alerts": ["json://x/a"]},
            {"id": "b", "name": "B", "url": "https://b.example/", "respect_robots": False, "max_shrink": 0.2},
        ],
        alert_on="material", alert_mode="digest", alerts=["json://x/all"], respect_robots=True,
    )  # fmt: skip
    config = load_config(cfg)
    a, b = (config.effective(p) for p in config.policies)
    assert (a.alert_on, a.respect_robots, a.alerts) == ("any", True, ("json://x/all", "json://x/a"))
    assert (b.alert_on, b.respect_robots, b.max_shrink, b.alerts) == ("material", False, 0.2, ("json://x/all",))
    assert config.settings.alert_mode == "digest"
    bad = write_config(tmp_path, [{"id": "a", "name": "A", "url": "https://a.example/", "alert_on": "loud"}])
    with pytest.raises(ConfigError, match=r"policy 'a', field 'alert_on': must be one of material, review, any"):
        load_config(bad)
    with pytest.raises(ConfigError, match=r"field 'settings.alert_mode': must be one of each, digest, got 'weekly'"):
        load_config(write_config(tmp_path, [], alert_mode="weekly"))


def test_chat_services_get_the_markdown_through_apprise(tmp_path: Path, http_server: LocalServer) -> None:
    """Any other apprise service (here apprise's form:// poster, set to Markdown as Slack or
    Discord are) gets the compact Markdown body through apprise itself."""
    import threading
    import urllib.parse
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    forms: list[dict[str, list[str]]] = []

    class _Form(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

        def do_POST(self) -> None:  # noqa: N802
            data = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            forms.append(urllib.parse.parse_qs(data.decode("utf-8")))
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()

    receiver = ThreadingHTTPServer(("127.0.0.1", 0), _Form)
    threading.Thread(target=receiver.serve_forever, daemon=True).start()
    try:
        form = f"form://127.0.0.1:{receiver.server_address[1]}/chat?format=markdown"
        http_server.routes["/p"] = Response(policy_page(), headers=HTML)
        cfg = write_config(tmp_path, [{"id": "acme", "name": "Acme", "url": http_server.url("/p")}], alerts=[form])
        run_check(load_config(cfg), fetch_options=FAST)
        http_server.routes["/p"] = Response(policy_page(_edited(2, "We may sell your data to brokers.")), headers=HTML)
        assert run_check(load_config(cfg), fetch_options=FAST).alerts_failed == []
        (posted,) = forms
        assert posted["title"] == ["Policy changed [material]: Acme"]
        body = posted["message"][0]
        assert "\n> " in body and "~~" in body and "**We may sell your data to brokers" in body
    finally:
        receiver.shutdown()
        receiver.server_close()
