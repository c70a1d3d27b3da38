"""The paragraphs of the whole document (``tracker.report.whole``): a ``Piece`` knows its old and
new text, an ``Entry`` is one section of them; ``accepted`` and ``rejected`` rebuild the new and the
old version's paragraphs (``document_paragraphs``), the property every redline format keeps."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from tracker.models import PolicyDocument, Section, SectionChange, WordDiff
from tracker.report.headings import OPENING_LABEL

PieceOp = Literal["equal", "modified", "added", "removed", "move_from", "move_to"]
_NUMBERED = re.compile(
    r"^\s*(?:\d+(?:\.\d+)+\.?|\d{1,3}[.)]|\d{1,2}|[IVXLC]+[.)]|[A-Z][.)]|\(?[a-z]\)|(?:section|article|clause)\s+\d+)\s",
    re.I,
)  # "3.2", "4.", "12)", "7 ", "IV.", "B)", "(a)", "Section 4" -- but not a year such as "2024 update"
ACCEPTED = frozenset({"equal", "modified", "added", "move_to"})
REJECTED = frozenset({"equal", "modified", "removed", "move_from"})


@dataclass(frozen=True)
class Piece:
    """One paragraph of the whole document: a heading or a clause, with its old and new text.

    ``kind`` is ``heading`` or the clause kind (``paragraph``, ``list_item`` ...); ``level`` the
    heading level or the list depth; ``words`` the word redline of a ``modified`` piece."""

    op: PieceOp
    old: str | None
    new: str | None
    kind: str = "paragraph"
    level: int = 0
    words: tuple[WordDiff, ...] = ()
    move: str = ""  # the same on both ends of one moved clause
    note: str = ""  # where a moved clause came from ("moved from §1 “Your rights”, clause 2")


@dataclass(frozen=True)
class Entry:
    """One section of the whole document, in reading order, with the change to it (if any).

    ``moved_away`` marks the old place of a section that moved (its text there is ``move_from``)."""

    key: str
    anchor: str
    heading: str
    change: SectionChange | None
    pieces: tuple[Piece, ...]
    moved_away: bool = False


def clause_key(section: Section) -> str:
    """The section's name in a change list: its heading when the heading carries the policy's own
    number ("3.2 Retention"), else its heading path joined by " › "; ``OPENING_LABEL`` for the text
    before the first heading."""
    if not section.heading:
        return OPENING_LABEL
    if _NUMBERED.match(section.heading):
        return section.heading
    return " › ".join(section.path or (section.heading,))


def accepted(entries: tuple[Entry, ...] | list[Entry]) -> list[str]:
    """The paragraphs left when every change is accepted (the new version's)."""
    return [p.new for e in entries for p in e.pieces if p.op in ACCEPTED and p.new is not None]


def rejected(entries: tuple[Entry, ...] | list[Entry]) -> list[str]:
    """The paragraphs left when every change is rejected (the old version's)."""
    return [p.old for e in entries for p in e.pieces if p.op in REJECTED and p.old is not None]


def document_paragraphs(document: PolicyDocument) -> list[str]:
    """A document's headings and clauses as paragraphs, in order (what ``accepted``/``rejected`` give)."""
    return [
        text for s in document.sections for text in ([s.heading] if s.heading else []) + [c.text for c in s.clauses]
    ]
