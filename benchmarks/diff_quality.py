"""Diff quality on real consecutive versions: does each record show a real change?

Used by ``benchmarks/diff.py --quality`` (run as a script from the repository root). The
reference is independent of the diff's own alignment: each version's body text (every clause,
headings excluded) is cut into sentences (after ``. ! ? ;``, whitespace and quote style folded).

- *changed sentences*: the multiset difference of the two versions' sentences (a sentence
  moved unchanged is not changed, nor one whose every copy is still there word for word, only
  cut or joined into paragraphs differently; a copy more or less of a sentence that also stands
  elsewhere is a change). A part with no letter or digit (emoji) belongs to the sentence
  before it. *Real changes*: runs of changed sentences, i.e. the non-equal blocks of a
  ``difflib.SequenceMatcher`` over the two sentence sequences that hold at least one changed
  sentence.
- *coverage*: share of changed sentences that some record shows (a removed sentence inside the
  old text of one of the record's clause changes, an added one inside a new text), or a
  structure note that carries the paragraphs of a repeated copy.
- *empty records*: records that show no changed sentence, no heading change (renamed,
  renumbered, restyled) and no moved text (a moved section, a moved clause, a split/merge part).
- *moved clauses*: clauses removed in one place and added, edited, in another (rapidfuzz
  ``ratio`` ≥ 80 on texts of 40+ characters, different position); *shown with edits* when
  they come as one record with a word redline instead of a removal plus an addition.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from rapidfuzz import fuzz

from tracker.diff.words import cosmetic_key
from tracker.models import DiffResult, PolicyDocument, SectionChange, StructureNote

_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+")
MOVE_RATIO = 80.0
MOVE_MIN_CHARS = 40


def sentences(doc: PolicyDocument) -> list[str]:
    """The body sentences of a document, in order, cosmetic-keyed. A part with no letter or digit
    (emoji, a lone dash after a full stop) stays with the sentence before it."""
    out: list[str] = []
    for section in doc.sections:
        for clause in section.clauses:
            parts: list[str] = []
            for part in _SENTENCE_END.split(cosmetic_key(clause.text)):
                if any(ch.isalnum() for ch in part) or not parts:
                    parts.append(part)
                else:
                    parts[-1] += " " + part
            out.extend(p for p in parts if any(ch.isalnum() for ch in p))
    return out


@dataclass
class Quality:
    """Totals over many pairs."""

    pairs: int = 0
    real_changes: int = 0
    records: int = 0
    clause_records: int = 0
    changed_sentences: int = 0
    covered_sentences: int = 0
    empty_records: int = 0
    moved_edited: int = 0
    moved_edited_shown: int = 0
    empty_examples: list[str] = field(default_factory=list)

    def add(self, other: Quality) -> None:
        """Add another pair's figures."""
        for name in (
            "pairs", "real_changes", "records", "clause_records", "changed_sentences",
            "covered_sentences", "empty_records", "moved_edited", "moved_edited_shown",
        ):  # fmt: skip
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.empty_examples.extend(other.empty_examples)

    def lines(self) -> list[str]:
        """The figures as printable lines."""
        per = self.records / max(self.real_changes, 1)
        clause_per = self.clause_records / max(self.real_changes, 1)
        return [
            f"{self.pairs} pairs with a body change, {self.real_changes} real changes (runs of changed sentences)",
            f"records per real change: {per:.2f} ({self.records} section records);"
            f" clause records per real change: {clause_per:.2f}",
            f"records holding no changed sentence: {self.empty_records}/{self.records}"
            f" = {self.empty_records / max(self.records, 1):.1%}",
            f"moved+edited clauses shown as one record with their edits: {self.moved_edited_shown}/"
            f"{self.moved_edited} = {self.moved_edited_shown / max(self.moved_edited, 1):.1%}",
            f"reference-sentence coverage: {self.covered_sentences}/{self.changed_sentences}"
            f" = {self.covered_sentences / max(self.changed_sentences, 1):.2%}",
        ]


def _record_texts(change: SectionChange | StructureNote) -> tuple[str, str]:
    old = " \n ".join(cosmetic_key(c.old_text or "") for c in change.clauses)
    new = " \n ".join(cosmetic_key(c.new_text or "") for c in change.clauses)
    return old, new


def _shows_structure(change: SectionChange) -> bool:
    """A record whose point is a heading rewording, a renumbering or moved text."""
    if change.kind in ("renumbered", "split", "merged"):
        return True
    if change.kind == "moved" and (change.old_text or change.new_text):
        return True
    if any(c.kind == "moved" for c in change.clauses):
        return True
    if change.old_heading is not None and change.new_heading is not None:
        return cosmetic_key(change.old_heading) != cosmetic_key(change.new_heading)
    return False


def _moved_edited(result: DiffResult) -> tuple[int, int]:
    """(moved+edited clauses, of which shown as one moved record with a redline)."""
    shown = sum(
        1
        for change in result.changes
        for c in change.clauses
        if c.kind == "moved" and any(w.op != "equal" for w in c.words)
    )
    removed = [
        (k, cosmetic_key(c.old_text or ""))
        for k, ch in enumerate(result.changes)
        for c in ch.clauses
        if c.kind == "removed" and len(c.old_text or "") >= MOVE_MIN_CHARS
    ]
    added = [
        (k, cosmetic_key(c.new_text or ""))
        for k, ch in enumerate(result.changes)
        for c in ch.clauses
        if c.kind == "added" and len(c.new_text or "") >= MOVE_MIN_CHARS
    ]
    missed = 0
    used: set[int] = set()
    for _, old in removed:
        for j, (_, new) in enumerate(added):
            if j not in used and old != new and fuzz.ratio(old, new) >= MOVE_RATIO:
                used.add(j)
                missed += 1
                break
    return shown + missed, shown


def measure(old: PolicyDocument, new: PolicyDocument, result: DiffResult, label: str = "") -> Quality:
    """Quality figures of one diff against the sentence reference."""
    a, b = sentences(old), sentences(new)
    whole_old, whole_new = " ".join(a), " ".join(b)
    # a sentence whose every copy is still there word for word, only cut into paragraphs
    # differently, did not change; a copy more or less of a sentence that stands elsewhere did
    count_a, count_b = Counter(a), Counter(b)
    removed = Counter({s: n for s, n in (count_a - count_b).items() if whole_new.count(s) < count_a[s]})
    added = Counter({s: n for s, n in (count_b - count_a).items() if whole_old.count(s) < count_b[s]})
    q = Quality()
    if not removed and not added:
        return q
    q.pairs = 1
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag != "equal" and (any(s in removed for s in a[i1:i2]) or any(s in added for s in b[j1:j2])):
            q.real_changes += 1
    texts = [_record_texts(c) for c in result.changes]
    # a repeated copy folded into a structure note is shown there, with its paragraphs
    notes = [_record_texts(n) for n in result.structure if n.clauses]
    q.records = len(result.changes)
    q.clause_records = sum(len(c.clauses) for c in result.changes)
    shown_by: list[bool] = [False] * len(texts)
    for pool, side in ((removed, 0), (added, 1)):
        for sentence, count in pool.items():
            q.changed_sentences += count
            hits = [k for k, t in enumerate(texts) if sentence in t[side]]
            if hits or any(sentence in t[side] for t in notes):
                q.covered_sentences += count
                for k in hits:
                    shown_by[k] = True
    for k, change in enumerate(result.changes):
        if not shown_by[k] and not _shows_structure(change):
            q.empty_records += 1
            heading = change.new_heading if change.new_heading is not None else change.old_heading
            q.empty_examples.append(f"{label} {change.kind} {heading!r}")
    q.moved_edited, q.moved_edited_shown = _moved_edited(result)
    return q
