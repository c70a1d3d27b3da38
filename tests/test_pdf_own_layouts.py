"""Layout rules of the PDF reader (tracker.extract.pdf) found on the benchmark's own pages
(issue 16, h16s: ``benchmarks/pdf.py --part own``): each on a small policy page printed to PDF
by Chromium in the test, with the running header and "Page n of m" footer of ``pdf_helpers``."""

from __future__ import annotations

import io

import pytest

from tests.pdf_helpers import LONG, headings, print_pages, read_printed
from tracker.fetch.browser import find_chromium

pytestmark = pytest.mark.skipif(find_chromium() is None, reason="Debian's chromium is not installed (.ci/run)")

TOPICS = ["Who we are", "What we collect", "Your rights"]

# a policy short enough to print on one page: its printed header cannot be seen coming back
ONE_PAGE = (
    "<html><head><title>Acme Privacy Policy</title></head><body><main>"
    "<h1>Acme Privacy Notice</h1>" + "".join(f"<h3>{t}</h3><p>{LONG}</p>" for t in TOPICS) + "</main></body></html>"
)
# the same on three pages, for the repetition rule that was there before
THREE_PAGES = ONE_PAGE.replace("</main>", "".join(f"<p>{LONG}</p>" for _ in range(24)) + "</main>")


@pytest.fixture(scope="module")
def printed() -> dict[str, bytes]:
    return print_pages({"one": ONE_PAGE, "three": THREE_PAGES})


def test_a_one_page_print_loses_its_header_and_keeps_its_title(printed: dict[str, bytes]) -> None:
    from_html, from_pdf = read_printed({"one": ONE_PAGE}, "one", printed)
    import pdfplumber

    with pdfplumber.open(io.BytesIO(printed["one"])) as pdf:
        assert len(pdf.pages) == 1
    assert "Acme Ltd." not in from_pdf.to_markdown()  # the printed header (pdf_helpers.HEADER)
    assert "Page 1 of 1" not in from_pdf.to_markdown()
    assert headings(from_pdf) == headings(from_html)
    assert _words(from_pdf.to_markdown()) == _words(from_html.to_markdown())  # every word, no more


def test_a_longer_print_still_loses_its_repeated_header(printed: dict[str, bytes]) -> None:
    from_html, from_pdf = read_printed({"three": THREE_PAGES}, "three", printed)
    assert "Acme Ltd." not in from_pdf.to_markdown()
    assert headings(from_pdf) == headings(from_html)


def _words(markdown: str) -> list[str]:
    return [w for w in markdown.split() if not w.startswith("#")]


BODY = "".join(f"<h2>{t}</h2><p>{LONG}</p>" for t in TOPICS)
# a site header printed before the policy's title: a menu of links, one a line, a "NEW" badge
MENU = (
    "<html><head><title>Acme Privacy Policy</title></head><body>"
    "<header><p>NEW</p><p>Try Acme on the web</p><nav>"
    + "".join(f'<a style="display:block" href="/{t}">{t}</a>' for t in ("About", "Help", "Careers", "Blog", "Shop"))
    + f"</nav></header><main><h1>Privacy Policy</h1>{BODY}</main></body></html>"
)
# the guard: a sender's address block set above the title is the policy's own
ADDRESS = (
    "<html><head><title>Acme Privacy Policy</title></head><body><main>"
    "<p>Acme Ltd</p><p>1 Harbour Street</p><p>Bristol BS1 4DJ</p>"
    f"<h1>Privacy Policy</h1>{BODY}</main></body></html>"
)


# the guard: a banner's title naming the document, between the menu and the title, is the page's
BANNER = MENU.replace("<main>", "<main><p>PRIVACY NOTICE</p><p>Your data, our duties</p>")


@pytest.fixture(scope="module")
def headed() -> dict[str, bytes]:
    return print_pages({"menu": MENU, "address": ADDRESS, "banner": BANNER})


def test_a_site_header_menu_printed_before_the_title_is_dropped(headed: dict[str, bytes]) -> None:
    from_html, from_pdf = read_printed({"menu": MENU}, "menu", headed)
    text = from_pdf.to_markdown()
    assert "NEW" not in text and "Careers" not in text
    assert headings(from_pdf) == headings(from_html)
    assert _words(text) == _words(from_html.to_markdown())


def test_a_banner_title_naming_the_document_after_the_menu_is_kept(headed: dict[str, bytes]) -> None:
    from_html, from_pdf = read_printed({"banner": BANNER}, "banner", headed)
    assert "PRIVACY NOTICE" in headings(from_html)
    assert headings(from_pdf) == headings(from_html)
    assert _words(from_pdf.to_markdown()) == _words(from_html.to_markdown())


def test_an_address_block_above_the_title_is_kept(headed: dict[str, bytes]) -> None:
    from_html, from_pdf = read_printed({"address": ADDRESS}, "address", headed)
    assert "1 Harbour Street" in from_pdf.to_markdown()
    assert _words(from_pdf.to_markdown()) == _words(from_html.to_markdown())
