"""The Word redline: native tracked changes that hold exactly the change's words, Accept/Reject that
give the new and old text, comments with the reasons, a cover table, and LibreOffice opens it."""

from __future__ import annotations

import io
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from tests.redline_helpers import (
    POLICY,
    V1,
    V2,
    W,
    accept_all,
    demo_comparison,
    demo_store,
    document_xml,
    reject_all,
    soffice_to_pdf,
)  # fmt: skip
from tracker.cli import main
from tracker.extract.document import extract
from tracker.models import DiffResult, DocumentRef, sha256_hex
from tracker.report.compare import compare_versions
from tracker.report.docx import AUTHOR, render_docx
from tracker.report.whole import document_paragraphs
from tracker.sources import LoadedVersion


def _expected_revisions(diff: DiffResult) -> tuple[list[str], list[str]]:
    """Inserted and deleted texts of a diff, in order, straight from its clause changes."""
    inserted: list[str] = []
    deleted: list[str] = []
    for change in diff.changes:
        for clause in change.clauses:
            if clause.kind == "added":
                inserted.append(clause.new_text or "")
            elif clause.kind == "removed":
                deleted.append(clause.old_text or "")
            else:
                inserted.extend(w.text for w in clause.words if w.op == "insert" and w.text)
                deleted.extend(w.text for w in clause.words if w.op == "delete" and w.text)
    return inserted, deleted


def test_revisions_hold_exactly_the_inserted_and_deleted_words_of_the_seed_change() -> None:
    comparison = demo_comparison()
    data = render_docx(comparison.diff, comparison.old.document, comparison.new.document)
    root = document_xml(data)
    inserted = ["".join(t.text or "" for t in ins.iter(f"{W}t")) for ins in root.iter(f"{W}ins") if len(ins)]
    deleted = ["".join(t.text or "" for t in d.iter(f"{W}delText")) for d in root.iter(f"{W}del") if len(d)]
    want_ins, want_del = _expected_revisions(comparison.diff)
    assert inserted == want_ins and deleted == want_del
    # the seed's own words, so a wrong diff cannot pass by agreeing with itself
    assert "a period of up to five years after your account is closed, and for " in inserted
    assert {"gather", "store", "retain", "may disclose"} <= {t.strip() for t in inserted}
    assert {"gathers", "stores", "retains", "shall not disclose any"} <= {t.strip() for t in deleted}
    children = "If we become aware that a person submitting personal information is under 18"
    assert any(t.startswith(children) for t in deleted)
    revisions = [*root.iter(f"{W}ins"), *root.iter(f"{W}del")]
    ids = [r.get(f"{W}id") for r in revisions]
    assert len(ids) == len(set(ids)) and all(i and i.isdigit() for i in ids)
    assert {r.get(f"{W}author") for r in revisions} == {AUTHOR}
    # files have no fetch time: revisions carry the new version's own date
    assert {r.get(f"{W}date") for r in revisions} == {"2026-11-02T00:00:00Z"}


def test_headings_cover_table_and_comments_read_back_with_python_docx() -> None:
    comparison = demo_comparison()
    data = render_docx(comparison.diff, comparison.old.document, comparison.new.document)
    document = docx.Document(io.BytesIO(data))
    headings = [p.text for p in document.paragraphs if p.style is not None and p.style.name.startswith("Heading")]
    assert headings == [
        "COLLECTION OF INFORMATION", "DISCLOSURE OF INFORMATION", "DATA COLLECTION RELATING TO CHILDREN",
    ]  # fmt: skip
    cover = {row.cells[0].text: row.cells[1].text for row in document.tables[0].rows}
    assert cover["Policy"] == POLICY
    assert cover["Old text SHA-256"] == sha256_hex(comparison.old.document.to_markdown())
    assert cover["New text SHA-256"] == sha256_hex(comparison.new.document.to_markdown())
    assert "policy dated 2024-06-19" in cover["Old version"] and "policy dated 2026-11-02" in cover["New version"]
    assert cover["Changes"] == "3 material; 8 sections unchanged"
    comments = list(document.comments)
    assert len(comments) == 3 and {c.author for c in comments} == {AUTHOR}
    texts = [c.text for c in comments]
    assert texts[0].startswith("Material change (modified)")
    assert "Reason: longer or new retention period (five years)" in texts[0]
    assert "Reason: commitment shift: 'shall' → 'may'" in texts[1]
    # each comment is anchored on its section's heading paragraph
    root = document_xml(data)
    anchored = [p for p in root.iter(f"{W}p") if p.find(f"{W}commentRangeStart") is not None]
    assert ["".join(t.text or "" for t in p.iter(f"{W}t")) for p in anchored] == headings


def test_accept_all_gives_the_new_text_and_reject_all_the_old_text() -> None:
    comparison = demo_comparison()
    data = render_docx(comparison.diff, comparison.old.document, comparison.new.document, whole=True)
    new, old = document_paragraphs(comparison.new.document), document_paragraphs(comparison.old.document)
    accepted, rejected = accept_all(data), reject_all(data)
    assert accepted[-len(new) :] == new and rejected[-len(old) :] == old
    cover = ["Changes to indiamart", "Changes in this document", ""]
    assert [t for t in accepted[: -len(new)] if t in cover] == cover  # only the cover before the document
    assert len(accepted) - len(new) == len(rejected) - len(old) == 5


MOVES_OLD = """# Terms

## 1. Scope

This policy covers the service.

## 2. Sharing

We share data with processors.

We never sell your data.

We keep records of consent.

## 3. Retention

We keep data for one year.

## 4. Contact

Write to privacy@example.com.
"""
MOVES_NEW = """# Terms

## 2. Sharing

We never sell your data.

We keep records of consent.

We share data with processors.

## 3. Retention

We keep data for three years.

## 4. Contact

Write to privacy@example.com.

## 1. Scope

This policy covers the service.
"""


def _markdown_version(text: str, label: str) -> LoadedVersion:
    document = extract(text.encode(), "text/markdown")
    return LoadedVersion(document, DocumentRef(label=label, last_updated=document.last_updated))


def test_moves_are_word_move_revisions_and_accept_reject_still_hold() -> None:
    old, new = _markdown_version(MOVES_OLD, "old.md"), _markdown_version(MOVES_NEW, "new.md")
    comparison = compare_versions(old, new, policy_id="terms")
    kinds = {c.kind for c in comparison.diff.changes}
    assert "moved" in kinds, comparison.diff.changes
    data = render_docx(comparison.diff, old.document, new.document, whole=True)
    root = document_xml(data)
    starts = {s.get(f"{W}name"): s for s in root.iter(f"{W}moveFromRangeStart")}
    to_starts = {s.get(f"{W}name"): s for s in root.iter(f"{W}moveToRangeStart")}
    assert starts and set(starts) == set(to_starts)
    ends = {e.get(f"{W}id") for e in root.iter(f"{W}moveFromRangeEnd")}
    assert {s.get(f"{W}id") for s in starts.values()} == ends
    moved_text = {"".join(t.text or "" for t in m.iter(f"{W}delText")) for m in root.iter(f"{W}moveFrom") if len(m)}
    assert "This policy covers the service." in moved_text
    assert accept_all(data)[-len(document_paragraphs(new.document)) :] == document_paragraphs(new.document)
    assert reject_all(data)[-len(document_paragraphs(old.document)) :] == document_paragraphs(old.document)


def test_diff_and_report_commands_write_word_files(tmp_path: Path) -> None:
    out = tmp_path / "redline.docx"
    result = CliRunner().invoke(main, ["diff", str(V1), str(V2), "--format", "docx", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert zipfile.is_zipfile(out) and "word/comments.xml" in zipfile.ZipFile(out).namelist()
    cfg, store = demo_store(tmp_path)
    stored = tmp_path / "stored.docx"
    args = ["report", POLICY, "latest", "--format", "docx", "--whole", "-o", str(stored), "--store", str(store.root)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    root = document_xml(stored)
    # a stored change's revisions are dated when the new snapshot was fetched
    assert {e.get(f"{W}date") for e in root.iter(f"{W}ins")} == {"2026-11-03T08:00:00Z"}
    bad = CliRunner().invoke(main, ["report", POLICY, "2000-01-01", "--format", "docx", "-o", str(stored),
                                    "--store", str(store.root)])  # fmt: skip
    assert bad.exit_code == 2 and bad.output.startswith("error: policy 'indiamart': no snapshot on or before")


@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice not installed (.ci/run installs it)")
def test_libreoffice_opens_the_word_redline(tmp_path: Path) -> None:
    comparison = demo_comparison()
    path = tmp_path / "redline.docx"
    path.write_bytes(render_docx(comparison.diff, comparison.old.document, comparison.new.document, whole=True))
    pdf = soffice_to_pdf(path, tmp_path)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    text = " ".join(text.split())
    assert "COLLECTION OF INFORMATION" in text and "GRIEVANCE OFFICER" in text
    assert "five years after your account is closed" in text  # LibreOffice shows the insertion
    # and a file with move revisions
    old, new = _markdown_version(MOVES_OLD, "old.md"), _markdown_version(MOVES_NEW, "new.md")
    moves = compare_versions(old, new, policy_id="terms")
    moved = tmp_path / "moves.docx"
    moved.write_bytes(render_docx(moves.diff, old.document, new.document, whole=True))
    text = subprocess.run(["pdftotext", str(soffice_to_pdf(moved, tmp_path)), "-"], capture_output=True, text=True,
                          check=True).stdout  # fmt: skip
    assert " ".join(text.split()).count("This policy covers the service.") == 2  # moved from, moved to


def test_hostile_policy_text_stays_text_in_the_word_file() -> None:
    hostile = "</w:t></w:r><w:r><w:t>pwned</w:t> & <script>alert(1)</script> \x01\x0b bell"
    old = _markdown_version("# P\n\n## Sharing\n\nWe share nothing.\n", "old.md")
    new = _markdown_version(f"# P\n\n## Sharing\n\nWe share nothing. {hostile}\n", "new.md")
    comparison = compare_versions(old, new, policy_id="p")
    data = render_docx(comparison.diff, old.document, new.document, whole=True)
    docx.Document(io.BytesIO(data))  # a valid package
    body = "\n".join(accept_all(data))
    assert "</w:t></w:r><w:r><w:t>pwned</w:t> & <script>alert(1)</script>" in body
    assert "\x01" not in body and "bell" in body
