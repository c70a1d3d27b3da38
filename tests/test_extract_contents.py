"""A table of contents is navigation, never policy text (issue 16 part 5, the "layered" class): a
single list of same-page links naming the page's headings goes, in whatever markup, and lists of
same-page links that are not one stay (``tracker/extract/contents.py``; pages in
``tests/data/layouts/contents-*.html``, own work)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tracker.diff.sections import diff_documents
from tracker.extract.contents import heading_key, remove_contents_lists
from tracker.extract.document import extract
from tracker.extract.tree import parse_html, text_content
from tracker.models import DocumentRef, PolicyDocument

DATA = Path(__file__).parent / "data" / "layouts"
BODY = [
    "Lumen Maps Ltd, 4 Harbour Lane, Cork, is responsible for your data.",
    "We keep the places you search for so that you can find them again.",
    "Our hosting provider stores your data in the European Union under a processing contract.",
    "You may ask us for a copy of your data or ask us to delete it.",
    "Write to privacy@lumen.example.",
]


def _read(name: str) -> PolicyDocument:
    return extract(
        (DATA / name).read_bytes(), "text/html", url="https://lumen.example/privacy", name="Lumen Maps Privacy Policy"
    )


def _clauses(document: PolicyDocument) -> list[str]:
    return [clause.text for section in document.sections for clause in section.clauses]


def test_a_single_numbered_contents_list_goes_and_the_sections_stay() -> None:
    document = _read("contents-ol-v1.html")
    assert [s.heading for s in document.sections] == [
        "", "1. Who we are", "2. What we collect?", "3. How we share data", "4. Your rights", "5. How to contact us",
    ]  # fmt: skip
    assert _clauses(document) == [
        "This policy explains what Lumen Maps does with your data. It applies from 1 March 2026.", *BODY,
    ]  # fmt: skip


def test_a_changed_contents_list_alone_is_no_change() -> None:
    old, new = _read("contents-ol-v1.html"), _read("contents-ol-v2.html")
    assert old.to_dict()["sections"] == new.to_dict()["sections"]
    diff = diff_documents(old, new, old_ref=DocumentRef("v1"), new_ref=DocumentRef("v2"), policy_id="lumen")
    assert diff.changes == ()


def test_contents_in_a_div_a_paragraph_of_lines_a_nested_list_and_a_table_go() -> None:
    html = (DATA / "contents-forms.html").read_text()
    root = parse_html(html)
    assert root is not None
    assert remove_contents_lists(root) == 1  # the four boxes side by side: one run
    main = root.find(".//main")
    assert main is not None
    text = " ".join(text_content(main, " ").split())
    assert "WHO WE ARE" not in text and "III." not in text and " | " not in text
    assert text.count("Who we are") == 1  # the heading itself
    document = _read("contents-forms.html")
    assert _clauses(document)[:2] == [
        "This policy explains what Lumen Maps does with your data.", "The sections below say the rest.",
    ]  # fmt: skip
    assert [s.heading for s in document.sections][1:] == [
        "Who we are", "What we collect", "Searches", "Location", "Your rights", "Contact",
    ]  # fmt: skip


def test_same_page_links_that_are_no_contents_list_stay() -> None:
    document = _read("contents-near-misses.html")
    sections = {s.heading: [c.text for c in s.clauses] for s in document.sections}
    assert sections[""] == ["Jump to: Your rights · Contact", "Your rights", "Contact"]  # two links each
    assert sections["What changed on 1 March 2026"] == [  # sentences linking to their sections
        "We now keep search history for 12 months instead of 18.",
        "We no longer share your location with advertisers.",
        "You can now download your data from the app.",
    ]
    assert sections["In short"] == [
        "We keep your searches, share them with our hosting provider only, and you can ask us to delete them."
    ]
    assert sections["Our other documents"] == ["Terms of Service", "Cookie Policy", "Imprint"]  # other pages
    assert sections["What we collect"] == ["Searches", "Location", "Payment details"]  # no links at all
    assert sections["Searches"] == ["We keep the places you search for for 12 months.1"]  # a footnote link
    assert sections["Contact"][1:] == [
        "1. Counted from your last search.", "2. Under a processing contract.", "3. In the app's settings.",
    ]  # fmt: skip


def _page(middle: str) -> str:
    headings = "".join(f'<h2 id="s{n}">{t}</h2><p>{t} is explained here at length.</p>' for n, t in enumerate(TITLES))
    return f"<html><body><main><h1>Policy</h1><p>Opening words.</p>{middle}{headings}</main></body></html>"


TITLES = ["Scope", "Data we collect", "Your rights"]
ENTRIES = "".join(f'<li><a href="#s{n}">{t}</a></li>' for n, t in enumerate(TITLES))


FORMS = {
    "ol": f"<ol>{ENTRIES}</ol>",
    "div of links": "<div>" + " · ".join(f'<a href="#s{n}">{t}</a>' for n, t in enumerate(TITLES)) + "</div>",
    "p of lines": "<p>"
    + "<br>".join(f'{n + 1}. <a href="#s{n}">{t.upper()}</a>' for n, t in enumerate(TITLES))
    + "</p>",
    "paragraphs": "".join(f'<p>{n + 1}. <a href="#s{n}">{t}</a></p>' for n, t in enumerate(TITLES)),
    "numbered cells": "<table>"
    + "".join(f'<tr><td>{n + 1}.</td><td><a href="#s{n}">{t}</a></td></tr>' for n, t in enumerate(TITLES))
    + "</table>",
}


@pytest.mark.parametrize("form", FORMS)
def test_a_single_contents_list_goes_in_every_form(form: str) -> None:
    root = parse_html(_page(FORMS[form]))
    assert root is not None
    assert remove_contents_lists(root) == 1
    document = extract(_page(FORMS[form]).encode(), "text/html")
    assert _clauses(document) == ["Opening words.", *(f"{t} is explained here at length." for t in TITLES)]


def test_the_text_after_a_contents_list_in_the_same_box_stays() -> None:
    document = extract(_page(f"<div><ul>{ENTRIES}</ul>Read them all before you sign up.</div>").encode(), "text/html")
    assert _clauses(document)[:2] == ["Opening words.", "Read them all before you sign up."]


def test_links_to_missing_places_or_to_their_own_heading_are_no_contents() -> None:
    missing = "".join(f'<li><a href="#gone{n}">{t}</a></li>' for n, t in enumerate(TITLES))
    assert "Data we collect" in _clauses(extract(_page(f"<ul>{missing}</ul>").encode(), "text/html"))
    permalinks = "".join(f'<h3 id="p{n}"><a href="#p{n}">{t}</a></h3>' for n, t in enumerate(TITLES))
    document = extract(_page(permalinks).encode(), "text/html")
    assert [s.heading for s in document.sections][1:4] == TITLES


def test_a_page_that_is_mostly_its_contents_keeps_them() -> None:
    page = f"<html><body><ul>{ENTRIES}</ul><h2 id='s0'>Scope</h2><h2 id='s1'>Data we collect</h2></body></html>"
    root = parse_html(page)
    assert root is not None
    assert remove_contents_lists(root) == 0
    assert "Your rights" in text_content(root)


def test_heading_keys_fold_case_numbers_and_punctuation() -> None:
    assert heading_key("1. Qui sommes-nous ?") == heading_key("Qui sommes-nous") == "qui sommes nous"
    assert heading_key("IV. YOUR RIGHTS") == heading_key("your rights")
    assert heading_key("2a) Data from partners") == "data from partners"
    assert heading_key("[3]") == ""


def test_a_tab_bar_of_same_page_links_still_counts_as_a_layered_overview() -> None:
    parts = "".join(
        f'<h2>{t}</h2><ul class="tab-nav"><li><a href="#ov{n}">Overview</a></li><li><a href="#full{n}">Full text</a>'
        f'</li></ul><div class="tab-content"><div class="tab-pane" id="ov{n}"><p>In short: {t.lower()}.</p></div>'
        f'<div class="tab-pane" id="full{n}" style="display: none"><p>{t} is explained here at length.</p></div></div>'
        for n, t in enumerate(TITLES)
    )
    document = extract(f"<html><body><main><h1>Policy</h1>{parts}</main></body></html>".encode(), "text/html")
    assert _clauses(document) == [f"{t} is explained here at length." for t in TITLES]
