"""A contents list added or removed: short lines, one after another, that name the policy's own
headings ("Qui sommes-nous", "Vos droits", "Comment nous contacter" above sections headed
"1. Qui sommes-nous ?", "8. Vos droits", ...). Such a list is navigation: the sections it names
are in both versions, so its entries going or coming change no practice, even where an entry
is worded otherwise than its heading ("Comment nous partageons les données" for "5. Modalités
de partage des données"). Extraction drops a contents list made of same-page links
(``tracker.extract.contents``); one written without links reaches the diff, and is judged here.
"""

from __future__ import annotations

from tracker.classify.paraphrase import flat_heading
from tracker.models import ClauseChange, SectionChange

__all__ = ["contents_entry_reason"]

_MIN_ENTRIES = 3  # two lines naming headings may be a sentence's pair; a contents list has more
_MAX_ENTRY_WORDS = 12  # an entry is a heading's length, not a paragraph's
_NAMING_SHARE = 2 / 3  # most entries repeat a heading; the rest are worded otherwise


def contents_entry_reason(clause: ClauseChange, change: SectionChange, headings: frozenset[str]) -> str | None:
    """Why an added or removed clause is an entry of a contents list (``headings``: the flat
    headings both versions have, ``DocumentText.headings``), or None."""
    if clause.kind not in {"added", "removed"} or not headings:
        return None
    if _words(clause.old_text if clause.kind == "removed" else clause.new_text) > _MAX_ENTRY_WORDS:
        return None  # a paragraph: no entry, whatever its neighbours (the run is not gathered)
    run = _run(clause, change)
    if len(run) < _MIN_ENTRIES or any(_words(text) > _MAX_ENTRY_WORDS for text in run):
        return None
    named = sum(flat_heading(text) in headings for text in run)
    if named < _NAMING_SHARE * len(run):
        return None
    return (
        f"clause {clause.kind}: an entry of a contents list ({named} of its {len(run)} lines name"
        " headings that both versions have)"
    )


def _run(clause: ClauseChange, change: SectionChange) -> list[str]:
    """The texts of the clauses added (or removed) with ``clause`` at consecutive positions of
    their version, ``clause`` among them, in order."""
    removed = clause.kind == "removed"
    at = clause.old_index if removed else clause.new_index
    if at is None:
        return []
    texts: dict[int, str] = {}
    for other in change.clauses:
        index = other.old_index if removed else other.new_index
        if other.kind == clause.kind and index is not None:
            texts[index] = (other.old_text if removed else other.new_text) or ""
    first = last = at
    while first - 1 in texts:
        first -= 1
    while last + 1 in texts:
        last += 1
    return [texts[i] for i in range(first, last + 1)] if at in texts else []


def _words(text: str | None) -> int:
    return len((text or "").split())
