"""Alerts through apprise to a real local webhook receiver and a real local SMTP server."""

from __future__ import annotations

from pathlib import Path

from tests.checks_helpers import FAST, SECTIONS, Webhook, policy_page, smtp_server, write_config
from tests.conftest import LocalServer, Response
from tracker.check import run_check
from tracker.check.alerts import send_alert
from tracker.config import load_config

HTML = {"Content-Type": "text/html; charset=utf-8"}


def test_change_alert_reaches_webhook_and_smtp(tmp_path: Path, http_server: LocalServer) -> None:
    hook = Webhook()
    try:
        with smtp_server() as (port, messages):
            mail = f"mailto://127.0.0.1:{port}?from=tracker@example.com&to=legal@example.com&mode=insecure"
            http_server.routes["/p"] = Response(policy_page(), headers=HTML)
            cfg = write_config(
                tmp_path,
                [{"id": "acme", "name": "Acme Privacy", "url": http_server.url("/p"), "alerts": [mail]}],
                alerts=[hook.url()],
            )
            with cfg.open("a", encoding="utf-8") as fh:
                fh.write('\n[policy.notice]\nreport_base_url = "https://legal.example/history/"\n')
            run_check(load_config(cfg), fetch_options=FAST)
            assert hook.posts == [] and messages == []  # first snapshot: nothing to alert
            edited = list(SECTIONS)
            edited[2] = ("Sharing", "We may sell your personal information to data brokers.")
            http_server.routes["/p"] = Response(policy_page(edited), headers=HTML)
            run = run_check(load_config(cfg), fetch_options=FAST)
            outcome = run.outcomes[0]
            assert outcome.status == "changed" and run.alerts_failed == []
            assert len(hook.posts) == 1
            posted = hook.posts[0]["json"]
            assert "Acme Privacy" in posted["title"] and "material" in posted["title"]
            published = (
                f"https://legal.example/history/acme/reports/"
                f"{outcome.previous_snapshot_id}__{outcome.snapshot_id}/report.html"
            )
            assert f"[Report]({published})" in posted["message"]
            assert "Sharing" in posted["message"]
            assert len(messages) == 1
            assert messages[0].rcpt_tos == ["legal@example.com"]
            assert b"Acme Privacy" in messages[0].content
    finally:
        hook.close()


def test_failure_streak_alerts_once_at_threshold(tmp_path: Path, http_server: LocalServer) -> None:
    hook = Webhook()
    try:
        http_server.routes["/p"] = Response(policy_page(), headers=HTML)
        cfg = write_config(
            tmp_path,
            [{"id": "acme", "name": "Acme", "url": http_server.url("/p")}],
            alerts=[hook.url()],
            alert_after_failures=2,
            retries=0,
        )
        run_check(load_config(cfg), fetch_options=FAST)
        http_server.routes["/p"] = Response("down", 500, HTML)
        failures = [run_check(load_config(cfg), fetch_options=FAST).outcomes[0].failures for _ in range(3)]
        assert failures == [1, 2, 3]
        assert len(hook.posts) == 1  # only when the streak reached 2
        assert "2 times in a row" in hook.posts[0]["json"]["title"]
        assert "HTTP 500" in hook.posts[0]["json"]["message"]
        http_server.routes["/p"] = Response(policy_page(), headers=HTML)
        assert run_check(load_config(cfg), fetch_options=FAST).outcomes[0].failures == 0
    finally:
        hook.close()


def test_send_alert_reports_undeliverable() -> None:
    assert send_alert([], "t", "b") is True
    assert send_alert(["not a url at all"], "t", "b") is False


def test_per_policy_alerts_go_only_to_that_policys_channels(tmp_path: Path, http_server: LocalServer) -> None:
    hooks = {"acme": Webhook(), "globex": Webhook()}
    try:
        http_server.routes["/a"] = Response(policy_page(), headers=HTML)
        http_server.routes["/g"] = Response(policy_page(), headers=HTML)
        policies = [
            {"id": pid, "name": pid.title(), "url": http_server.url(path), "alerts": [hooks[pid].url()]}
            for pid, path in (("acme", "/a"), ("globex", "/g"))
        ]
        cfg = write_config(tmp_path, policies)
        run_check(load_config(cfg), fetch_options=FAST)
        edited = list(SECTIONS)
        edited[3] = ("Retention", "We keep your data for ten years after your account is closed.")
        http_server.routes["/g"] = Response(policy_page(edited), headers=HTML)
        run = run_check(load_config(cfg), fetch_options=FAST)
        assert [o.status for o in run.outcomes] == ["unchanged", "changed"]
        assert hooks["acme"].posts == []
        assert len(hooks["globex"].posts) == 1 and "Globex" in hooks["globex"].posts[0]["json"]["title"]
    finally:
        for hook in hooks.values():
            hook.close()
