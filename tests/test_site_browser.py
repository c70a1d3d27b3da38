"""The static site in a real browser: Playwright driving Debian's Chromium (headless), from file://
and from the ``serve`` preview."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.site_helpers import MALICIOUS, add_version, seed_store
from tracker.fetch.browser import LAUNCH_ARGS
from tracker.site.build import build_site
from tracker.site.serve import serve_site
from tracker.store import Store

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = list(LAUNCH_ARGS)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).is_file():
        pytest.skip("Debian's chromium is not installed (.ci/run installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        try:
            yield instance
        finally:
            instance.close()


class Watched:
    """A page whose dialogs and console messages are recorded (none may appear)."""

    def __init__(self, browser: Any, **context: Any) -> None:
        self.context = browser.new_context(**context)
        self.page = self.context.new_page()
        self.dialogs: list[str] = []
        self.console: list[str] = []
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.page.on("console", lambda m: self.console.append(f"{m.type}: {m.text}"))
        self.page.on("pageerror", lambda e: self.console.append(f"pageerror: {e}"))

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def store_and_site(tmp_path: Path, seed_markdown: str) -> tuple[Store, Path]:
    store = seed_store(tmp_path / "store", seed_markdown)
    raw = b'<script>window.pwnedFlag = 3; alert(3)</script><img src=x onerror="window.pwnedFlag = 4">'
    add_version(store, "evil", seed_markdown, "2026-01-01T00:00:00Z", raw=raw)
    hostile = seed_markdown + "\n\n## " + MALICIOUS + "\n\n" + MALICIOUS + "\n"
    add_version(store, "evil", hostile, "2026-01-02T00:00:00Z", raw=raw + hostile.encode())
    out = tmp_path / "site"
    build_site(store, out)
    return store, out


def visible(page: Any, selector: str) -> list[Any]:
    return [e for e in page.query_selector_all(selector) if e.is_visible()]


def test_index_to_timeline_to_change_views_editorial_and_screenshot(
    browser: Any, store_and_site: tuple[Store, Path], tmp_path: Path
) -> None:
    store, out = store_and_site
    ids = [m.snapshot_id for m in store.snapshots("acme")]
    w = Watched(browser)
    page = w.page
    try:
        page.goto((out / "index.html").as_uri())
        assert page.title() == "Privacy policy history"
        assert len(visible(page, "#policies tbody tr")) == 3
        # filter the index by topic, then by materiality
        page.select_option("#filter-topic", "third_party_sharing")
        assert {r.get_attribute("id") for r in visible(page, "#policies tbody tr")} == {"policy-acme", "policy-evil"}
        page.select_option("#filter-topic", "")
        page.select_option("#filter-materiality", "editorial")
        assert [r.get_attribute("id") for r in visible(page, "#policies tbody tr")] == ["policy-acme"]
        assert page.inner_text("#filter-status") == "1 shown"
        page.select_option("#filter-materiality", "")

        # follow the policy to its timeline
        page.click("#policy-acme th a")
        assert page.url.endswith("/acme/index.html")
        assert len(visible(page, "ol.timeline li")) == 6
        page.select_option("#filter-materiality", "material")
        assert [r.get_attribute("data-old") for r in visible(page, "#change-list tbody tr")] == [ids[0]]
        assert len(visible(page, "ol.timeline li")) == 2  # the snapshot and the check of that change
        page.select_option("#filter-materiality", "")

        # compare two snapshots that are not consecutive: the changes between them and the command
        page.select_option("#compare-old", ids[0])
        page.select_option("#compare-new", ids[2])
        page.click("#compare-go")
        assert len(page.query_selector_all("#compare-result li a")) == 2
        assert f"policy-tracker diff acme@{ids[0]} acme@{ids[2]}" in page.inner_text("#compare-result")
        # a consecutive pair opens its pre-rendered redline
        page.select_option("#compare-old", ids[0])
        page.select_option("#compare-new", ids[1])
        page.click("#compare-go")
        page.wait_for_url(f"**/acme/reports/{ids[0]}__{ids[1]}/report.html")
        assert "advertising partners and data brokers" in page.inner_text("#changes ~ .changes")

        # insertions are underlined and deletions struck through, not only coloured
        assert "underline" in page.eval_on_selector("ins", "e => getComputedStyle(e).textDecorationLine")

        # switch inline / side by side, with the mouse and then the keyboard
        assert page.get_attribute("html", "data-view") == "inline"
        page.check("#view-side")
        assert page.get_attribute("html", "data-view") == "side"
        assert visible(page, ".side-view") and not visible(page, ".inline-view")
        page.focus("#view-side")
        page.keyboard.press("ArrowLeft")
        assert page.get_attribute("html", "data-view") == "inline"
        assert visible(page, ".inline-view") and not visible(page, ".side-view")

        # next change: the editorial one, folded until toggled
        following = page.locator(f'a[href="../{ids[1]}__{ids[2]}/report.html"]')
        assert following.inner_text().startswith("next change (")  # named for the reader, not a path
        following.click()
        assert page.url.endswith(f"/{ids[1]}__{ids[2]}/report.html")
        assert page.get_attribute("#toggle-editorial", "open") is None
        assert not visible(page, "#toggle-editorial article.change")
        page.focus("#toggle-editorial summary")
        page.keyboard.press("Enter")
        assert page.get_attribute("#toggle-editorial", "open") is not None
        assert visible(page, "#toggle-editorial article.change")
        assert "use, or continue" in page.inner_text("#toggle-editorial")

        shot = tmp_path / "report.png"
        page.screenshot(path=str(shot), full_page=True)
        assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 5000
        assert w.dialogs == [] and w.console == []
    finally:
        w.close()


def test_malicious_policy_runs_nothing_anywhere(browser: Any, store_and_site: tuple[Store, Path]) -> None:
    store, out = store_and_site
    old, new = (m.snapshot_id for m in store.snapshots("evil"))
    pages = [
        out / "index.html",
        out / "evil" / "index.html",
        out / "evil" / "reports" / f"{old}__{new}" / "report.html",
        out / "evil" / "snapshots" / f"{new}.html",
        out / "evil" / "snapshots" / f"{new}.raw.html.txt",
        out / "evil" / "snapshots" / f"{old}.raw.html.txt",
    ]
    w = Watched(browser)
    try:
        for path in pages:
            w.page.goto(path.as_uri())
            w.page.wait_for_load_state("load")
            assert w.page.evaluate("typeof window.pwnedFlag") == "undefined", path
            assert w.page.query_selector("img") is None, path
            if path.name != "index.html":  # the pages that quote the policy show it as text
                assert "window.pwnedFlag" in w.page.inner_text("body"), path
        w.page.goto(pages[3].as_uri())
        assert "onerror=" in w.page.inner_text("article.policy")
        assert w.dialogs == []
        assert w.console == []
    finally:
        w.close()


def test_readable_without_scripts_and_printable(browser: Any, store_and_site: tuple[Store, Path]) -> None:
    _, out = store_and_site
    w = Watched(browser, java_script_enabled=False)
    try:
        w.page.goto((out / "acme" / "index.html").as_uri())
        assert len(visible(w.page, "#change-list tbody tr")) == 2
        assert len(visible(w.page, "ol.timeline li")) == 6
        assert not visible(w.page, "#compare") and not visible(w.page, "#filters")
        assert "policy-tracker diff acme@OLD acme@NEW" in w.page.inner_text("main")
    finally:
        w.close()
    w = Watched(browser)
    try:
        w.page.goto((out / "acme" / "index.html").as_uri())
        assert visible(w.page, "#filters")
        w.page.emulate_media(media="print")
        assert not visible(w.page, "#filters") and not visible(w.page, "#compare")
        assert len(visible(w.page, "ol.timeline li")) == 6
        # keyboard: the first Tab lands on the skip link, which leads to the content
        w.page.emulate_media(media="screen")
        w.page.keyboard.press("Tab")
        assert w.page.evaluate("document.activeElement.textContent") == "Skip to the content"
    finally:
        w.close()


def test_serve_preview_in_the_browser_shows_a_new_policy_after_rebuild(
    browser: Any, tmp_path: Path, seed_markdown: str
) -> None:
    store = seed_store(tmp_path / "store", seed_markdown)
    preview = serve_site(store, tmp_path / "site", port=0, interval=0.1)
    w = Watched(browser)
    try:
        w.page.goto(preview.url + "index.html")
        assert w.page.query_selector("#policy-initech") is None
        w.page.click("#policy-acme th a")
        assert w.page.url == preview.url + "acme/index.html"
        add_version(store, "initech", seed_markdown, "2026-04-01T00:00:00Z")
        for _ in range(300):
            w.page.goto(preview.url + "index.html")
            if w.page.query_selector("#policy-initech"):
                break
            w.page.wait_for_timeout(100)
        assert w.page.query_selector("#policy-initech") is not None
        assert w.dialogs == [] and w.console == []
    finally:
        w.close()
        preview.stop()
