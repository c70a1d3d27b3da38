"""The review state on the site, in a real browser (Debian's Chromium through Playwright): the index's
"awaiting review" queue, and a change page's decision and notes."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.redline_helpers import POLICY, V2, demo_store, store_version
from tracker.report.pdf import CHROMIUM, launch_chromium
from tracker.review import record_review, resolve_change
from tracker.site.build import build_site

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).is_file(), reason="Debian's chromium is not installed")


def test_queue_and_notes_in_the_browser(tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    _, store = demo_store(tmp_path)
    store_version(store, POLICY, V2.read_bytes().replace(b"five years", b"seven years"), "2026-12-01T08:00:00Z",
                  "text/html; charset=utf-8")  # fmt: skip
    reviewed, pending = resolve_change(store, POLICY, "~1"), resolve_change(store, POLICY, "latest")
    record_review(store, POLICY, "~1", decision="needs-action", note="check the retention clause", by="A. Counsel")
    record_review(store, POLICY, "~1", decision="material", note="notify users", by="B. Partner")
    site = tmp_path / "site"
    build_site(store, site, workers=0)
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        try:
            page = browser.new_page()
            errors: list[str] = []
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto((site / "index.html").as_uri())
            rows = page.locator("#review-queue tbody tr")
            assert rows.count() == 1 and rows.first.is_visible()
            assert f"{pending[0]}__{pending[1]}" in rows.first.inner_text()
            page.goto((site / POLICY / "index.html").as_uri())
            states = page.locator("#change-list td.review-state").all_inner_texts()
            assert [s.split()[0] for s in states] == ["material", "awaiting"]
            page.locator("#change-list a", has_text="2026-11-03").first.click()
            assert page.url.endswith(f"reports/{reviewed[0]}__{reviewed[1]}/report.html")
            state = page.locator("#review-state")
            assert state.is_visible() and "material by B. Partner" in state.inner_text()
            assert "(latest of 2 reviews)" in state.inner_text()
            notes = page.locator("ol.review-log li").all_inner_texts()
            assert "check the retention clause" in notes[0] and "notify users" in notes[1]
            assert errors == []
        finally:
            browser.close()
