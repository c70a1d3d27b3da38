"""Accept All gives exactly the new version and Reject All exactly the old one, on the Word file read
back, for each kind of pair that once came back wrong on real policies (benchmarks/redline_roundtrip.py):
the policy's own date line, quote style, empty paragraphs, and sections out of the old order (a
section moved and edited, a section whose heading path moved next to a removed one)."""

from __future__ import annotations

from tests.redline_helpers import accept_all, reject_all
from tracker.diff import diff_documents
from tracker.extract.document import extract
from tracker.models import DocumentRef, PolicyDocument
from tracker.report.docx import render_docx
from tracker.report.whole import accepted, document_paragraphs, rejected, whole_document

BASE = """# Privacy Policy

Last updated: 1 March 2025

## Who we are

Northwind Ltd runs the Northwind app. We don't sell your personal data.

## What we collect

We collect your name, email address and the messages you send.

We collect your device identifiers when you open the app.

## How long we keep it

We keep your messages for one year after your account is closed.

## Sharing

We share data with hosting providers who process it for us.

## Your rights

You can ask for a copy of your data by writing to privacy@northwind.example.

## Contact

Write to privacy@northwind.example or to Northwind Ltd, 1 High Street, Leeds.

**Effective date: the earlier of 1 March 2025 or the day you accept these terms.**
"""
EDIT = ("one year after", "two years after")  # a real change, so the pair has a change record


def _docs(old: str, new: str) -> tuple[PolicyDocument, PolicyDocument]:
    return extract(old.encode(), "text/markdown"), extract(new.encode(), "text/markdown")


def _assert_round_trip(old_text: str, new_text: str) -> None:
    old, new = _docs(old_text, new_text)
    diff = diff_documents(old, new, old_ref=DocumentRef("old"), new_ref=DocumentRef("new"))
    want_new, want_old = document_paragraphs(new), document_paragraphs(old)
    assert want_new != want_old
    entries = whole_document(diff, old, new)
    assert accepted(entries) == want_new
    assert rejected(entries) == want_old
    data = render_docx(diff, old, new, whole=True)
    assert accept_all(data)[-len(want_new) :] == want_new
    assert reject_all(data)[-len(want_old) :] == want_old


def test_reject_all_keeps_the_old_last_updated_date() -> None:
    new = BASE.replace("1 March 2025", "14 June 2025").replace(*EDIT)
    old, new_doc = _docs(BASE, new)
    date_line = "Effective date: the earlier of 1 March 2025 or the day you accept these terms."
    assert date_line in document_paragraphs(old)  # the policy's date line is one of its paragraphs
    diff = diff_documents(old, new_doc, old_ref=DocumentRef("old"), new_ref=DocumentRef("new"))
    assert diff.date_changed and not any(date_line in (c.old_text or "") for c in diff.changes)
    _assert_round_trip(BASE, new)


def test_each_version_keeps_its_own_quote_style() -> None:
    old = BASE.replace("Northwind app", '"Northwind" app')
    new = old.replace("don't", "don\u2019t").replace('"Northwind"', "\u201cNorthwind\u201d").replace(*EDIT)
    _assert_round_trip(old, new)


def test_empty_paragraphs_are_kept_on_both_sides() -> None:
    ruled = BASE.replace("you send.\n", "you send.\n\n* * *\n")
    old, _ = _docs(ruled, ruled)
    assert "" in document_paragraphs(old)  # the "* * *" rule is an empty paragraph
    _assert_round_trip(ruled, ruled.replace(*EDIT).replace("* * *", "* * *\n\nWe collect your age."))


def test_a_section_moved_and_edited_keeps_the_old_order_on_reject() -> None:
    sharing = "## Sharing\n\nWe share data with hosting providers who process it for us.\n\n"
    moved = sharing.replace("hosting providers", "hosting and payment providers")
    new = BASE.replace(sharing, "").replace("## Contact", moved + "## Contact")
    _assert_round_trip(BASE, new)


def test_a_section_whose_heading_path_moved_stands_after_a_removed_one() -> None:
    """A section's id is its heading path: when its parent heading is reworded its id changes
    though its text does not, and it must still stand after the section removed before it."""
    old = BASE.replace(
        "## How long we keep it",
        "### Cookies\n\nWe set a cookie to keep you signed in.\n\n### Details\n\nWe log the time of each visit.\n\n"
        "## How long we keep it",
    )
    new = old.replace("### Cookies\n\nWe set a cookie to keep you signed in.\n\n", "")
    _assert_round_trip(old, new.replace("## What we collect", "## What we gather").replace(*EDIT))
