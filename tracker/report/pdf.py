"""The PDF redline: the HTML report printed by Chromium, with a header and footer on every page.

Chromium (Debian's ``/usr/bin/chromium``, driven by Playwright — the ``browser`` extra) prints the
same HTML the report and the site show, so the PDF is the HTML redline, paginated: no second
layout to keep in step. Its print header/footer templates put the policy and both dates at the
top of every page and "Page x of y" and both text hashes at the bottom. JavaScript is off in the
printing page and every request is refused: nothing in policy text can run or load.

When Playwright or Chromium is missing, ``RendererMissing`` (a ``TrackerError``) says in one line
what to install.
"""

from __future__ import annotations

import shutil
from html import escape
from pathlib import Path
from typing import Any

from tracker.errors import TrackerError
from tracker.fetch.browser import LAUNCH_ARGS
from tracker.report.cover import Cover

CHROMIUM = "/usr/bin/chromium"
_BAND = "font: 10px/1.3 'Liberation Sans', Arial, sans-serif; color: #444; width: 100%; margin: 0 16mm; display: flex;"


class RendererMissing(TrackerError):
    """The PDF renderer (Playwright and Chromium) is not installed."""


def chromium_path() -> str:
    """Debian's Chromium (``chromium`` on PATH, else /usr/bin/chromium); ``RendererMissing`` if absent."""
    found = shutil.which("chromium") or (CHROMIUM if Path(CHROMIUM).is_file() else None)
    if not found:
        raise RendererMissing("--format pdf: Chromium not found: apt-get install chromium")
    return found


def launch_chromium(playwright: Any) -> Any:
    """A headless Chromium browser from a running Playwright (``sync_playwright()``), with the
    project's flags (no sandbox, GPU, background networking, component updates, sync)."""
    return playwright.chromium.launch(executable_path=chromium_path(), headless=True, args=list(LAUNCH_ARGS))


def header_template(cover: Cover) -> str:
    """The print header: the policy on the left, both versions' dates on the right."""
    return (
        f'<div style="{_BAND} justify-content: space-between;"><span>{escape(cover.policy)} — redline</span>'
        f"<span>{escape(cover.old.date)} → {escape(cover.new.date)}</span></div>"
    )


def footer_template(cover: Cover) -> str:
    """The print footer: "Page x of y" and both versions' text hashes."""
    return (
        f'<div style="{_BAND} justify-content: space-between;">'
        '<span>Page <span class="pageNumber"></span> of <span class="totalPages"></span></span>'
        f"<span>old {escape(cover.old.text_sha256[:16])} · new {escape(cover.new.text_sha256[:16])}</span></div>"
    )


def html_to_pdf(html: str, cover: Cover) -> bytes:
    """Print a self-contained HTML page to A4 PDF bytes with the cover's header and footer."""
    try:
        from playwright.sync_api import Error as PlaywrightError
        from playwright.sync_api import sync_playwright
    except ImportError:
        raise RendererMissing(
            "--format pdf: Playwright is not installed: pip install 'policy-tracker[browser]' "
            "(and apt-get install chromium)"
        ) from None
    chromium_path()
    try:
        with sync_playwright() as playwright:
            browser = launch_chromium(playwright)
            try:
                context = browser.new_context(java_script_enabled=False)
                context.route("**/*", lambda route: route.abort())  # a report loads nothing
                page = context.new_page()
                page.set_content(html, wait_until="load")
                page.emulate_media(media="print")
                return bytes(
                    page.pdf(
                        format="A4",
                        print_background=True,
                        display_header_footer=True,
                        header_template=header_template(cover),
                        footer_template=footer_template(cover),
                        margin={"top": "20mm", "bottom": "18mm", "left": "14mm", "right": "14mm"},
                    )
                )
            finally:
                browser.close()
    except PlaywrightError as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise RendererMissing(f"--format pdf: Chromium failed: {first}") from None
