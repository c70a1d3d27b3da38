"""``DocumentText.found_elsewhere`` builds each version's shingles only when a clause change is
looked for in it (a removed clause in the new version, an added one in the old): its answers must
be those of both versions' shingles built up front, on the clause changes of real successive
versions (tests/data/corpus) and of versions with clauses moved, duplicated, split and merged."""

from __future__ import annotations

from pathlib import Path

from tracker.classify import paraphrase
from tracker.classify.lexicon import clear_match_caches
from tracker.classify.paraphrase import DocumentText, _flat_words, _shingles, meaning_words
from tracker.diff import diff_documents
from tracker.extract.document import extract
from tracker.models import Clause, ClauseChange, DocumentRef, PolicyDocument, Section


def _both_up_front(old: PolicyDocument, new: PolicyDocument, clause: ClauseChange) -> str | None:
    """The answer as it was worked out with both versions' shingles built first."""
    text = DocumentText(old, new)
    if clause.kind in {"added", "removed"} and paraphrase._flat(clause.new_text or clause.old_text or "").strip() in (
        text.headings
    ):
        return f"clause {clause.kind}, but it only repeats the policy's title or a heading"
    if clause.kind not in {"added", "removed", "modified"}:
        return None
    sets = [{h for s in d.sections for c in s.clauses for h in _shingles(_flat_words(c.text))} for d in (old, new)]

    def run_found(run: str, document: set[int]) -> bool:
        return not meaning_words(run) or (len(paraphrase._flat(run).split()) >= 6 and DocumentText._in(run, document))

    if clause.kind == "removed" and DocumentText._in(clause.old_text, sets[1]):
        return "clause removed, but its text remains elsewhere in the policy (a duplicate dropped)"
    if clause.kind == "added" and DocumentText._in(clause.new_text, sets[0]):
        return "clause added, but its text was already in the policy (split from a neighbour)"
    if clause.kind == "modified" and any(w.op != "equal" and meaning_words(w.text) for w in clause.words):
        inserted = all(run_found(w.text, sets[0]) for w in clause.words if w.op == "insert")
        deleted = all(run_found(w.text, sets[1]) for w in clause.words if w.op == "delete")
        if inserted and deleted:
            return "text merged with or split from a neighbouring clause; no wording of its own changed"
    return None


def _compare(old: PolicyDocument, new: PolicyDocument) -> tuple[int, int]:
    clear_match_caches()
    diff = diff_documents(old, new, old_ref=DocumentRef("a"), new_ref=DocumentRef("b"), policy_id="x")
    text = DocumentText.of(old, new)
    compared = found = 0
    for change in diff.changes:
        for clause in change.clauses:
            answer = text.found_elsewhere(clause)
            assert answer == _both_up_front(old, new, clause), clause
            compared += 1
            found += answer is not None
    return compared, found


def _page(*texts: str) -> PolicyDocument:
    section = Section(id="s", heading="Data", path=("Data",), level=2, clauses=tuple(map(Clause, texts)))
    return PolicyDocument(title="Policy", last_updated=None, sections=(section,))


def test_same_answers_on_corpus_versions(corpus_dir: Path) -> None:
    compared = 0
    for folder in sorted(corpus_dir.glob("*/versions"))[:10]:
        versions = []
        for path in sorted(folder.glob("*.md"))[:4]:
            try:
                versions.append(extract(path.read_bytes(), "text/markdown"))
            except Exception:  # an empty capture: nothing to compare
                continue
        for old, new in zip(versions, versions[1:], strict=False):
            compared += _compare(old, new)[0]
    assert compared > 50


def test_same_answers_on_moved_duplicated_and_split_clauses() -> None:
    a = "We share your contact details with our payment processors to bill you each month."
    b = "We keep your messages for thirty days after you delete your account with us."
    c = "You may ask us for a copy of the personal data we hold about you at any time."
    cases = [
        (_page(a, b, c), _page(a, c)),  # removed
        (_page(a, b, c, b), _page(a, c, b)),  # a duplicate dropped
        (_page(a, c), _page(a, c, a)),  # added: already in the policy
        (_page(a + " " + b, c), _page(a, b, c)),  # split
        (_page(a, b, c), _page(a + " " + b, c)),  # merged
        (_page(a, b), _page(a.replace("payment", "billing"), b)),  # reworded
        (_page(a + " " + b, c), _page(a, c)),  # a sentence cut: it is in the old version only
        (_page(a, c), _page(a + " " + b, c)),  # a sentence added: in the new version only
    ]
    found = 0
    for old, new in cases:
        found += _compare(old, new)[1]
    assert found >= 2  # some of these are found elsewhere: not only None compared with None
