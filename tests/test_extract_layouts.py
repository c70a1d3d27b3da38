"""Unseen-layout classes of automatic extraction (issue 16, item 5), on small pages written for
this project (``tests/data/layouts/``): consent panels, layered overviews, appended documents and
sibling paragraphs beside the chosen block."""

from __future__ import annotations

from pathlib import Path

from tracker.diff.sections import diff_documents
from tracker.extract.document import extract
from tracker.extract.parts import is_part_title
from tracker.models import DocumentRef, PolicyDocument

DATA = Path(__file__).parent / "data" / "layouts"


def _read(name: str, document_name: str | None = "Lumen Maps Privacy Policy") -> PolicyDocument:
    return extract((DATA / name).read_bytes(), "text/html", url="https://lumen.example/privacy", name=document_name)


def _clauses(document: PolicyDocument) -> list[str]:
    return [clause.text for section in document.sections for clause in section.clauses]


def test_consent_preferences_panel_beside_a_short_policy_is_removed() -> None:
    document = _read("consent-panel.html")
    assert [s.heading for s in document.sections] == ["What we collect", "How long we keep it"]
    assert _clauses(document) == [
        "We collect the places you search for and, if you allow it, your device's location.",
        "Search history is deleted after 18 months unless you delete it sooner.",
    ]


def test_a_policys_own_cookie_table_is_kept() -> None:
    page = b"""<html><body><div id="cookie-policy"><h1>Cookie Policy</h1><h2>Cookies we use</h2>
    <table><tr><th>Cookie</th><th>Purpose</th></tr><tr><td>_ga</td><td>Statistics</td></tr></table>
    <p>You can change your choices in the <a href="#">cookie settings</a>.</p>
    <button>Cookie settings</button></div></body></html>"""
    document = extract(page, "text/html")
    assert _clauses(document) == [
        "Cookie | Purpose", "_ga | Statistics", "You can change your choices in the cookie settings.",
    ]  # fmt: skip


def test_layered_overviews_go_and_the_hidden_full_text_stays() -> None:
    document = _read("layered.html")
    assert [s.heading for s in document.sections] == [
        "Information we collect", "Searches", "Location", "Sharing", "Service providers", "Authorities",
    ]  # fmt: skip
    assert _clauses(document) == [
        "We keep the places you search for so that you can find them again.",
        "With your permission we read your device's location to show where you are.",
        "Our hosting provider stores your data in the European Union under a processing contract.",
        "We disclose data to authorities only when the law requires it.",
    ]


def test_a_single_summary_box_is_not_an_overview_layer() -> None:
    page = b"""<html><body><main><h1>Privacy Policy</h1><div class="summary"><p><strong>Summary</strong></p>
    <p>We keep little data.</p></div><h2>Data</h2><p>We keep your e-mail address.</p></main></body></html>"""
    assert "We keep little data." in _clauses(extract(page, "text/html"))


def test_an_appended_document_opens_a_part_and_one_of_another_kind_goes() -> None:
    document = _read("appended-notice.html")
    assert [(s.heading, s.level) for s in document.sections] == [
        ("What we collect", 2), ("Your rights", 2),
        ("Supplemental Notice for California Residents", 1), ("Categories we collect", 3),
        ("Your rights under the CCPA", 3),
    ]  # fmt: skip
    assert document.sections[3].id == "supplemental-notice-for-california-residents-categories-we-collect"
    assert not any("Cookies are small" in text for text in _clauses(document))


def test_without_a_tracked_kind_the_appended_document_is_kept_as_its_own_part() -> None:
    page = extract((DATA / "appended-notice.html").read_bytes(), "text/html")  # no name, no URL
    assert [s.heading for s in page.sections if s.level == 1] == [
        "Supplemental Notice for California Residents", "COOKIE NOTICE",
    ]  # fmt: skip
    assert "Cookies are small text files that the site stores on your device." in _clauses(page)


def test_part_titles_name_a_document_not_a_section_about_one() -> None:
    assert is_part_title("Cookie Notice")
    assert is_part_title("SUPPLEMENTAL PRIVACY NOTICE FOR U.S. STATE RESIDENTS")
    assert is_part_title("Politique relative aux cookies")
    assert not is_part_title("Changes to this Policy")
    assert not is_part_title("Contact us about our Privacy Notice")
    assert not is_part_title("Terms")
    assert not is_part_title("How we use cookies")


def test_sibling_paragraphs_after_the_chosen_block_are_kept_and_link_rows_are_not() -> None:
    document = _read("siblings-v1.html")
    clauses = _clauses(document)
    assert clauses[-2:] == [
        "Our representative in the European Union under Article 27 GDPR is Lumen EU Rep B.V., Keizersgracht 100, "
        "Amsterdam.",
        "If you have a question about this policy, write to privacy@lumen.example.",
    ]
    assert not any("Imprint" in text for text in clauses)


def test_a_clause_moved_out_of_the_chosen_block_in_the_markup_is_no_change() -> None:
    old, new = _read("siblings-v1.html"), _read("siblings-v2.html")
    assert _clauses(old) == _clauses(new)
    result = diff_documents(old, new, old_ref=DocumentRef("v1"), new_ref=DocumentRef("v2"))
    assert not result.has_changes


def test_a_document_title_in_the_middle_of_the_document_is_a_section_not_a_part() -> None:
    page = b"""<html><head><title>Terms of Service</title></head><body><div class="terms">
    <h2>Your account</h2><p>You are responsible for your account.</p>
    <p><b>Copyright Policy</b></p><h3>Notices</h3><p>Send copyright notices to our agent.</p>
    <p><b>Enforcement of terms</b></p><p>We may suspend accounts that break these terms.</p>
    </div></body></html>"""
    document = extract(page, "text/html", url="https://example.com/terms", name="Example Terms of Service")
    assert [(s.heading, s.level) for s in document.sections] == [
        ("Your account", 2), ("Copyright Policy", 3), ("Notices", 3), ("Enforcement of terms", 3),
    ]  # fmt: skip


def test_a_postcode_line_in_an_address_is_not_an_all_caps_heading() -> None:
    page = (
        "<html><body><main><h1>Privacy Policy</h1><h2>1. Who we are</h2>"
        "<p>The company responsible for your data is:</p>"
        "<blockquote><p>Example Services Limited<br/>1 Harbour Street Upper<br/>Dublin 2<br/>D02 XY99<br/>"
        "Ireland</p></blockquote><h2>2. Data we collect</h2><p>We collect your name and e-mail address.</p>"
        "<p>DATA WE RECEIVE FROM PARTNERS</p><p>Partners send us your order history.</p></main></body></html>"
    )
    document = extract(page.encode(), "text/html")
    headings = [s.heading for s in document.sections]
    assert "D02 XY99" not in headings and "DATA WE RECEIVE FROM PARTNERS" in headings, headings
    (who,) = [s for s in document.sections if s.heading == "1. Who we are"]
    assert [c.text for c in who.clauses][-2:] == ["D02 XY99", "Ireland"]


def test_a_box_named_as_the_page_footer_is_dropped_with_its_headings() -> None:
    sections = "".join(
        f'<section class="content-module"><h3>{h}</h3><p>{t}</p></section>'
        for h, t in [
            ("Information we collect", "We collect your name, e-mail address and the photos you upload. " * 3),
            ("How we share information", "We share your profile with other members you choose to see it. " * 3),
            ("Contact us", "Write to our privacy team with any question about this policy. " * 3),
        ]
    )
    footer = (
        '<div class="footerWP wp_left"><div class="copyright">©2025 Example</div>'
        "<h6>About Example</h6><div><span>About us</span> <span>Download the app</span></div>"
        "<h6>The legal stuff</h6><div><span>Terms of service</span> <span>Community guidelines</span></div></div>"
        '<div id="site-footer"><h6>Follow us</h6><p>Made with care in our office by the sea.</p></div>'
    )
    page = f"<html><body><h1>Privacy Policy</h1>{sections}{footer}</body></html>"
    document = extract(page.encode(), "text/html")
    headings = [s.heading for s in document.sections]
    assert headings[-1] == "Contact us", headings
    words = " ".join(c.text for s in document.sections for c in s.clauses)
    assert "legal stuff" not in words and "Community guidelines" not in words and "by the sea" not in words
    assert "Write to our privacy team" in words


def _numbered_page(contents: str, titles: list[str]) -> PolicyDocument:
    body = "".join(
        f'<h2 id="s{n}">{n}. {t}</h2><p>The policy says something about {t.lower()} here.</p>'
        for n, t in enumerate(titles, 1)
    )
    intro = "<h1>Privacy Policy</h1><p>Welcome to our policy.</p>"
    return extract(f"<html><body><main>{intro}{contents}{body}</main></body></html>".encode(), "text/html")


def test_a_table_of_contents_of_same_page_links_opens_no_sections_and_goes() -> None:
    titles = ["IMPORTANT INFORMATION", "THE DATA WE COLLECT", "YOUR LEGAL RIGHTS", "Cookies"]
    contents = "".join(f'<p>{n}. <a href="#s{n}">{t}</a></p>' for n, t in enumerate(titles[:3], 1))
    contents += '<p><a href="#s4"><strong>Cookies</strong></a></p>'
    document = _numbered_page(contents, titles)
    assert [s.heading for s in document.sections] == ["", *(f"{n}. {t}" for n, t in enumerate(titles, 1))]
    assert [c.text for c in document.sections[0].clauses] == ["Welcome to our policy."]
    assert all(s.clauses for s in document.sections)


def test_two_contents_entries_stay_as_text_and_open_no_sections() -> None:
    titles = ["IMPORTANT INFORMATION", "YOUR LEGAL RIGHTS"]
    contents = "".join(f'<p>{n}. <a href="#s{n}">{t}</a></p>' for n, t in enumerate(titles, 1))
    document = _numbered_page(contents, titles)
    assert [s.heading for s in document.sections] == ["", "1. IMPORTANT INFORMATION", "2. YOUR LEGAL RIGHTS"]
    assert [c.text for c in document.sections[0].clauses][1:] == ["1. IMPORTANT INFORMATION", "2. YOUR LEGAL RIGHTS"]


def test_a_line_ending_on_a_conjunction_runs_on_and_is_no_heading() -> None:
    page = (
        "<html><body><main><h1>Terms</h1><h2>Export rules</h2><p>You confirm that you are not located in:</p>"
        "<p><strong>A COUNTRY UNDER AN EMBARGO; AND</strong></p><p><b>Bekannte Partner und</b></p>"
        "<p>not listed as a restricted party by any government.</p></main></body></html>"
    )
    document = extract(page.encode(), "text/html")
    assert [s.heading for s in document.sections] == ["Export rules"]


TWO_PARTS = (
    '<h2 id="privacy">I. Privacy Policy</h2><p>We collect your name and e-mail address to run the service.</p>'
    '<h2 id="california">II. California Notice</h2><p>Residents of California have further rights.</p>'
)


def _legal_hub(url: str, entries: str) -> PolicyDocument:
    """A legal page at ``url``: a "Contents" list of ``entries``, then its two parts (``TWO_PARTS``)."""
    page = f"<html><body><main><h1>Legal</h1><h2>Contents</h2>{entries}{TWO_PARTS}</main></body></html>"
    return extract(page.encode(), "text/html", url=url)


def test_contents_entries_linking_to_the_page_by_its_own_address_are_no_headings() -> None:
    url = "https://www.acme.example/legal/privacy/"
    entries = "".join(
        f'<p><a href="{href}">{n}. {t}</a></p>'
        for n, t, href in [
            ("I", "PRIVACY POLICY", f"{url}#privacy"),
            ("II", "CALIFORNIA NOTICE", "/legal/privacy#california"),
        ]
    )
    elsewhere = '<p><a href="https://www.acme.example/legal/terms/#scope">III. TERMS OF USE</a></p>'
    document = _legal_hub(url, entries + elsewhere)
    headings = [s.heading for s in document.sections]
    assert headings == ["Contents", "III. TERMS OF USE", "I. Privacy Policy", "II. California Notice"], headings
    assert [c.text for c in document.sections[0].clauses] == ["I. PRIVACY POLICY", "II. CALIFORNIA NOTICE"]


def test_contents_entries_linking_to_the_page_relative_to_its_folder_are_no_headings() -> None:
    entries = (
        '<p><a href="privacy#privacy">I. PRIVACY POLICY</a></p>'
        '<p><a href="privacy#california">II. CALIFORNIA NOTICE</a></p>'
    )
    document = _legal_hub("https://www.acme.example/legal/privacy", entries)
    headings = [s.heading for s in document.sections]
    assert headings == ["Contents", "I. Privacy Policy", "II. California Notice"], headings
