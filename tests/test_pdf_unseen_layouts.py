"""Layout rules of the PDF reader (tracker.extract.pdf) found on later versions of the tuning pages
(issue 16, unseen layouts): each on a small policy page printed to PDF by Chromium in the test and
read back into the sections of the same HTML page."""

from __future__ import annotations

from functools import partial

import pytest

from tests.pdf_helpers import LONG, headings, print_pages, read_printed
from tracker.fetch.browser import find_chromium

pytestmark = pytest.mark.skipif(find_chromium() is None, reason="Debian's chromium is not installed (.ci/run)")

MORE = "".join(f"<p>Paragraph {n} of this notice. {LONG}</p>" for n in range(1, 12))
TOPICS = ["Scope of this notice", "What we collect", "Why we use it", "Who we share it with", "Your choices"]


def page(body: str, style: str = "") -> str:
    return (
        f"<html><head><title>Acme Privacy Policy</title><style>{style}</style></head>"
        f"<body><main>{body}{MORE}</main></body></html>"
    )


# a light body text (font-weight 300, which the face at hand sets as its regular): a <strong>
# asks for the next weight, 400, the same face again; the browser embeds it as a subset of its own
LIGHT = page(
    "<h1>Privacy Policy</h1>" + "".join(f"<p><strong>{t}</strong></p><p>{LONG}</p>" for t in TOPICS),
    style="body{font-family:'Liberation Sans';font-weight:300}",
)
# a page converted from a PDF (white-space kept, spacer boxes of fixed width, a negative margin
# pulling the next run back): the run's space is drawn inside the next run's first letter
SPACER = "<span class='_ _w'> </span> <span class='_ _m'></span>"
CONVERTED = page(
    "".join(
        f"<div class='t'><b>{n}. {SPACER}{t}</b></div><div class='t'>We keep it {SPACER}for a year.</div><p>{LONG}</p>"
        for n, t in enumerate(["How long we keep your data", "Personal data of children", "Transfers"], 1)
    ),
    style=".t{white-space:pre;font-size:13.7px} ._{display:inline-block} ._w{width:12.8px} ._m{margin-left:-12.2px}",
)
# headings set in bold only 9 % larger than the text (16 px), one wrapping in a narrow box
NEAR_SIZE = page(
    "<h1>Privacy Policy</h1>"
    '<h3 style="width:45%">If you live outside of the United States, this privacy policy will apply.</h3>'
    f"<p>{LONG}</p>" + "".join(f"<h3>{n}. {t}</h3><p>{LONG}</p>" for n, t in enumerate(TOPICS, 1)),
    style="body{font-size:16px} h3{font-size:17.4px;font-weight:bold;margin:1em 0}",
)
# a bold notice set as much larger: full lines, a paragraph, no heading
NOTICE = page(
    f"<h1>Privacy Policy</h1><h2>Who we are</h2><p>{LONG}</p>"
    f'<p style="font-size:17.4px"><strong>{LONG}</strong></p><h2>Your rights</h2><p>{LONG}</p>',
    style="body{font-size:16px}",
)
# a table of contents: an indented numbered list whose numbers a stylesheet sets before each item
# (``li:before``, which the HTML reading does not read), so close to the text that the PDF's text
# has no space between them ("1.SCOPE OF THIS NOTICE")
CONTENTS = page(
    "<h1>Privacy Policy</h1><p>This policy is set out in parts you can click through:</p>"
    '<ol style="margin-left:30px">'
    + "".join(f"<li><a href='#{n}'>{t.upper()}</a></li>" for n, t in enumerate(TOPICS, 1))
    + "</ol>"
    + "".join(f"<h2 id='{n}'>{n}. {t.upper()}</h2><p>{LONG}</p>" for n, t in enumerate(TOPICS, 1)),
    style="body{font-size:11px} h2{font-size:15px} ol{list-style:none;counter-reset:n}"
    " ol>li:before{content:counter(n) '.';counter-increment:n;font-weight:bold;margin-right:3px}",
)
# a bold title ending a page (too long to be broken off as a <br>), a bold numbered heading opening
# the next: two headings, not one line
PAGE_END = page(
    f"<h1>Privacy Policy</h1><p>{LONG}</p>"
    "<p><strong>Privacy policy and processing of the personal data of our members</strong></p>"
    f'<p style="break-before:page"><strong>1. General</strong></p><p>{LONG}</p>'
    "<p><strong>2. Data we collect</strong></p>"
)
PAGES = {
    "page_end": PAGE_END,
    "light": LIGHT,
    "converted": CONVERTED,
    "near_size": NEAR_SIZE,
    "notice": NOTICE,
    "contents": CONTENTS,
}


read = partial(read_printed, PAGES)  # read(name, printed): the page from its HTML and its PDF


@pytest.fixture(scope="module")
def printed() -> dict[str, bytes]:
    return print_pages(PAGES)


def test_a_weight_embedded_as_a_subset_of_its_own_sets_a_line_apart(printed: dict[str, bytes]) -> None:
    from_html, from_pdf = read("light", printed)
    assert headings(from_pdf) == headings(from_html)
    assert set(TOPICS) <= set(headings(from_pdf))  # the <strong> lines are pseudo-headings, as in HTML


def test_a_space_drawn_inside_a_glyph_is_no_word_gap(printed: dict[str, bytes]) -> None:
    from_html, from_pdf = read("converted", printed)
    assert headings(from_pdf) == headings(from_html)
    assert "1. How long we keep your data" in headings(from_pdf)  # not "1. H ow long ..."
    assert "We keep it for a year." in from_pdf.to_markdown()


def test_a_bold_heading_a_little_larger_than_the_text_is_a_heading(printed: dict[str, bytes]) -> None:
    from_html, from_pdf = read("near_size", printed)
    assert headings(from_pdf) == headings(from_html)
    # the wrapped one is one heading, not three lines
    assert "If you live outside of the United States, this privacy policy will apply." in headings(from_pdf)


def test_a_bold_notice_a_little_larger_than_the_text_stays_a_paragraph(printed: dict[str, bytes]) -> None:
    from_html, from_pdf = read("notice", printed)
    assert headings(from_pdf) == headings(from_html) == ["Who we are", "Your rights"]
    assert LONG in [c.text for c in from_pdf.sections[0].clauses]


def test_an_indented_item_whose_marker_touches_its_text_is_a_list_item(printed: dict[str, bytes]) -> None:
    from_html, from_pdf = read("contents", printed)
    assert headings(from_pdf) == headings(from_html)
    assert headings(from_pdf).count("1. SCOPE OF THIS NOTICE") == 1  # the contents' line is no heading
    assert sum(c.kind == "list_item" for c in from_pdf.sections[0].clauses) == len(TOPICS)


def test_a_short_line_ending_a_page_ends_its_clause(printed: dict[str, bytes]) -> None:
    from_html, from_pdf = read("page_end", printed)
    assert headings(from_pdf) == headings(from_html)
    assert "1. General" in headings(from_pdf)  # not "Privacy policy ... of our members 1. General"
