"""What a printed web page holds beside its document, dropped by the PDF reader by layout: a
fixed-position panel (a cookie banner) that Chromium draws again on every page, over the text.
Each page is printed by Chromium in the test and read back into the sections of the policy alone."""

from __future__ import annotations

import pytest

from tests.pdf_helpers import LONG, print_pdfs
from tracker.extract import extract
from tracker.fetch.browser import find_chromium
from tracker.models import PolicyDocument

pytestmark = pytest.mark.skipif(find_chromium() is None, reason="Debian's chromium is not installed (.ci/run)")

PANEL = (
    '<div style="position:fixed;bottom:40px;left:20px;right:20px;background:#fff;border:1px solid #888;'
    'padding:8px"><p><b>We value your privacy</b></p><p>We and our partners store and access information on '
    "your device, such as cookies, to measure audiences and show personalised ads.</p>"
    "<button>Accept all</button> <button>Reject all</button></div>"
)


def policy(sections: int) -> str:
    body = "".join(f"<h2>Section {n}</h2><p>{LONG}</p><p>Paragraph {n}. {LONG}</p>" for n in range(1, sections + 1))
    return f"<html><head><title>Acme</title></head><body><main><h1>Privacy Policy</h1>{body}</main></body></html>"


def with_panel(html: str) -> str:
    return html.replace("</main>", f"</main>{PANEL}")


PAGES = {"short": policy(8), "long": policy(20)}  # two printed pages; five or more


@pytest.fixture(scope="module")
def printed() -> dict[str, bytes]:
    return dict(zip(PAGES, print_pdfs([with_panel(html) for html in PAGES.values()]), strict=True))


def outline(document: PolicyDocument) -> list[tuple[object, ...]]:
    return [(s.heading, s.level, [(c.kind, c.text) for c in s.clauses]) for s in document.sections]


@pytest.mark.parametrize("name", list(PAGES))
def test_a_panel_drawn_on_every_page_over_the_text_is_dropped(printed: dict[str, bytes], name: str) -> None:
    import pdfplumber

    pdf = printed[name]
    with pdfplumber.open(__import__("io").BytesIO(pdf)) as document:
        pages = len(document.pages)
        text = document.pages[0].extract_text()
    assert (pages == 2) if name == "short" else (pages >= 5)
    assert "We value your privacy" in text  # the panel is in the PDF, over the policy's text
    from_pdf = extract(pdf, "application/pdf")
    # read as the policy page without the panel: no heading, clause or button of it, and the
    # paragraphs it was drawn over come back whole
    assert outline(from_pdf) == outline(extract(PAGES[name].encode(), "text/html"))
    markdown = from_pdf.to_markdown()
    assert "privacy" not in markdown.lower() and "Accept all" not in markdown and "cookies" not in markdown
