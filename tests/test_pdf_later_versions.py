"""Layout rules of the PDF reader (tracker.extract.pdf) found on the later versions of the tuning
documents (issue 16, h16t: ``benchmarks/pdf.py --part tuning --versions``): each on a small policy
page printed to PDF by Chromium in the test, with the running header and "Page n of m" footer of
``pdf_helpers``."""

from __future__ import annotations

import io

import pytest

from tests.pdf_helpers import LONG, headings, print_pages, read_printed
from tracker.extract.pdf import pdf_blocks
from tracker.fetch.browser import find_chromium

pytestmark = pytest.mark.skipif(find_chromium() is None, reason="Debian's chromium is not installed (.ci/run)")

TOPICS = ["Who we are", "What we collect", "Your rights"]
COMPOUNDS = ["in-app", "e-mail", "opt-out", "third-party", "log-in", "cross-border", "up-to-date", "sign-up"]

# hyphenated compounds in a narrow column: the browser breaks some of them at their hyphen
HYPHENS = (
    "<html><head><title>Acme Privacy Policy</title></head><body><main><h1>Privacy Policy</h1>"
    '<h2>In-App Purchases</h2><div style="width:210px">'
    + "".join(f"<p>We record {c} choices and {c} settings with every {c} request you make.</p>" for c in COMPOUNDS)
    + f"</div><h2>Your rights</h2><p>{LONG}</p></main></body></html>"
)
# a call-out set as a smaller heading between two sections of the top rank ("Download our app")
CALLOUTS = (
    "<html><head><title>Acme Privacy Policy</title></head><body><main>"
    + "".join(f"<h1>{t}</h1><p>{LONG}</p><aside><h3>Download our app</h3></aside>" for t in TOPICS[:2])
    + f"<h1>{TOPICS[2]}</h1><p>{LONG}</p>"
    # the guard: an empty heading that is a sentence is the page's own, before a larger one too
    + "<h3>You can change these choices in the settings menu.</h3>"
    + f"<h2>How to update your data</h2><p>{LONG}</p></main></body></html>"
)
# a page set wholly in the body's size: a menu, then a banner's title naming the document
FLAT = (
    "<html><head><title>Acme Terms</title></head><body><header>"
    + "".join(f"<p>{t}</p>" for t in ("NEW", "Download", "About", "Careers", "ACME FOR GOOD", "Blog"))
    + "</header><main><p><b>TERMS OF SERVICE</b></p>"
    + "".join(f"<p><b>{t.upper()}</b></p><p>{LONG}</p>" for t in TOPICS)
    + "</main></body></html>"
)
# the same with further terms titled after the text and a cookie panel printed at the end, its title
# set larger than the body: the banner is still the one before the first sentence
PANEL = FLAT.replace(
    "</main>",
    f"<p><b>ADDITIONAL TERMS FOR BUSINESS USERS</b></p><p>{LONG}</p>"
    f"</main><div><h1>We care about your privacy</h1><p>{LONG}</p></div>",
)
# numbered titles that lost their style (every paragraph in the body's, no space between them): a
# long one, its text right under it, and one after a list of dash items
PLAIN_TITLES = [
    "1. Who we are",
    "2. Is your personal data transferred outside the European Economic Area?",
    "3. Language",
]
PLAIN = (
    "<html><head><title>Acme Privacy Policy</title><style>p{margin:0}</style></head><body><main>"
    f"<h1>Privacy Policy</h1><p>{PLAIN_TITLES[0]}</p><p>{LONG}</p><p>{PLAIN_TITLES[1]}</p><p>{LONG}</p>"
    "<p>You can reach us:</p><p>- by email at privacy@acme.example, or</p><p>- by post at 1 Quay Street.</p>"
    f"<p>{PLAIN_TITLES[2]}</p><p>{LONG}</p></main></body></html>"
)
# a bold run-in lead wrapping onto a second line where it ends, in a box narrower than the page
LEAD = "2. SAFETY; YOUR DEALINGS WITH OTHER MEMBERS AND NO IDENTITY CHECKS."
LEADS = (
    "<html><head><title>Acme Terms</title></head><body><main><h1>Terms of Service</h1>"
    f"<p>{LONG}</p><p style='padding-right:200px'><b>{LEAD}</b> Please note this.</p>"
    f"<p>{LONG}</p></main></body></html>"
)
# a definition list of bold terms, each with its description hanging under it; the guard: a bold
# pseudo-heading over an indented bulleted list is still one
TERMS = ["Claims handler", "Payment provider", "Cloud hosting"]
DEFINITIONS = (
    "<html><head><title>Acme Privacy Policy</title><style>dt{font-weight:bold}</style></head><body><main>"
    f"<h1>Privacy Policy</h1><h2>Who we share data with</h2><p>{LONG}</p><dl>"
    + "".join(f"<dt>{t}</dt><dd>Handles a part of our business for us.</dd>" for t in TERMS)
    + f"</dl><p><b>Your choices</b></p><ul><li>Opt out of e-mails.</li><li>Close your account.</li></ul>"
    f"<h2>Your rights</h2><p>{LONG}</p></main></body></html>"
)

# a header row whose right-hand cell, set at the top, wraps over two lines above the other cells
ROW = "<tr><td>Account data and profile</td><td>To run the service safely for every member</td><td>Contract</td></tr>"
TABLE = (
    "<html><head><title>Acme Privacy Policy</title></head><body><main><h1>Privacy Policy</h1>"
    f"<h2>How we use data</h2><p>{LONG}</p>"
    '<table style="width:100%"><thead><tr style="height:140px">'
    '<th style="vertical-align:middle;width:22%">Purposes of the processing</th>'
    '<th style="vertical-align:middle;width:53%">Legal bases of the processing (these are described at length in'
    " section 3 of this policy, with the rights each of them gives you)</th>"
    '<th style="vertical-align:top;width:25%">Categories of data processed</th></tr></thead>'
    f"<tbody>{ROW * 4}</tbody></table><h2>Your rights</h2><p>{LONG}</p></main></body></html>"
)


@pytest.fixture(scope="module")
def printed() -> dict[str, bytes]:
    return print_pages(
        {
            "hyphens": HYPHENS,
            "callouts": CALLOUTS,
            "flat": FLAT,
            "panel": PANEL,
            "plain": PLAIN,
            "leads": LEADS,
            "definitions": DEFINITIONS,
            "table": TABLE,
        }
    )


def test_a_compound_broken_at_its_hyphen_is_joined_without_a_space(printed: dict[str, bytes]) -> None:
    import pdfplumber

    with pdfplumber.open(io.BytesIO(printed["hyphens"])) as pdf:
        lines = [line["text"] for page in pdf.pages for line in page.extract_text_lines()]
    assert any(line.rstrip().endswith("-") for line in lines)  # the print did break a compound
    from_html, from_pdf = read_printed({"hyphens": HYPHENS}, "hyphens", printed)
    text = from_pdf.to_markdown()
    for compound in COMPOUNDS:
        assert text.count(compound) == 3, compound
    assert "- " not in text.replace("\n- ", "\n")  # no compound read as two words
    assert headings(from_pdf) == headings(from_html)


def test_a_call_out_heading_before_a_larger_heading_is_left_out(printed: dict[str, bytes]) -> None:
    from_html, from_pdf = read_printed({"callouts": CALLOUTS}, "callouts", printed)
    assert "Download our app" not in headings(from_pdf)
    assert "Download our app" not in from_pdf.to_markdown()
    assert "You can change these choices in the settings menu." in headings(from_pdf)
    assert [h for h in headings(from_pdf) if h] == [h for h in headings(from_html) if h and h != "Download our app"]


def test_a_menu_before_a_banner_title_on_a_page_in_one_size_is_dropped(printed: dict[str, bytes]) -> None:
    blocks = pdf_blocks(printed["flat"], "flat.pdf")
    assert not any(b.kind == "heading" and b.level == 1 for b in blocks)  # no title set larger
    assert blocks[0].text == "TERMS OF SERVICE"
    from_html, from_pdf = read_printed({"flat": FLAT}, "flat", printed)
    assert "ACME FOR GOOD" not in from_pdf.to_markdown() and "Careers" not in from_pdf.to_markdown()
    assert [h for h in headings(from_pdf) if h] == ["TERMS OF SERVICE", *(t.upper() for t in TOPICS)]
    assert headings(from_pdf) == headings(from_html)


def test_a_menu_before_a_banner_title_goes_when_only_a_panel_after_the_text_is_set_larger(
    printed: dict[str, bytes],
) -> None:
    blocks = pdf_blocks(printed["panel"], "panel.pdf")
    assert [b.text for b in blocks if b.kind == "heading" and b.level == 1] == ["We care about your privacy"]
    assert blocks[0].text == "TERMS OF SERVICE"
    assert "ACME FOR GOOD" not in " ".join(b.text for b in blocks)


def test_a_header_cell_wrapping_above_the_row_is_a_table_row(printed: dict[str, bytes]) -> None:
    blocks = pdf_blocks(printed["table"], "table.pdf")
    first = next(i for i, b in enumerate(blocks) if b.text.startswith("Categories of data"))
    assert blocks[first].text == "Categories of data"  # the cell's first line, read alone
    assert all(b.kind == "table_row" for b in blocks[first : first + 4])
    from_html, from_pdf = read_printed({"table": TABLE}, "table", printed)
    assert headings(from_pdf) == headings(from_html)


def test_plain_numbered_titles_end_on_their_line_after_a_dash_list_too(printed: dict[str, bytes]) -> None:
    blocks = pdf_blocks(printed["plain"], "plain.pdf")
    assert [b.text for b in blocks if b.kind == "heading"] == ["Privacy Policy", *PLAIN_TITLES]
    assert sum(b.text.startswith(LONG) for b in blocks) == 3  # each text a paragraph of its own, whole


def test_a_bold_lead_ending_on_its_second_line_stays_its_paragraphs(printed: dict[str, bytes]) -> None:
    blocks = pdf_blocks(printed["leads"], "leads.pdf")
    assert f"{LEAD} Please note this." in [b.text for b in blocks]
    from_html, from_pdf = read_printed({"leads": LEADS}, "leads", printed)
    assert headings(from_pdf) == headings(from_html)


def test_a_definition_lists_terms_are_no_headings(printed: dict[str, bytes]) -> None:
    from_html, from_pdf = read_printed({"definitions": DEFINITIONS}, "definitions", printed)
    assert not set(TERMS) & set(headings(from_pdf))
    assert "Your choices" in headings(from_pdf)
    assert headings(from_pdf) == headings(from_html)
