"""The whole document: every section of the new version once and in order, unchanged ones folded,
each change in place, and a change list keyed to the policy's own clause numbers or headings."""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup
from click.testing import CliRunner

from tests.redline_helpers import POLICY, V1, V2, demo_comparison, demo_store
from tracker.cli import main
from tracker.extract.document import extract
from tracker.models import DocumentRef, Section
from tracker.report.compare import compare_versions
from tracker.report.headings import OPENING_LABEL
from tracker.report.render import render_whole_html
from tracker.report.whole import accepted, clause_key, document_paragraphs, rejected, whole_document
from tracker.sources import LoadedVersion

NUMBERED_OLD = """# Privacy terms

## 1. Who we are

Example Ltd runs the service.

## 3. Your data

### 3.1 Collection

We collect your email address.

### 3.2 Retention

We keep data for one year.

## 4. Contact

Write to privacy@example.com.
"""
NUMBERED_NEW = NUMBERED_OLD.replace("for one year", "for five years after your account is closed").replace(
    "## 4. Contact", "## 4. Children\n\nWe do not knowingly collect data from children.\n\n## 5. Contact"
)


def _version(text: str, label: str) -> LoadedVersion:
    document = extract(text.encode(), "text/markdown")
    return LoadedVersion(document, DocumentRef(label=label))


def test_every_section_of_the_new_version_appears_once_in_order() -> None:
    comparison = demo_comparison()
    old_doc, new_doc = comparison.old.document, comparison.new.document
    entries = whole_document(comparison.diff, old_doc, new_doc)
    assert accepted(entries) == document_paragraphs(new_doc)
    assert rejected(entries) == document_paragraphs(old_doc)
    soup = BeautifulSoup(render_whole_html(comparison.diff, old_doc, new_doc), "html.parser")
    document = soup.find(id="document")
    assert document is not None
    blocks = soup.select("#document ~ details.unchanged, #document ~ section.whole")
    assert len(blocks) == len(new_doc.sections)  # one block per section, none twice
    # each heading of v2 once, in v2's order, as the policy's own heading
    shown = [h.get_text() for h in soup.select(".piece.heading")]
    assert shown == [s.heading for s in new_doc.sections if s.heading]
    folded = soup.find_all("details", class_="unchanged")
    assert len(folded) == 8 and not any(d.has_attr("open") for d in folded)
    changed = soup.find_all("section", class_="changed")
    assert [s["id"] for s in changed] == [e.anchor for e in entries if e.change]
    inserted = [ins.get_text() for ins in changed[0].find_all("ins")]
    assert "a period of up to five years after your account is closed, and for " in inserted
    assert soup.find("script") is None


def test_change_list_is_keyed_by_the_policys_own_numbering() -> None:
    old, new = _version(NUMBERED_OLD, "old.md"), _version(NUMBERED_NEW, "new.md")
    comparison = compare_versions(old, new, policy_id="terms")
    entries = whole_document(comparison.diff, old.document, new.document)
    keys = [e.key for e in entries if e.change]
    assert keys[:2] == ["3.2 Retention", "4. Children"], keys
    soup = BeautifulSoup(render_whole_html(comparison.diff, old.document, new.document), "html.parser")
    rows = soup.select("table.change-list tbody tr")
    assert [r.find("a").get_text() for r in rows] == keys
    assert rows[0].find("a")["href"] == "#" + next(e.anchor for e in entries if e.key == "3.2 Retention")
    assert accepted(entries) == document_paragraphs(new.document)


def test_unnumbered_policies_are_keyed_by_heading_path() -> None:
    document = extract(b"# Policy\n\n## Sharing\n\n### Partners\n\nWe share data.\n", "text/markdown")
    section = next(s for s in document.sections if s.heading == "Partners")
    assert clause_key(section) == " › ".join(section.path) and len(section.path) >= 2
    assert clause_key(section) == "Sharing › Partners"

    def key(heading: str, path: tuple[str, ...] = ("Top",)) -> str:
        return clause_key(Section("x", heading, (*path, heading) if heading else (), 2, ()))

    assert key("") == OPENING_LABEL == "(the opening, before the first heading)"
    for numbered in ("3.2 Retention", "Section 4 Contact", "IV. Your rights", "(a) Scope", "12) Changes"):
        assert key(numbered) == numbered
    assert key("2024 update") == "Top › 2024 update"  # a year is not a clause number


def test_diff_whole_command(tmp_path: Path) -> None:
    out = tmp_path / "whole.html"
    result = CliRunner().invoke(main, ["diff", str(V1), str(V2), "--format", "html", "--whole", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "GRIEVANCE OFFICER" in out.read_text()
    bad = CliRunner().invoke(main, ["diff", str(V1), str(V2), "--whole"])
    assert bad.exit_code == 2 and bad.output == "error: --whole: works with --format html, pdf, docx, not markdown\n"
    (tmp_path / "s").mkdir()
    _, store = demo_store(tmp_path / "s")
    stored = CliRunner().invoke(main, ["report", POLICY, "--whole", "--store", str(store.root)])
    assert stored.exit_code == 0 and "The whole document" in stored.output and "indiamart@" in stored.output
