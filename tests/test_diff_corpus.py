"""Real successive versions from the test corpus (tests/data/corpus): the sections reported as changed.

Each expectation was checked by reading the two Markdown files side by side (``diff`` of the
files) before writing it down.
"""

from __future__ import annotations

from pathlib import Path

from tests.diff_helpers import deleted, inserted
from tracker.diff.sections import diff_documents
from tracker.extract.document import extract
from tracker.models import DiffResult, DocumentRef


def _diff_pair(corpus_dir: Path, policy: str, old: str, new: str) -> DiffResult:
    folder = corpus_dir / policy / "versions"
    a = extract((folder / old).read_bytes(), "text/markdown")
    b = extract((folder / new).read_bytes(), "text/markdown")
    return diff_documents(a, b, old_ref=DocumentRef(old), new_ref=DocumentRef(new), policy_id="x")


def test_open_terms_archive_brevo_rename_and_date_line(corpus_dir: Path) -> None:
    # Sendinblue was renamed Brevo; one sentence added to the intro; "Last updated" moved.
    result = _diff_pair(corpus_dir, "open-terms-archive__privacy-policy", "001_2023-09-26.md", "002_2023-09-26.md")
    assert [(c.kind, c.new_heading) for c in result.changes] == [
        ("modified", ""),
        ("modified", "Personal data processed"),
    ]
    assert result.date_changed is True
    intro, personal = result.changes
    (clause,) = intro.clauses  # the changed date line is not a clause change
    assert inserted(clause.words) == ["And of course, we also record the changes of our own documents 😉"]
    (clause,) = personal.clauses
    assert "Sendinblue" in deleted(clause.words) and "Brevo" in inserted(clause.words)
    assert not personal.editorial


def test_npm_drops_twitter_from_account_data(corpus_dir: Path) -> None:
    result = _diff_pair(corpus_dir, "npm-public-registry__privacy-policy", "006_2025-09-22.md", "007_2025-12-12.md")
    assert [(c.kind, c.new_heading) for c in result.changes] == [("modified", "npm collects account data")]
    (clause,) = result.changes[0].clauses
    assert inserted(clause.words) == []
    assert " ".join(deleted(clause.words)) == "and Twitter"
    assert result.unchanged_sections == 24


def test_brevo_reveals_obfuscated_email_addresses(corpus_dir: Path) -> None:
    result = _diff_pair(corpus_dir, "brevo__privacy-policy", "001_2023-09-26.md", "002_2023-10-19.md")
    assert [(c.kind, c.new_heading, len(c.clauses)) for c in result.changes] == [
        ("modified", "Data Controller – DPO", 1),
        ("modified", "Rights of Users", 3),
        ("modified", "Security", 1),
        ("modified", "Contact", 1),
        ("modified", "Children’s Privacy", 1),
        ("modified", "Your privacy rights", 1),
        ("modified", "Consumer Privacy Requests", 1),
        ("modified", "Contact Brevo", 2),
    ]
    dpo = result.changes[0].clauses[0]
    assert "dpo@brevo.com" in " ".join(inserted(dpo.words))
    assert "[email protected]" in " ".join(deleted(dpo.words))


def test_brevo_reverts_to_obfuscated_addresses(corpus_dir: Path) -> None:
    # The next capture went back to Cloudflare's obfuscated "[email protected]": same sections.
    forward = _diff_pair(corpus_dir, "brevo__privacy-policy", "001_2023-09-26.md", "002_2023-10-19.md")
    back = _diff_pair(corpus_dir, "brevo__privacy-policy", "002_2023-10-19.md", "003_2023-10-27.md")
    assert [c.new_heading for c in back.changes] == [c.new_heading for c in forward.changes]
    assert "dpo@brevo.com" in " ".join(deleted(back.changes[0].clauses[0].words))
