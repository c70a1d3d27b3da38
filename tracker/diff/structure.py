"""The empty-record rule: a record that holds no changed text becomes a structure note or goes.

After moves and renumbering, a draft is *empty* when it has no clause change and its heading
did not change, and it is not a split, a merge or a section moved with its text. Then:

- an added or removed section with no text of its own (a bare heading, or one whose every
  clause moved elsewhere) → note ``heading_added`` / ``heading_removed``;
- a moved section with no text → note ``heading_moved``;
- a matched section whose only difference is its text cut into paragraphs differently →
  note ``reflowed``;
- a matched section whose only change was clauses moving out → note ``moved_out`` (the
  ``moved`` clause records, in the sections they moved to, name it in ``moved_from``).

Nothing is dropped: every section that differs is in a record or a note.
"""

from __future__ import annotations

from tracker.diff.draft import Draft
from tracker.models import OPENING_SECTION, StructureNote


def _label(heading: str | None, position: int | None) -> str:
    where = f"§{position + 1}" if position is not None else "§?"
    return f"“{heading}” ({where})" if heading else f"{OPENING_SECTION} ({where})"


def is_empty(draft: Draft) -> bool:
    """The draft holds no changed text: no clause change, no heading change, not a split, a merge
    or a section moved with its text."""
    if draft.clauses or draft.heading_changed or draft.kind in ("split", "merged"):
        return False
    section = draft.new or draft.old
    return not (draft.kind == "moved" and section is not None and section.clauses)


def _note(draft: Draft) -> StructureNote:
    old_heading = draft.old.heading if draft.old else None
    new_heading = draft.new.heading if draft.new else None
    args = (draft.old_pos, draft.new_pos, old_heading, new_heading)
    if draft.kind == "added":
        return StructureNote("heading_added", f"heading {_label(new_heading, draft.new_pos)} added", *args)
    if draft.kind == "removed":
        return StructureNote("heading_removed", f"heading {_label(old_heading, draft.old_pos)} removed", *args)
    if draft.kind == "moved":
        where = f"§{(draft.old_pos or 0) + 1} to §{(draft.new_pos or 0) + 1}"
        return StructureNote("heading_moved", f"heading {_label(new_heading, draft.new_pos)} moved from {where}", *args)
    if draft.reflowed:
        text = f"text of {_label(new_heading, draft.new_pos)} cut into paragraphs differently"
        return StructureNote("reflowed", text, *args)
    return StructureNote("moved_out", f"text of {_label(old_heading, draft.old_pos)} moved to other sections", *args)


def fold_empty(drafts: list[Draft]) -> tuple[list[Draft], list[StructureNote]]:
    """The drafts that hold changed text, and the structure notes of those that do not."""
    kept: list[Draft] = []
    notes: list[StructureNote] = []
    for draft in drafts:
        if not is_empty(draft):
            kept.append(draft)
            continue
        notes.append(_note(draft))
    return kept, notes
