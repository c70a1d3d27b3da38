"""A heading's closing colon introduces its text: dropped for real headings as for bold ones, so
the same heading reads alike in an ``h3``, a bold line and a PDF, and adding or removing the colon
is no change."""

from __future__ import annotations

from tracker.diff.sections import diff_documents
from tracker.extract import extract
from tracker.models import DocumentRef

_BODY = "<p>We collect your name and e-mail address when you register an account with us.</p>"


def _page(heading: str) -> bytes:
    rights = "<h2>Your rights</h2><p>You may ask for a copy.</p>"
    return f"<html><body><main><h1>Privacy</h1>{heading}{_BODY}{rights}</main></body></html>".encode()


def test_a_real_and_a_bold_heading_lose_their_closing_colon_alike() -> None:
    real = extract(_page("<h2>What we collect:</h2>"), "text/html")
    bold = extract(_page("<p><strong>What we collect:</strong></p>"), "text/html")
    assert [s.heading for s in real.sections] == ["What we collect", "Your rights"]
    assert [s.heading for s in bold.sections][0] == "What we collect"


def test_a_colon_added_to_a_heading_is_no_change() -> None:
    old = extract(_page("<h2>What we collect</h2>"), "text/html")
    new = extract(_page("<h2>What we collect:</h2>"), "text/html")
    diff = diff_documents(old, new, old_ref=DocumentRef("old"), new_ref=DocumentRef("new"), policy_id="x")
    assert not diff.changes


def test_a_colon_inside_a_heading_stays() -> None:
    doc = extract(_page("<h2>Note: what we collect</h2>"), "text/html")
    assert doc.sections[0].heading == "Note: what we collect"
