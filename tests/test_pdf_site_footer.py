"""A printed web page's site footer (tracker.extract.pdf_footer): its column titles and menu rows
head no text, and are dropped from the end of the PDF reading as the HTML reading drops the
``<footer>``; a policy's own last section, a contact heading over a bold address, is kept, and so
are empty titles set as the policy's headings are (tests/test_pdf_printers.py, wrapped_title).
Each page printed to PDF by Chromium in the test."""

from __future__ import annotations

from functools import partial

import pytest

from tests.pdf_helpers import LONG, headings, print_pages, read_printed
from tracker.fetch.browser import find_chromium

pytestmark = pytest.mark.skipif(find_chromium() is None, reason="Debian's chromium is not installed (.ci/run)")

TOPICS = ["What we collect", "Why we use it", "Who we share it with", "Your choices", "Contact us"]
POLICY = "<h1>Privacy Policy</h1>" + "".join(f"<h2>{t}</h2><p>{LONG}</p><p>{LONG}</p>" for t in TOPICS)
LINKS = "<ul>" + "".join(f"<li><a href='/{w.lower()}'>{w}</a></li>" for w in ("Help", "Blog", "Press")) + "</ul>"


def page(footer: str, style: str = "") -> str:
    return (
        f"<html><head><title>Acme Privacy Policy</title><style>{style}</style></head>"
        f"<body><main>{POLICY}</main><footer>{footer}</footer></body></html>"
    )


# columns of link titles set bold and smaller than the text, a list of links under one, and a
# copyright line, as a site's footer prints after the policy
TITLES = ["About us", "The legal stuff", "Get the app"]
COLUMNS = page(
    "".join(f"<h4>{t}</h4>{LINKS if n == 1 else ''}" for n, t in enumerate(TITLES)) + "<p>©2025 ACME</p>",
    style="body{font-size:16px} footer h4{font-size:11px;font-weight:bold;margin:40px 0 8px}",
)
# a call to join, then titles set right in a size of their own, larger than the text
RIGHT = page(
    "<h3>Join Acme and find your people</h3>"
    + "".join(f"<h2 style='text-align:right'>{t}</h2>" for t in ("About Acme", "Acme for all", "The legal stuff")),
    style="footer h2{font-size:21px}",
)
# rows of menu links in bold capitals, the last page's only text after the policy's end
MENU = page(
    "<p style='text-align:center'><b>ABOUT US BLOG CAREERS HELP PRESS</b></p>"
    "<p style='text-align:center'><b>PRIVACY POLICY TERMS</b></p>",
    style="footer{margin-top:200px}",
)
# a policy ending on its contact section: a bold address and an e-mail line under a heading, a
# bold "Last updated" line: the policy's own, kept
CONTACT = (
    "<html><head><title>Acme Privacy Policy</title></head><body><main>"
    f"{POLICY}<p><strong>Acme Ltd</strong><br><strong>1 Main Street</strong><br>"
    "<strong>Springfield 12345</strong></p><p><strong>privacy@acme.example</strong></p>"
    "<h2>Changes</h2><p><strong>Last updated</strong></p></main></body></html>"
)
PAGES = {"columns": COLUMNS, "right": RIGHT, "menu": MENU, "contact": CONTACT}


read = partial(read_printed, PAGES)  # read(name, printed): the page from its HTML and its PDF


@pytest.fixture(scope="module")
def printed() -> dict[str, bytes]:
    return print_pages(PAGES)


@pytest.mark.parametrize("name", ["columns", "right", "menu"])
def test_a_site_footer_after_the_policy_is_no_section(name: str, printed: dict[str, bytes]) -> None:
    from_html, from_pdf = read(name, printed)
    assert headings(from_html) == TOPICS  # the HTML reading leaves out the <footer>
    assert headings(from_pdf) == headings(from_html)
    assert LONG in [c.text for c in from_pdf.sections[-1].clauses]  # the last section still whole


def test_the_footer_s_words_are_not_kept_as_text(printed: dict[str, bytes]) -> None:
    _, from_pdf = read("columns", printed)
    markdown = from_pdf.to_markdown()
    assert "The legal stuff" not in markdown and "Get the app" not in markdown


def test_a_policy_ending_on_its_contact_address_keeps_it(printed: dict[str, bytes]) -> None:
    from_html, from_pdf = read("contact", printed)
    assert headings(from_pdf) == headings(from_html)
    markdown = from_pdf.to_markdown()
    assert "1 Main Street" in markdown and "privacy@acme.example" in markdown
