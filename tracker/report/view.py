"""The changes as the whole-document view needs them: one record per changed section.

``view_changes`` turns a ``DiffResult`` into records the whole view (``tracker.report.whole``)
can put in place section by section: a renumbered run split into its sections (each keeping the
run's kind and note), the structure notes as records (a repeated copy's paragraphs with them),
and clauses that moved between sections as a departure in one section and an arrival in the
other (both ``moved``, so the two ends can be shown as one move). Two records of one section are
merged.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace

from tracker.models import ChangeKind, ClauseChange, DiffResult, SectionChange, StructureNote

PER_CLAUSE = ("modified", "renamed", "renumbered")  # kinds shown clause by clause in place


def _local_clauses(change: SectionChange, moved_out: list[ClauseChange]) -> tuple[ClauseChange, ...]:
    """A record's clauses as seen from its own section: a clause moved in from another section is
    an addition here, one moved out to another section a removal."""
    out: list[ClauseChange] = []
    for c in change.clauses:
        source = c.moved_from
        if c.kind == "moved" and source is not None and source.section_position != change.old_position:
            out.append(replace(c, old_index=None))  # arrived from another section
        else:
            out.append(c)
    return tuple(out + moved_out)


def _pseudo(
    kind: ChangeKind, old: int | None, new: int | None, clauses: tuple[ClauseChange, ...] = ()
) -> SectionChange:
    return SectionChange(kind, None, None, None, None, old, new, None, None, clauses, editorial=True)


def view_changes(diff: DiffResult) -> list[SectionChange]:
    """One record per changed section, as the whole view needs them: a renumbered run split into
    its sections, structure notes as records, clauses that moved between sections as a removal
    in one and an addition in the other (so accepting or rejecting every change still gives
    exactly one version)."""
    moved_out: dict[int, list[ClauseChange]] = defaultdict(list)
    for change in diff.changes:
        for c in change.clauses:
            source = c.moved_from
            if c.kind == "moved" and source is not None and source.section_position != change.old_position:
                moved_out[source.section_position].append(replace(c, new_index=None, old_index=source.clause_index))
    out: list[SectionChange] = []
    by_new: dict[int | None, SectionChange] = {}
    for change in diff.changes:
        if change.kind == "renumbered" and change.renumbered:
            for h in change.renumbered:
                _add(out, by_new, replace(_pseudo("renumbered", h.old_position, h.new_position), note=change.note))
            continue
        local = _local_clauses(
            change, moved_out.pop(change.old_position, []) if change.old_position is not None else []
        )
        kind: ChangeKind = "modified" if change.kind == "renumbered" else change.kind
        _add(out, by_new, replace(change, kind=kind, clauses=local))
    for note in diff.structure:
        clauses = tuple(moved_out.pop(note.old_position, [])) if note.old_position is not None else ()
        clauses += note.clauses  # a repeated copy's removed (added) paragraphs
        _add(out, by_new, _pseudo(_note_kind(note), note.old_position, note.new_position, clauses))
    return out


def _add(out: list[SectionChange], by_new: dict[int | None, SectionChange], record: SectionChange) -> None:
    """Add a record, or merge it into the one already there for the same section (its clause
    changes joined; a renumbered run's note kept on the section's own record)."""
    twin = by_new.get(record.new_position) if record.kind in PER_CLAUSE else None
    if twin is not None and twin.old_position == record.old_position:
        keep, other = (record, twin) if twin.kind == "renumbered" else (twin, record)
        merged = replace(keep, clauses=twin.clauses + record.clauses, note=keep.note or other.note)
        out[out.index(twin)] = merged
        by_new[record.new_position] = merged
        return
    out.append(record)
    if record.kind in PER_CLAUSE:
        by_new[record.new_position] = record


def _note_kind(note: StructureNote) -> ChangeKind:
    """The kind of record a structure note stands for in the whole view."""
    if note.kind == "heading_moved":
        return "moved"
    if note.new_position is None:
        return "removed"
    return "added" if note.old_position is None else "modified"
