"""Issue 21 in the lawyer formats: a moved-and-edited clause and a renumbered run, read back from
the Word file (tracked changes, comments, change list) and from the whole-document HTML."""

from __future__ import annotations

import io
import unicodedata
from pathlib import Path

import docx
import pytest
from pypdf import PdfReader

from tests.redline_helpers import W, accept_all, document_xml, reject_all
from tracker.diff import diff_documents
from tracker.extract.document import extract
from tracker.models import DocumentRef, PolicyDocument
from tracker.report.compare import compare_versions
from tracker.report.docx import render_docx
from tracker.report.formats import render_comparison
from tracker.report.render import render_whole_html
from tracker.report.whole import document_paragraphs
from tracker.sources import LoadedVersion

PAIRS = Path(__file__).resolve().parent / "data" / "diff"


def _versions(name: str) -> tuple[PolicyDocument, PolicyDocument]:
    old = extract((PAIRS / f"{name}_v1.md").read_bytes(), "text/markdown")
    new = extract((PAIRS / f"{name}_v2.md").read_bytes(), "text/markdown")
    return old, new


def _word(name: str) -> tuple[bytes, PolicyDocument, PolicyDocument]:
    old, new = _versions(name)
    diff = diff_documents(old, new, old_ref=DocumentRef("v1"), new_ref=DocumentRef("v2"), policy_id="example")
    return render_docx(diff, old, new, whole=True), old, new


def _texts(node) -> str:  # type: ignore[no-untyped-def]
    return "".join(t.text or "" for t in node.iter(f"{W}t", f"{W}delText"))


def test_moved_and_edited_clause_is_one_word_move_with_its_inserted_words_and_a_comment() -> None:
    data, old, new = _word("moved_edited")
    root = document_xml(data)
    (source,) = [m for m in root.iter(f"{W}moveFromRangeStart")]
    (target,) = [m for m in root.iter(f"{W}moveToRangeStart")]
    assert source.get(f"{W}name") == target.get(f"{W}name")
    moved_from = [_texts(m) for m in root.iter(f"{W}moveFrom") if len(m)]
    assert moved_from == [old.sections[0].clauses[1].text]
    moved_to = [p for p in root.iter(f"{W}p") if p.find(f"{W}moveToRangeStart") is not None]
    (paragraph,) = moved_to
    assert [_texts(i) for i in paragraph.iter(f"{W}ins")] == ["use the download form in your account settings"]
    assert "".join(_texts(m) for m in paragraph.iter(f"{W}moveTo")) == (
        "To obtain a copy of the data we hold about you, , and we will answer within 30 days."
    )
    assert not list(paragraph.iter(f"{W}del"))  # the deleted words are in the old place's text
    comments = [c.text for c in docx.Document(io.BytesIO(data)).comments]
    assert (
        "Moved here from §1 “Your rights”, clause 2 and edited: deleted “write to us by post at 1 Example"
        " Street, Springfield”; inserted “use the download form in your account settings”."
    ) in comments
    assert accept_all(data)[-len(document_paragraphs(new)) :] == document_paragraphs(new)
    assert reject_all(data)[-len(document_paragraphs(old)) :] == document_paragraphs(old)


def test_renumbered_run_is_one_row_of_the_change_list_and_one_comment() -> None:
    data, old, new = _word("renumbered")
    document = docx.Document(io.BytesIO(data))
    rows = [[cell.text for cell in row.cells] for row in document.tables[1].rows]
    assert rows[1:] == [
        ["3. Children", "added", "—", "—"],
        ["4. What we collect – 11. Contact", "renumbered", "—", "sections 3–10 renumbered to 4–11"],
    ]
    renumber_comments = [c.text for c in document.comments if "renumbered" in c.text]
    assert renumber_comments == ["Editorial change (renumbered)\nsections 3–10 renumbered to 4–11"]
    root = document_xml(data)
    body = [p for p in root.iter(f"{W}p") if not any(a.tag == f"{W}tbl" for a in p.iterancestors())]
    (contact,) = [p for p in body if _texts(p) == "1011. Contact"]  # the old and the new number
    assert [_texts(d) for d in contact.iter(f"{W}del")] == ["10"] and [_texts(i) for i in contact.iter(f"{W}ins")] == [
        "11"
    ]
    assert accept_all(data)[-len(document_paragraphs(new)) :] == document_paragraphs(new)
    assert reject_all(data)[-len(document_paragraphs(old)) :] == document_paragraphs(old)


def test_whole_html_shows_the_moved_clause_redline_and_the_renumbered_run_once() -> None:
    old, new = _versions("moved_edited")
    diff = diff_documents(old, new, old_ref=DocumentRef("v1"), new_ref=DocumentRef("v2"))
    html = render_whole_html(diff, old, new)
    assert "<del>write to us by post at 1 Example Street, Springfield</del>" in html
    assert "<ins>use the download form in your account settings</ins>" in html
    assert "(moved here from §1 “Your rights”, clause 2 and edited)" in html
    old, new = _versions("renumbered")
    diff = diff_documents(old, new, old_ref=DocumentRef("v1"), new_ref=DocumentRef("v2"))
    html = render_whole_html(diff, old, new)
    assert html.count("sections 3–10 renumbered to 4–11") == 1
    assert "4. What we collect – 11. Contact" in html


@pytest.mark.skipif(not Path("/usr/bin/chromium").is_file(), reason="Debian's chromium not installed")
def test_pdf_shows_the_moved_clause_edit_and_the_renumbered_run() -> None:
    texts = {}
    for name in ("moved_edited", "renumbered"):
        old, new = _versions(name)
        comparison = compare_versions(
            LoadedVersion(old, DocumentRef("v1")), LoadedVersion(new, DocumentRef("v2")), policy_id="example"
        )
        for whole in (False, True):
            data = render_comparison(comparison, "pdf", whole=whole)
            assert isinstance(data, bytes)
            reader = PdfReader(io.BytesIO(data))
            pages = (unicodedata.normalize("NFKC", p.extract_text() or "") for p in reader.pages)  # "ﬁ" → "fi"
            texts[name, whole] = " ".join(" ".join(text.split()) for text in pages)
    for whole in (False, True):
        moved = texts["moved_edited", whole]
        assert "write to us by post at 1 Example Street, Springfield" in moved  # deleted on the way
        assert "use the download form in your account settings" in moved  # inserted on the way
        assert "Your rights" in moved and "moved" in moved
        assert "sections 3–10 renumbered to 4–11" in texts["renumbered", whole]
    assert "moved from §1 “Your rights”, clause 2" in texts["moved_edited", False]
    assert "moved here from §1 “Your rights”, clause 2 and edited" in texts["moved_edited", True]
