"""The layout rules of the PDF reader (tracker.extract.pdf), one test per rule, each on a small
policy page printed to PDF by Chromium and read back into the sections of the same HTML page."""

from __future__ import annotations

import pytest

from tests.pdf_helpers import LONG, print_pdfs
from tracker.extract import extract
from tracker.fetch.browser import find_chromium
from tracker.models import PolicyDocument

pytestmark = pytest.mark.skipif(find_chromium() is None, reason="Debian's chromium is not installed (.ci/run)")


# enough text for several pages under the running header and footer
MORE = "".join(f"<p>Paragraph {n} of this notice. {LONG}</p>" for n in range(1, 15))


def page(body: str, title: str = "Acme Privacy Policy") -> str:
    return f"<html><head><title>{title}</title></head><body><main>{body}{MORE}</main></body></html>"


NOTE = (
    "Important: you may object at any time to the processing of your personal data for direct "
    "marketing, including profiling, by writing to us or by using the link in each message."
)  # bold, in a box narrower than the page: its lines wrap at the box's edge, not broken off
HARD_BREAKS = page(
    f"<h1>Privacy Policy</h1><h2>Who we are</h2><p>{LONG}</p>"
    "<p><strong>Acme Ltd – Data Protection Officer</strong><br><strong>1 Main Street, Springfield</strong></p>"
    f"<p>Acme Holdings S.A.<br>ACME DATA<br>12 rue de la Paix, 75002 Paris</p><p>{LONG}</p>"
    f'<h2>Your rights</h2><p>{LONG}</p><div style="width:55%"><p><strong>{NOTE}</strong></p></div><p>{LONG}</p>'
)
TABLE = page(
    f"<h1>Privacy Policy</h1><h2>Why we use your data</h2><p>{LONG}</p>"
    '<table border="1" cellpadding="5" style="width:100%"><tbody>'
    "<tr><td><b>Purpose</b></td><td><b>Legal basis</b></td></tr>"
    "<tr><td>Account management</td><td>Contract</td></tr>"
    "<tr><td>Fraud prevention</td><td>Legitimate interest</td></tr></tbody></table>"
    f"<h2>Retention</h2><p>{LONG}</p>"
)
HUB = page(
    "<h1>Terms, Privacy &amp; Copyright</h1>"
    "<h2>Terms of Service</h2>"
    f"<h5>1. Some initial things we want to make clear.</h5><p>{LONG}</p>"
    f"<h5>2. Eligibility</h5><p>{LONG}</p><h5>3. Use of the Service</h5><p>{LONG}</p>"
    "<h2>Privacy Policy</h2>"
    f"<h5>1. Information we collect</h5><p>{LONG}</p><h5>2. Sharing</h5><p>{LONG}</p>"
    f"<h5>3. Reporting of violations; general contact info.</h5><p>{LONG}</p>"
    f"<h2>Copyright Policy</h2><h5>1. Notices</h5><p>{LONG}</p><p>{LONG}</p>",
    title="Terms, Privacy & Copyright",
)
LETTERED = page(
    f"<h1>Privacy Policy</h1><h2>How we use your information</h2><p>{LONG}</p>"
    '<ol type="A"><li><strong><em>To manage your account and provide our services</em></strong></li></ol>'
    "<ul><li>Create and manage your account</li><li>Answer your questions</li></ul>"
    '<ol type="A" start="2"><li><strong><em>To keep our services safe</em></strong></li></ol>'
    "<ul><li>Detect fraud and abuse</li><li>Comply with the law</li></ul>"
    f"<h2>Sharing</h2><p>{LONG}</p>"
)
# lines of a paragraph that wrap early: before a run joined by no-break spaces (the first word alone
# would have fitted), and before a bold link that wraps onto a line of its own
CHAIN = "Art.&nbsp;6&nbsp;Abs.&nbsp;1&nbsp;S.&nbsp;1&nbsp;lit.&nbsp;f&nbsp;DSGVO"
PURPOSE = [
    "Wir",
    "verarbeiten",
    "Ihre",
    "Daten",
    "zur",
    "Abwehr",
    "von",
    "Betrug",
    "und",
    "Missbrauch",
    "unseres",
    "Dienstes",
]
EARLY_WRAPS = page(
    "<h1>Datenschutzerklärung</h1><h2>Zwecke</h2>"
    + "".join(
        f"<p>{' '.join(PURPOSE[:n])} {' '.join(['Daten'] * n)} auf Grundlage von {CHAIN}, soweit unser "
        "berechtigtes Interesse überwiegt und Sie nicht widersprochen haben.</p>"
        for n in range(2, 14)
    )
    + "<h2>Devices</h2>"
    + "".join(
        f"<p>We collect data about your device such as web beacons, software {'development ' * n}kits and "
        "log files. <a href='/more'><strong>[LEARN MORE]</strong></a></p>"
        for n in range(10)
    ),
    title="Datenschutz",
)
LONG_NUMBERED = page(
    f"<h1>Politique de confidentialité</h1><p><strong>1. Généralités</strong></p><p>{LONG}</p>"
    "<p><strong>11. Modification de notre politique de confidentialité et de traitement de données "
    f"personnelles</strong></p><p>{LONG}</p><ol><li>Un premier point.</li><li>Un second point.</li></ol>",
    title="Politique de confidentialité",
)
COOKIES = (
    "We use cookies and similar technologies to keep you signed in, to remember your choices and to "
    "measure how our pages are used, and our advertising partners use them to show you relevant ads."
)
# a cookie notice appended to the policy, its title set centred (the anchor that marks it in HTML
# is not in the PDF), its own sections under centred bold lines, not under larger headings
APPENDED = (
    "<html><head><title>Acme Privacy Policy</title></head><body><main><p><strong>Acme Privacy Policy</strong></p>"
    + "".join(f"<p><strong>{h}</strong></p><p>{LONG}</p>" for h in ["Who we are", "What we collect", "Your rights"])
    + MORE
    + '<p id="cookie-statement" style="text-align:center"><strong>COOKIE NOTICE</strong></p>'
    + "".join(
        f'<p style="text-align:center"><strong>{h}</strong></p><p>{COOKIES}</p>'
        for h in ["What are cookies", "Which cookies we use", "Your choices"]
    )
    + "</main></body></html>"
)
# a table whose cells wrap over several lines, set in the middle of their rows (a browser's default
# for <td>): the lines of its columns interleave, and the bold header cells read line by line
WRAPPED_CELLS = page(
    f"<h1>Privacy Policy</h1><h2>Categories we share</h2><p>{LONG}</p>"
    '<table border="1" cellpadding="6" style="width:100%"><tbody>'
    '<tr><th style="width:22%">Category</th><th style="width:12%">We Collect</th><th style="width:12%">We Sell</th>'
    "<th>Categories of Third Parties with Whom We Disclose Personal Information</th></tr>"
    + "".join(
        f"<tr><td><strong>{cat}</strong><br>Examples: name, postal address, online identifier, email "
        f"address, account name, or other similar identifiers.</td><td>Yes</td><td>No</td><td>{who}</td></tr>"
        for cat, who in [
            ("A. Identifiers", "Internet Service Providers, Analytics Providers, Social Networks, Affiliates"),
            ("B. Commercial Information", "Payment Processors, Vendors, Third Parties as Legally Required"),
            ("C. Characteristics of Protected Classifications under California or Federal Law", "N/A"),
        ]
    )
    + f"</tbody></table><h2>Retention</h2><p>{LONG}</p>"
)
# sub-headings set in the body's font, size and weight, set apart only by a tighter letter spacing
# and line height (a web page's heading style: ``letter-spacing:-0.02em; line-height:1.1``), with no
# space between paragraphs; some paragraphs end on a full line, right before a sub-heading
SUBHEADINGS = [
    "Registration", "Communications with Support", "Purchases", "Connected Accounts", "Advertising Partners",
    "Log Data", "Cookies and Similar Technologies", "Business Transfers", "Compliance with Laws",
    "Other Third Parties", "Retention Periods", "Security Measures",
]  # fmt: skip
TRACKED = (
    "<html><head><title>Acme Privacy Policy</title><style>"
    "body{font-size:16px;line-height:1.4;letter-spacing:0.0075em} p,h2,h3{margin:0}"
    "h2,h3{letter-spacing:-0.02em;line-height:1.1;font-weight:normal} h2{font-size:1.5em} h3{font-size:inherit}"
    "</style></head><body><main><h1>Privacy Policy</h1>"
    + "".join(
        (f"<h2>{n // 4 + 1}. What we collect, part {n // 4 + 1}</h2>" if n % 4 == 0 else "")
        + f"<h3>{title}</h3><p>{LONG} We keep {'these records ' * n}for the time stated.</p>"
        for n, title in enumerate(SUBHEADINGS)
    )
    + "</main></body></html>"
)
# the same short lines in a document whose paragraphs are each letter-spaced their own way (as by
# a justification that spreads letters): no usual spacing, so none sets a line apart
SCATTERED = (
    "<html><head><title>Acme Privacy Policy</title><style>"
    "body{font-size:16px;line-height:1.4} p{margin:0 0 1em}"
    "</style></head><body><main><h1>Privacy Policy</h1>"
    + "".join(
        f'<p style="letter-spacing:{(n % 5) * 0.006:.3f}em">{LONG}</p>'
        f'<p style="letter-spacing:{(n % 5) * 0.006:.3f}em">{title}</p>'
        for n, title in enumerate(SUBHEADINGS)
    )
    + "</main></body></html>"
)
# a table set with generous line height whose bold category cell sits beside two lines of its
# description: set in the middle of its row, half a line below the first, its box reaching into both
KINDS = [
    ("Analytics", "These cookies collect information about how people use our website, which pages they visit "
     "most often and whether they get error messages, so that we can improve it."),
    ("Functionality", "These cookies remember the choices you make, such as your user name, your language or "
     "your region, and tailor our website to provide enhanced features."),
    ("Advertising", "These cookies are used to deliver advertisements more relevant to you and your interests "
     "and to limit the number of times you see the same advertisement."),
]  # fmt: skip
HALF_LINE_CELLS = page(
    f"<h1>Privacy Policy</h1><h2>Cookies we use</h2><p>{LONG}</p>"
    '<table style="width:100%;line-height:1.8;border-collapse:collapse"><tbody>'
    + "".join(f'<tr><td style="width:22%"><strong>{k}</strong></td><td>{d}</td></tr>' for k, d in KINDS)
    + f"</tbody></table><h2>Retention</h2><p>{LONG}</p>"
)
# numbered bold titles in a box narrower than the page, so that each wraps onto a second line
# where the page's width would have held it: one heading each, as in the HTML reading
NARROW_TITLES = [
    "2. Information that We Collect Automatically", "3. Information You Choose to Provide",
    "4. How Long Do We Keep Your Information", "5. Transferring Personal Data Out of the Country",
]  # fmt: skip
NARROW = page(
    "<h1>Privacy Policy</h1>"
    + "".join(f'<p style="width:40%"><strong>{t}</strong></p><p>{LONG}</p>' for t in NARROW_TITLES)
)
PAGES = {
    "hard_breaks": HARD_BREAKS, "table": TABLE, "hub": HUB, "lettered": LETTERED, "early_wraps": EARLY_WRAPS,
    "appended": APPENDED, "long_numbered": LONG_NUMBERED, "wrapped_cells": WRAPPED_CELLS, "tracked": TRACKED,
    "scattered": SCATTERED, "half_line_cells": HALF_LINE_CELLS,
    "narrow": NARROW,
}  # fmt: skip


@pytest.fixture(scope="module")
def printed() -> dict[str, bytes]:
    return dict(zip(PAGES, print_pdfs(list(PAGES.values())), strict=True))


def read(html: str, pdf: bytes, name: str | None = None) -> tuple[PolicyDocument, PolicyDocument]:
    return extract(html.encode(), "text/html", name=name), extract(pdf, "application/pdf", name=name)


def outline(document: PolicyDocument, levels: bool = True) -> list[tuple[object, ...]]:
    return [(s.heading, s.level if levels else None, [(c.kind, c.text) for c in s.clauses]) for s in document.sections]


def test_a_line_broken_off_short_ends_its_clause_like_a_br(printed: dict[str, bytes]) -> None:
    from_html, from_pdf = read(HARD_BREAKS, printed["hard_breaks"])
    assert outline(from_pdf) == outline(from_html)
    headings = [s.heading for s in from_pdf.sections]
    # two bold lines of an address are two lines, not one heading; the ALL-CAPS line between
    # plain ones stands alone as in HTML; the paragraphs wrapped by the page's width stay whole
    assert "Acme Ltd – Data Protection Officer" in headings and "1 Main Street, Springfield" in headings
    assert "ACME DATA" in headings
    assert sum(c.text == LONG for s in from_pdf.sections for c in s.clauses) == 4
    assert NOTE in [c.text for s in from_pdf.sections for c in s.clauses]  # one clause, not a heading per line


def test_a_line_that_wrapped_early_is_not_broken_off(printed: dict[str, bytes]) -> None:
    from_html, from_pdf = read(EARLY_WRAPS, printed["early_wraps"])
    assert outline(from_pdf) == outline(from_html)
    purposes, devices = from_pdf.sections[:2]
    assert len(purposes.clauses) == 12 and all(c.text.endswith("widersprochen haben.") for c in purposes.clauses)
    assert sum(c.text.endswith("log files. [LEARN MORE]") for c in devices.clauses) == 10  # then the MORE paragraphs


def test_a_table_row_is_a_row_of_cells_not_a_heading(printed: dict[str, bytes]) -> None:
    from_html, from_pdf = read(TABLE, printed["table"])
    assert outline(from_pdf) == outline(from_html)
    purposes = from_pdf.sections[0]
    assert ("table_row", "Purpose | Legal basis") in [(c.kind, c.text) for c in purposes.clauses]
    assert [s.heading for s in from_pdf.sections] == ["Why we use your data", "Retention"]


def test_bold_headings_set_smaller_than_the_body_are_headings_by_their_style(printed: dict[str, bytes]) -> None:
    from_html, from_pdf = read(HUB, printed["hub"], name="Acme Privacy Policy")
    assert outline(from_pdf, levels=False) == outline(from_html, levels=False)
    headings = [s.heading for s in from_pdf.sections]
    # the heading ending in a full stop is one too; the numbered headings nest under the part, so
    # the page is read as a hub of three documents and only the privacy policy is kept
    assert headings == [
        "Privacy Policy", "1. Information we collect", "2. Sharing", "3. Reporting of violations; general contact info."
    ]  # fmt: skip
    part, *numbered = from_pdf.sections
    assert all(s.level > part.level for s in numbered)


def test_an_indented_lettered_item_is_a_list_item_not_a_heading(printed: dict[str, bytes]) -> None:
    from_html, from_pdf = read(LETTERED, printed["lettered"])
    assert [s.heading for s in from_pdf.sections] == [s.heading for s in from_html.sections]
    assert [s.heading for s in from_pdf.sections] == ["How we use your information", "Sharing"]
    items = [(c.kind, c.text) for c in from_pdf.sections[0].clauses]
    # the letter is the list's marker, printed as text (the HTML reading has no marker)
    assert ("list_item", "A. To manage your account and provide our services") in items
    assert ("list_item", "B. To keep our services safe") in items
    assert ("list_item", "Detect fraud and abuse") in items


def test_a_centred_title_of_another_document_opens_an_appended_part(printed: dict[str, bytes]) -> None:
    from_html, from_pdf = read(APPENDED, printed["appended"], name="Acme Privacy Policy")
    assert outline(from_pdf) == outline(from_html)
    # the appended cookie notice is not the tracked privacy policy: it goes, as in the HTML reading
    assert [s.heading for s in from_pdf.sections] == [
        "Acme Privacy Policy",
        "Who we are",
        "What we collect",
        "Your rights",
    ]
    assert "cookies" not in from_pdf.to_markdown()


def test_a_bold_numbered_line_with_a_long_title_is_a_heading_not_a_list_item(printed: dict[str, bytes]) -> None:
    from_html, from_pdf = read(LONG_NUMBERED, printed["long_numbered"])
    assert [s.heading for s in from_pdf.sections] == [s.heading for s in from_html.sections]
    assert [s.heading for s in from_pdf.sections][-1].startswith("11. Modification de notre politique")
    # the items of a numbered list (regular weight) stay list items, their marker printed as text
    items = [c.text for s in from_pdf.sections for c in s.clauses if c.kind == "list_item"]
    assert items == ["1. Un premier point.", "2. Un second point."]


def test_the_lines_of_a_table_with_wrapped_cells_are_table_rows_not_headings(printed: dict[str, bytes]) -> None:
    from_html, from_pdf = read(WRAPPED_CELLS, printed["wrapped_cells"])
    assert [s.heading for s in from_pdf.sections] == [s.heading for s in from_html.sections]
    assert [s.heading for s in from_pdf.sections] == ["Categories we share", "Retention"]
    shared = from_pdf.sections[0]
    rows = [c.text for c in shared.clauses if c.kind == "table_row"]
    # every word of the table is kept, in the section's table rows, none joined to the paragraph
    words = [w.strip(",.") for w in " ".join(rows).split()]
    for word in ["Category", "Collect", "Identifiers", "Commercial", "Processors", "Federal", "N/A"]:
        assert word in words
    assert [c.text for c in shared.clauses if c.kind == "paragraph"] == [LONG]


def test_a_line_letter_spaced_unlike_the_body_is_a_heading_candidate_as_bold_is(printed: dict[str, bytes]) -> None:
    from_html, from_pdf = read(TRACKED, printed["tracked"])
    assert outline(from_pdf, levels=False) == outline(from_html, levels=False)
    headings = [s.heading for s in from_pdf.sections]
    assert [h for h in headings if h in SUBHEADINGS] == SUBHEADINGS  # every one, also after a full line
    paragraphs = [c.text for s in from_pdf.sections for c in s.clauses]
    assert len(paragraphs) == len(SUBHEADINGS) and all(p.startswith(LONG) for p in paragraphs)


def test_no_line_is_set_apart_by_its_letter_spacing_where_the_body_has_no_usual_spacing(
    printed: dict[str, bytes],
) -> None:
    from_html, from_pdf = read(SCATTERED, printed["scattered"])
    assert not [s.heading for s in from_html.sections if s.heading in SUBHEADINGS]
    assert not [s.heading for s in from_pdf.sections if s.heading in SUBHEADINGS]


def test_cells_set_half_a_line_apart_in_a_loosely_set_table_are_table_rows(printed: dict[str, bytes]) -> None:
    from_html, from_pdf = read(HALF_LINE_CELLS, printed["half_line_cells"])
    assert [s.heading for s in from_pdf.sections] == [s.heading for s in from_html.sections]
    assert [s.heading for s in from_pdf.sections] == ["Cookies we use", "Retention"]
    cookies = from_pdf.sections[0]
    rows = " ".join(c.text for c in cookies.clauses if c.kind == "table_row").split()
    assert all(kind in rows for kind, _ in KINDS) and "enhanced" in rows
    assert [c.text for c in cookies.clauses if c.kind == "paragraph"] == [LONG]


def test_a_numbered_title_wrapped_in_a_narrow_box_is_one_heading(printed: dict[str, bytes]) -> None:
    from_html, from_pdf = read(NARROW, printed["narrow"])
    assert outline(from_pdf, levels=False) == outline(from_html, levels=False)
    assert [s.heading for s in from_pdf.sections][:4] == NARROW_TITLES
