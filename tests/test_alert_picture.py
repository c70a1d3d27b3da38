"""The picture of an alert e-mail in docs/checks.md: the HTML alert of a seed change rendered in
Debian's Chromium (Playwright), checked, and saved as a PNG.

The PNG goes to a temporary folder; with ``UPDATE_DOC_IMAGES=1`` it replaces
``docs/img/alert-email.png`` (the alert's data are fixed, so the picture only changes when the
template does)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

import tracker
from tests.conftest import REPO
from tracker.classify import summarize
from tracker.fetch.browser import LAUNCH_ARGS
from tracker.report.alert_message import AlertItem, build_alert

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = list(LAUNCH_ARGS)
OLD = "for as long as the Information is required for the purpose of providing services to you"
NEW = "for ten years after your account is closed, and we may sell it to data brokers"
OLD_ID, NEW_ID = "20240619T100000Z", "20261130T060000Z"
REPORT = f"https://legal.example/history/indiamart/reports/{OLD_ID}__{NEW_ID}/report.html"
PICTURE = REPO / "docs" / "img" / "alert-email.png"


def _alert_html(seed: str) -> str:
    diff = tracker.diff_text(seed, seed.replace(OLD, NEW).replace("We also avail", "We also use"))
    record = {
        "policy_id": "indiamart", "name": "IndiaMART Privacy Policy", "url": "https://www.indiamart.com/privacy-policy.html",
        "status": "changed", "checked_at": "2026-11-30T06:00:00Z",
        "snapshot_id": NEW_ID, "previous_snapshot_id": OLD_ID,
        "summary": summarize(diff),
        "materiality": "material", "changed_sections": [], "report_path": None, "notice_paths": {}, "error": None,
        "cause": None, "http_status": 200, "final_url": None, "redirects": [], "failures": 0,
    }  # fmt: skip
    item = AlertItem(kind="change", record=record, diff=diff, report_url=REPORT)
    return build_alert([item]).html


def test_alert_email_picture(tmp_path: Path, seed_markdown: str) -> None:
    if not Path(CHROMIUM).is_file():
        pytest.skip("Debian's chromium is not installed")
    from playwright.sync_api import sync_playwright

    html = _alert_html(seed_markdown)
    target = PICTURE if os.environ.get("UPDATE_DOC_IMAGES") == "1" else tmp_path / "alert-email.png"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 760, "height": 600})
            page.set_content(html)
            assert page.locator("del").count() >= 1 and page.locator("ins").count() >= 1
            assert "ten years after your account is closed" in page.locator("ins").first.inner_text()
            assert (
                page.locator("ins").first.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(220, 252, 231)"
            )
            assert page.locator("del").first.evaluate("e => getComputedStyle(e).textDecorationLine") == "line-through"
            assert page.locator(f'a[href="{REPORT}"]').count() >= 1
            assert page.locator("h3").first.inner_text().startswith("COLLECTION OF INFORMATION")
            page.screenshot(path=str(target), full_page=True)
        finally:
            browser.close()
    data = target.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000
    assert PICTURE.is_file()  # the page's picture is committed
