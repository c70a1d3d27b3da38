"""Real PDFs for the PDF tests: pages printed by Chromium (through Playwright), as a browser's
"Save as PDF" makes them, with a running header and a "Page n of m" footer."""

from __future__ import annotations

import asyncio

from tracker.extract import extract
from tracker.fetch.browser import LAUNCH_ARGS, find_chromium
from tracker.models import PolicyDocument

# a body paragraph long enough to fill several full lines of a printed page
LONG = (
    "We process the personal data you give us when you create an account, contact our support team or "
    "take part in a survey, and the data our servers record when you use the service, such as your device "
    "type, your language and the pages you visited, for as long as your account stays open."
)
HEADER = '<div style="font-size:9px;width:100%;text-align:center">Acme Ltd. — Privacy</div>'
FOOTER = (
    '<div style="font-size:9px;width:100%;text-align:center">'
    'Page <span class="pageNumber"></span> of <span class="totalPages"></span></div>'
)


def print_pdfs(pages: list[str]) -> list[bytes]:
    """Each HTML page printed to PDF by one Chromium."""
    return asyncio.run(_print_all(pages))


def print_pages(pages: dict[str, str]) -> dict[str, bytes]:
    """Each named HTML page printed to PDF (``print_pdfs``), by name."""
    return dict(zip(pages, print_pdfs(list(pages.values())), strict=True))


def read_printed(pages: dict[str, str], name: str, printed: dict[str, bytes]) -> tuple[PolicyDocument, PolicyDocument]:
    """The page ``name`` read from its HTML and from its printed PDF."""
    return extract(pages[name].encode(), "text/html"), extract(printed[name], "application/pdf")


def headings(document: PolicyDocument) -> list[str | None]:
    """Every section's heading, in order (the preamble's is empty)."""
    return [s.heading for s in document.sections]


async def _print_all(pages: list[str]) -> list[bytes]:
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=find_chromium(), headless=True, args=list(LAUNCH_ARGS)
        )
        try:
            out = []
            for html in pages:
                page = await browser.new_page()
                await page.set_content(html)
                out.append(
                    await page.pdf(
                        display_header_footer=True,
                        header_template=HEADER,
                        footer_template=FOOTER,
                        margin={"top": "60px", "bottom": "60px", "left": "50px", "right": "50px"},
                    )
                )
                await page.close()
            return out
        finally:
            await browser.close()
