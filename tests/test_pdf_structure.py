"""PDF policies with structure: Chromium's print-to-PDF (through Playwright) of a policy page with a
running header and footer, read back into the same sections and clauses as the HTML page."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from tracker.extract import extract
from tracker.fetch.browser import LAUNCH_ARGS, find_chromium

SECTIONS = [
    ("1. Information we collect", "We collect your name, email address and phone number when you register."),
    ("2. How we use information", "We use your information to provide the service and to improve it."),
    ("3. Sharing", "We shall not disclose your personal information to third parties except as required by law."),
    ("4. Retention", "We keep your data for 12 months after your account is closed, then delete it."),
    ("5. Your rights", "You may ask us to access, correct or delete your personal data at any time."),
    ("6. Contact", "Write to privacy@example.com with any question about this policy or your data."),
]


def policy_html() -> str:
    body = []
    for heading, text in SECTIONS:
        body.append(f"<h2>{heading}</h2>")
        body.extend(f"<p>{text} {text} {text}</p>" for _ in range(3))  # the same text on several pages
        body.append(f"<h3>{heading.split()[0]}1 Details</h3><p>In detail: {text}</p>")
        body.append(f"<ul><li>{text}</li><li>A second point about {heading.split(' ', 1)[1].lower()}.</li></ul>")
    return (
        "<html><head><title>Acme Privacy Policy</title></head><body><main><h1>Privacy Policy</h1>"
        f"<p>Last updated: 19 June 2024</p>{''.join(body)}</main></body></html>"
    )


async def _print_pdf(html: str) -> bytes:
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=find_chromium(), headless=True, args=list(LAUNCH_ARGS)
        )
        try:
            page = await browser.new_page()
            await page.set_content(html)
            return await page.pdf(
                display_header_footer=True,
                header_template='<div style="font-size:9px;width:100%;text-align:center">Acme Ltd. — Privacy</div>',
                footer_template='<div style="font-size:9px;width:100%;text-align:center">'
                'Page <span class="pageNumber"></span> of <span class="totalPages"></span></div>',
                margin={"top": "60px", "bottom": "60px", "left": "50px", "right": "50px"},
            )
        finally:
            await browser.close()


def outline(document):  # type: ignore[no-untyped-def]
    return [(s.heading, s.level, [(c.kind, c.text) for c in s.clauses]) for s in document.sections]


@pytest.mark.skipif(find_chromium() is None, reason="Debian's chromium is not installed (.ci/run)")
def test_printed_pdf_reads_like_its_html_page(tmp_path: Path) -> None:
    html = policy_html()
    pdf = asyncio.run(_print_pdf(html))
    import pdfplumber

    (tmp_path / "policy.pdf").write_bytes(pdf)
    with pdfplumber.open(tmp_path / "policy.pdf") as printed:
        assert len(printed.pages) >= 3  # paragraphs run across pages, under a header and footer on each
    from_html = extract(html.encode(), "text/html")
    from_pdf = extract(pdf, "application/pdf")
    assert from_pdf.title == from_html.title == "Privacy Policy"
    assert from_pdf.last_updated == from_html.last_updated == "2024-06-19"
    assert outline(from_pdf) == outline(from_html)
    assert len(from_pdf.sections) == 12 and {s.level for s in from_pdf.sections} == {2, 3}
    markdown = from_pdf.to_markdown()
    assert "Acme Ltd." not in markdown and "Page 1 of" not in markdown  # running header and footer dropped
    assert markdown.count("A second point about sharing.") == 1  # list items from the drawn bullets
