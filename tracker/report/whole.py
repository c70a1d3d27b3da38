"""The whole document with every change in place: what ``--whole`` shows, and what the Word redline
is built from.

``whole_document`` walks the new version's sections in order and puts each change where it
happened: unchanged sections as they read, changed ones paragraph by paragraph (an unchanged
clause, a reworded one with its word redline, an added or removed one), removed sections and the
old place of moved ones where they stood in the old version. Every paragraph is a ``Piece`` that
knows its old and new text, so accepting every change (``accepted``) gives exactly the new
version's paragraphs and rejecting every change (``rejected``) the old one's — the property the
Word file's Accept/Reject relies on. Where a change's clause indexes do not line up with the two
documents (a split, a merge, a section moved and edited), the section is shown as its old text
removed and its new text added, which keeps that property.

Each section is keyed for the change list by the policy's own numbering when its heading starts
with one ("3.2 Retention"), else by its heading path ("Privacy Policy › Retention").
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, replace
from typing import Literal, TypeVar

from tracker.diff.words import cosmetic_key, word_diff
from tracker.models import (
    Clause,
    ClauseChange,
    DiffResult,
    PolicyDocument,
    Section,
    SectionChange,
    WordDiff,
)
from tracker.report.view import PER_CLAUSE, view_changes

_T = TypeVar("_T")
PieceOp = Literal["equal", "modified", "added", "removed", "move_from", "move_to"]
_NUMBERED = re.compile(
    r"^\s*(?:\d+(?:\.\d+)+\.?|\d{1,3}[.)]|\d{1,2}|[IVXLC]+[.)]|[A-Z][.)]|\(?[a-z]\)|(?:section|article|clause)\s+\d+)\s",
    re.I,
)  # "3.2", "4.", "12)", "7 ", "IV.", "B)", "(a)", "Section 4" -- but not a year such as "2024 update"
_ACCEPTED = frozenset({"equal", "modified", "added", "move_to"})
_REJECTED = frozenset({"equal", "modified", "removed", "move_from"})


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
    number ("3.2 Retention"), else its heading path joined by " › "; "(preamble)" for the text
    before the first heading."""
    if not section.heading:
        return "(preamble)"
    if _NUMBERED.match(section.heading):
        return section.heading
    return " › ".join(section.path or (section.heading,))


def accepted(entries: tuple[Entry, ...] | list[Entry]) -> list[str]:
    """The paragraphs left when every change is accepted (the new version's)."""
    return [p.new or "" for e in entries for p in e.pieces if p.op in _ACCEPTED and p.new]


def rejected(entries: tuple[Entry, ...] | list[Entry]) -> list[str]:
    """The paragraphs left when every change is rejected (the old version's)."""
    return [p.old or "" for e in entries for p in e.pieces if p.op in _REJECTED and p.old]


def document_paragraphs(document: PolicyDocument) -> list[str]:
    """A document's headings and clauses as paragraphs, in order (what ``accepted``/``rejected`` give)."""
    return [
        text for s in document.sections for text in ([s.heading] if s.heading else []) + [c.text for c in s.clauses]
    ]


def _plain(section: Section, op: PieceOp) -> list[Piece]:
    """Every paragraph of a section with one op (unchanged, added, removed, moved)."""
    old = op in _REJECTED
    new = op in _ACCEPTED

    def piece(text: str, kind: str, level: int) -> Piece:
        return Piece(op, text if old else None, text if new else None, kind, level)

    head = [piece(section.heading, "heading", section.level)] if section.heading else []
    return head + [piece(c.text, c.kind, c.depth) for c in section.clauses]


def _heading_piece(old: Section, new: Section) -> list[Piece]:
    if not old.heading and not new.heading:
        return []
    if cosmetic_key(old.heading) == cosmetic_key(new.heading):
        return [Piece("equal", new.heading, new.heading, "heading", new.level)]
    if old.heading and new.heading:
        words = word_diff(old.heading, new.heading)
        return [Piece("modified", old.heading, new.heading, "heading", new.level, words)]
    if old.heading:
        return [Piece("removed", old.heading, None, "heading", old.level)]
    return [Piece("added", None, new.heading, "heading", new.level)]


def _clause_piece(change: ClauseChange, old: Clause | None, new: Clause | None) -> Piece:
    clause = new or old
    assert clause is not None
    if change.kind == "added":
        return Piece("added", None, clause.text, clause.kind, clause.depth)
    if change.kind == "removed":
        return Piece("removed", clause.text, None, clause.kind, clause.depth)
    assert old is not None and new is not None
    words = change.words or word_diff(old.text, new.text)
    return Piece("modified", old.text, new.text, new.kind, new.depth, words)


def _interleave(new_items: list[tuple[int | None, _T]], old_items: list[tuple[int, _T]]) -> list[_T]:
    """New-side items in order, each old-only item (removed, moved away) placed before the first
    new item anchored to a later old position."""
    out: list[_T] = []
    pending = sorted(old_items, key=lambda item: item[0])
    k = 0
    for anchor, piece in new_items:
        if anchor is not None:
            while k < len(pending) and pending[k][0] < anchor:
                out.append(pending[k][1])
                k += 1
        out.append(piece)
    out.extend(item[1] for item in pending[k:])
    return out


def _merge_clauses(old: Section, new: Section, changes: tuple[ClauseChange, ...]) -> list[Piece] | None:
    """The clauses of a changed section, each change in place; None when the change's clause
    indexes and texts do not line up with the two sections."""
    by_new = {c.new_index: c for c in changes if c.new_index is not None}
    changed_old = {c.old_index for c in changes if c.old_index is not None}
    old_free = [i for i in range(len(old.clauses)) if i not in changed_old]
    new_free = [j for j in range(len(new.clauses)) if j not in by_new]
    if len(old_free) != len(new_free) or len(by_new) + len(new_free) != len(new.clauses):
        return None
    if any(
        cosmetic_key(old.clauses[i].text) != cosmetic_key(new.clauses[j].text)
        for i, j in zip(old_free, new_free, strict=True)
    ):
        return None
    for c in changes:
        in_old = c.old_index is None or (
            0 <= c.old_index < len(old.clauses) and c.old_text == old.clauses[c.old_index].text
        )
        in_new = c.new_index is None or (
            0 <= c.new_index < len(new.clauses) and c.new_text == new.clauses[c.new_index].text
        )
        if not (in_old and in_new):
            return None
    free = dict(zip(new_free, old_free, strict=True))
    new_items: list[tuple[int | None, Piece]] = []
    old_items: list[tuple[int, Piece]] = []
    for j, clause in enumerate(new.clauses):
        found = by_new.get(j)
        if found is None:
            new_items.append((free[j], Piece("equal", clause.text, clause.text, clause.kind, clause.depth)))
            continue
        c = found
        if c.kind == "moved":
            key, note = _move_key(c), f"moved here {_from_where(c)}"
            new_items.append((None, Piece("move_to", None, clause.text, clause.kind, clause.depth, c.words, key, note)))
            if c.old_index is not None:  # moved inside this section: its old place is here too
                left = old.clauses[c.old_index]
                old_items.append((c.old_index, Piece("move_from", left.text, None, left.kind, left.depth, move=key)))
        else:
            old_clause = old.clauses[c.old_index] if c.old_index is not None else None
            new_items.append((c.old_index, _clause_piece(c, old_clause, clause)))
    for c in changes:
        if c.new_index is None and c.old_index is not None:
            left = old.clauses[c.old_index]
            if c.kind == "moved":  # moved out to another section
                piece = Piece("move_from", left.text, None, left.kind, left.depth, move=_move_key(c), note="moved away")
            else:
                piece = _clause_piece(c, left, None)
            old_items.append((c.old_index, piece))
    return _interleave(new_items, old_items)


def _move_key(clause: ClauseChange) -> str:
    """The name both ends of one moved clause share: its old section and clause index."""
    source = clause.moved_from
    return f"{source.section_position}.{source.clause_index}" if source else ""


def _from_where(clause: ClauseChange) -> str:
    source = clause.moved_from
    if source is None:
        return "moved"
    heading = f" “{source.heading}”" if source.heading else ""
    edited = " and edited" if clause.words else ""
    return f"from §{source.section_position + 1}{heading}, clause {source.clause_index + 1}{edited}"


def moved_note(clause: ClauseChange, change: SectionChange) -> str:
    """Where a moved clause came from, for a reader: "moved from §2 “Your rights”, clause 3" or
    "moved within the section, from clause 3" (1-based, like the §N of the reports)."""
    source = clause.moved_from
    if source is None:
        return "moved within the section"
    if change.old_position is not None and source.section_position == change.old_position:
        return f"moved within the section, from clause {source.clause_index + 1}"
    heading = f" “{source.heading}”" if source.heading else ""
    return f"moved from §{source.section_position + 1}{heading}, clause {source.clause_index + 1}"


def _changed_pieces(change: SectionChange, olds: list[Section], news: list[Section]) -> list[Piece]:
    """The paragraphs of one changed section (or split/merge group)."""
    if change.kind in PER_CLAUSE and len(olds) == 1 and len(news) == 1:
        merged = _merge_clauses(olds[0], news[0], change.clauses)
        if merged is not None:
            return _heading_piece(olds[0], news[0]) + merged
    if change.kind == "added" and not olds and len(news) == 1:
        return _one_side(news[0], change.clauses, "added")
    removed = [p for s in olds for p in _plain(s, "removed")]
    return removed + [p for s in news for p in _plain(s, "added")]


def _one_side(section: Section, changes: tuple[ClauseChange, ...], op: PieceOp) -> list[Piece]:
    """An added (removed) section, each clause added (removed) but those that moved in (out):
    the new (old) end of their move."""
    pieces = _plain(section, op)
    heading = 1 if section.heading else 0
    for c in changes:
        index = c.new_index if op == "added" else c.old_index
        if c.kind != "moved" or index is None or not 0 <= index < len(section.clauses):
            continue
        clause = section.clauses[index]
        if clause.text != (c.new_text if op == "added" else c.old_text):
            continue
        key = _move_key(c)
        if op == "added":
            piece = Piece(
                "move_to", None, clause.text, clause.kind, clause.depth, c.words, key, f"moved here {_from_where(c)}"
            )
        else:
            piece = Piece("move_from", clause.text, None, clause.kind, clause.depth, move=key, note="moved away")
        pieces[heading + index] = piece
    return pieces


def _pure_move(change: SectionChange, old: Section, new: Section) -> bool:
    return (
        change.kind == "moved"
        and not change.clauses
        and cosmetic_key(old.text) == cosmetic_key(new.text)
        and (cosmetic_key(old.heading) == cosmetic_key(new.heading))
    )


def _sides(change: SectionChange, old_doc: PolicyDocument, new_doc: PolicyDocument) -> tuple[list[int], list[int]]:
    """The old and new section indexes one change covers."""
    old_ids = {s.id: i for i, s in enumerate(old_doc.sections)}
    new_ids = {s.id: j for j, s in enumerate(new_doc.sections)}
    olds = [old_ids[s] for s in change.old_section_ids if s in old_ids] if change.kind == "merged" else []
    news = [new_ids[s] for s in change.new_section_ids if s in new_ids] if change.kind == "split" else []
    if not olds and change.old_position is not None and change.old_position < len(old_doc.sections):
        olds = [change.old_position]
    if not news and change.new_position is not None and change.new_position < len(new_doc.sections):
        news = [change.new_position]
    return olds, news


def whole_document(diff: DiffResult, old_doc: PolicyDocument, new_doc: PolicyDocument) -> tuple[Entry, ...]:
    """Every section of the new version in order, removed and moved-away ones where they stood in
    the old version, each change in place (see the module docstring)."""
    at_new: dict[int, tuple[SectionChange, list[int], list[int]]] = {}
    old_only: list[tuple[int, SectionChange]] = []
    covered_new: set[int] = set()
    used_old: set[int] = set()
    for change in view_changes(diff):
        olds, news = _sides(change, old_doc, new_doc)
        used_old.update(olds)
        if news:
            at_new[news[0]] = (change, olds, news)
            covered_new.update(news)
        elif olds:
            old_only.append((olds[0], change))
    old_ids = {s.id: i for i, s in enumerate(old_doc.sections) if i not in used_old}
    new_items: list[tuple[int | None, Entry]] = []
    old_items: list[tuple[int, Entry]] = []
    for j, section in enumerate(new_doc.sections):
        anchor = f"sec-{j + 1}"
        if j in at_new:
            change, olds, news = at_new[j]
            old_secs = [old_doc.sections[i] for i in olds]
            new_secs = [new_doc.sections[k] for k in news]
            if len(olds) == 1 and _pure_move(change, old_secs[0], section):
                new_items.append(
                    (
                        None,
                        Entry(clause_key(section), anchor, section.heading, change, tuple(_plain(section, "move_to"))),
                    )
                )
                away = Entry(clause_key(old_secs[0]), f"{anchor}-from", old_secs[0].heading, change,
                             tuple(_plain(old_secs[0], "move_from")), moved_away=True)  # fmt: skip
                old_items.append((olds[0], away))
                continue
            pieces = tuple(_changed_pieces(change, old_secs, new_secs))
            anchor_old = olds[0] if olds and change.kind != "moved" else None
            new_items.append((anchor_old, Entry(clause_key(section), anchor, section.heading, change, pieces)))
        elif j not in covered_new:
            entry = Entry(clause_key(section), anchor, section.heading, None, tuple(_plain(section, "equal")))
            new_items.append((old_ids.get(section.id), entry))
    for index, change in old_only:
        section = old_doc.sections[index]
        pieces = tuple(_one_side(section, change.clauses, "removed"))
        entry = Entry(clause_key(section), f"old-{index + 1}", section.heading, change, pieces)
        old_items.append((index, entry))
    return _pair_moves(tuple(_interleave(new_items, old_items)))


def _pair_moves(entries: tuple[Entry, ...]) -> tuple[Entry, ...]:
    """A moved clause whose other end is not shown clause by clause (its section is shown removed
    and added whole) is plain added or removed text at this end."""
    ends: dict[str, set[str]] = defaultdict(set)
    for entry in entries:
        for piece in entry.pieces:
            if piece.move:
                ends[piece.move].add(piece.op)
    paired = {key for key, ops in ends.items() if ops == {"move_from", "move_to"}}
    if len(paired) == len(ends):
        return entries
    plain: dict[PieceOp, PieceOp] = {"move_to": "added", "move_from": "removed"}

    def fix(piece: Piece) -> Piece:
        if not piece.move or piece.move in paired:
            return piece
        return replace(piece, op=plain.get(piece.op, piece.op), move="", words=(), note="")

    return tuple(replace(e, pieces=tuple(fix(p) for p in e.pieces)) for e in entries)


def changed_entries(entries: tuple[Entry, ...]) -> list[Entry]:
    """The entries that carry a change (the change list at the top of a whole-document report)."""
    return [e for e in entries if e.change is not None]


def listed_changes(changed: list[Entry]) -> list[tuple[str, Entry]]:
    """The rows of a change list: (clause key, entry), a renumbered run as one row keyed by its
    first and last sections ("4. What we collect – 11. Contact")."""
    rows: list[tuple[str, Entry]] = []
    run: list[Entry] = []

    def close() -> None:
        if run:
            key = run[0].key if len(run) == 1 else f"{run[0].key} – {run[-1].key}"
            rows.append((key, run[0]))
            run.clear()

    for entry in changed:
        change = entry.change
        if change is not None and change.kind == "renumbered":
            if run and run[0].change is not None and run[0].change.note != change.note:
                close()
            run.append(entry)
            continue
        close()
        rows.append((entry.key, entry))
    close()
    return rows
