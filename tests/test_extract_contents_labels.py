"""The label a removed table of contents leaves behind goes with it (issue 16, h16w): "Table of
Contents:" as an ``h2``, « Sommaire » as a bold line, „Inhaltsverzeichnis“ as a ``div`` caption,
"On this page" as a ``nav``'s heading; a heading whose section keeps text after the list, and
one before a list that is not removed, stay (``tracker/extract/contents_label.py``; pages in
``tests/data/layouts/contents-label*.html``, own work)."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from tracker.diff.sections import diff_documents
from tracker.extract.contents import contents_labels, remove_contents_lists
from tracker.extract.document import extract
from tracker.extract.tree import parse_html, text_content
from tracker.models import DocumentRef, PolicyDocument

DATA = Path(__file__).parent / "data" / "layouts"


def _article(name: str) -> str:
    root = parse_html((DATA / "contents-labels.html").read_text(encoding="utf-8"))
    assert root is not None
    article = root.find(f".//article[@id='{name}']")
    assert article is not None
    return f"<html><body>{etree.tostring(article, encoding='unicode')}</body></html>"


def _read(html: str) -> PolicyDocument:
    return extract(html.encode(), "text/html", url="https://lumen.example/privacy", name="Lumen Maps Privacy Policy")


LABELS = {
    "en-h2": ("Table of Contents:", ["", "1. Who we are", "2. What we collect", "3. Your rights"]),
    "fr-strong": ("Sommaire", ["", "1. Qui sommes-nous ?", "2. Ce que nous collectons", "3. Vos droits"]),
    "de-caption": ("„Inhaltsverzeichnis“", ["", "Wer wir sind", "Was wir erheben", "Ihre Rechte"]),
    "en-nav": ("On this page", ["", "What cookies are", "Which cookies we set", "Your choices"]),
}  # fmt: skip


@pytest.mark.parametrize("name", LABELS)
def test_the_label_of_a_removed_contents_list_goes_with_it(name: str) -> None:
    label, headings = LABELS[name]
    root = parse_html(_article(name))
    assert root is not None
    assert contents_labels(root) == [label]
    assert remove_contents_lists(root) == 1
    assert label.strip("„“:") not in text_content(root)
    document = _read(_article(name))
    assert [s.heading for s in document.sections] == headings
    assert all(s.clauses for s in document.sections)  # no empty section left
    assert not any(label.strip("„“:") in c.text for s in document.sections for c in s.clauses)


def test_a_heading_whose_section_keeps_text_or_whose_list_stays_is_kept() -> None:
    page = (DATA / "contents-label-near-misses.html").read_text(encoding="utf-8")
    root = parse_html(page)
    assert root is not None
    assert contents_labels(root) == []
    assert remove_contents_lists(root) == 1  # the contents list; the footnote links stay
    sections = {s.heading: [c.text for c in s.clauses] for s in _read(page).sections}
    assert sections["About this policy"] == [
        "This policy explains what Lumen Maps does with your data. It applies from 1 March 2026."
    ]
    assert sections["Searches"][:3] == ["Kept for 12 months", "Stored in the European Union", "Deleted on request"]


def test_a_plain_sentence_introducing_the_list_stays() -> None:
    entries = "".join(f'<li><a href="#s{n}">{t}</a></li>' for n, t in enumerate(["Scope", "Data", "Rights"]))
    sections = "".join(
        f'<h2 id="s{n}">{t}</h2><p>{t} is explained here.</p>' for n, t in enumerate(["Scope", "Data", "Rights"])
    )
    intro = "<p>This policy is set out in parts you can click through:</p>"
    page = f"<html><body><main><h1>Privacy Policy</h1>{intro}<ol>{entries}</ol>{sections}</main></body></html>"
    root = parse_html(page)
    assert root is not None
    assert contents_labels(root) == []
    assert "This policy is set out in parts you can click through:" in [c.text for c in _read(page).sections[0].clauses]
    bold = page.replace(intro, "<p><strong>Here are the sections below:</strong></p>")  # a bold line is a heading
    root = parse_html(bold)
    assert root is not None
    assert contents_labels(root) == ["Here are the sections below:"]


def test_a_title_whose_section_goes_on_under_lower_headings_stays() -> None:
    # an h1 title right before the contents list opens the whole policy: its h2s are inside it
    titles = enumerate(["Scope", "Data", "Rights"])
    entries = "".join(f'<li><a href="#s{n}">{t}</a></li>' for n, t in titles)
    sections = "".join(
        f'<h2 id="s{n}">{t}</h2><p>{t} is explained here.</p>' for n, t in enumerate(["Scope", "Data", "Rights"])
    )
    page = f"<html><body><main><h1>Privacy Policy</h1><ul>{entries}</ul>{sections}</main></body></html>"
    root = parse_html(page)
    assert root is not None
    assert contents_labels(root) == []
    assert remove_contents_lists(root) == 1
    assert "Privacy Policy" in text_content(root)


def test_a_version_changing_only_the_contents_label_is_no_change() -> None:
    versions = [
        extract((DATA / name).read_bytes(), "text/html", url="https://lumen.example/privacy", name="Lumen Maps")
        for name in ("contents-label-v1.html", "contents-label-v2.html", "contents-ol-v1.html")
    ]
    assert versions[0].to_dict()["sections"] == versions[1].to_dict()["sections"] == versions[2].to_dict()["sections"]
    diff = diff_documents(
        versions[0], versions[1], old_ref=DocumentRef("v1"), new_ref=DocumentRef("v2"), policy_id="lumen"
    )
    assert diff.changes == ()
