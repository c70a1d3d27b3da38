"""A repeated block that lost (or gained) a copy: the same paragraphs still stand elsewhere.

A page can carry the same block twice (the paragraphs of a section printed twice in a row). A
new version that drops one copy removed no text a reader loses, yet as a record it shows those
paragraphs struck out as if the policy no longer said them. After moves:

- in a section that is there in both versions, a run of ``MIN_BLOCK`` or more consecutive
  removed clauses whose texts stand, in the same order, as consecutive clauses of one section
  of the new version *and* of another place in the old version (the old version held the block
  twice, the new one still holds it) leaves its record and becomes a ``repeat_removed``
  structure note that carries those clause records and names where the copy stands;
- the reverse, ``repeat_added``: a run of added clauses that the new version now holds twice,
  standing in both versions elsewhere.

A single paragraph is never folded: the same sentence in two places can say two things (a list
of recipients under "Sharing" and the same entry under "Retention"); nor is a section added or
removed with its heading (a reader sees a named part appear or go: "Cookie Statement" removed
stays a ``removed`` record even when its text repeats another section's). A record left with
nothing is dropped (its note says everything); one with other changes keeps them.
"""

from __future__ import annotations

from collections import defaultdict

from tracker.diff.draft import Draft
from tracker.diff.structure import is_empty
from tracker.diff.words import cosmetic_key
from tracker.models import OPENING_SECTION, ClauseChange, PolicyDocument, StructureKind, StructureNote

MIN_BLOCK = 2  # paragraphs in a row; one paragraph repeated is content, not a copy


class _Places:
    """Where each run of clause texts stands in one version: (section, first clause) lookups."""

    def __init__(self, document: PolicyDocument) -> None:
        self.keys = [[cosmetic_key(c.text) for c in s.clauses] for s in document.sections]
        self.starts: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for i, keys in enumerate(self.keys):
            for k, key in enumerate(keys):
                self.starts[key].append((i, k))

    def find(self, run: list[str], skip: tuple[int, int] | None = None) -> tuple[int, int] | None:
        """The first place the run stands as consecutive clauses of one section (not at ``skip``)."""
        for i, k in self.starts.get(run[0], ()):
            if (i, k) != skip and self.keys[i][k : k + len(run)] == run:
                return i, k
        return None


def _runs(changes: list[ClauseChange], kind: str) -> list[list[ClauseChange]]:
    """The ``kind`` clause records cut into runs of consecutive clause indexes."""
    index = (lambda c: c.old_index or 0) if kind == "removed" else (lambda c: c.new_index or 0)
    picked = sorted((c for c in changes if c.kind == kind), key=index)
    runs: list[list[ClauseChange]] = []
    for c in picked:
        if runs and index(c) == index(runs[-1][-1]) + 1:
            runs[-1].append(c)
        else:
            runs.append([c])
    return [r for r in runs if len(r) >= MIN_BLOCK]


def _span(first: int, count: int) -> str:
    return f"paragraph {first + 1}" if count == 1 else f"paragraphs {first + 1}–{first + count}"


def _note(draft: Draft, run: list[ClauseChange], kind: str, stands: tuple[int, int], heading: str) -> StructureNote:
    removed = kind == "removed"
    section = draft.old if removed else draft.new
    pos = draft.old_pos if removed else draft.new_pos
    first = (run[0].old_index if removed else run[0].new_index) or 0
    name = (
        f"“{section.heading}” (§{(pos or 0) + 1})"
        if section and section.heading
        else f"{OPENING_SECTION} (§{(pos or 0) + 1})"
    )
    what = f"{_span(first, len(run))} of {name} {kind}"
    where = f"§{stands[0] + 1}" + (f" “{heading}”" if heading else "")
    stays = "which stay" if removed else "which were there already"
    text = f"{what}: a repeated copy of {where}, {_span(stands[1], len(run))}, {stays}"
    old_heading = draft.old.heading if draft.old else None
    new_heading = draft.new.heading if draft.new else None
    note_kind: StructureKind = "repeat_removed" if removed else "repeat_added"
    return StructureNote(note_kind, text, draft.old_pos, draft.new_pos, old_heading, new_heading, tuple(run))


def _copies(
    draft: Draft, kind: str, here: _Places, there: _Places, new_doc: PolicyDocument
) -> list[tuple[list[ClauseChange], tuple[int, int], str]]:
    """Runs of this draft's ``kind`` clauses that are a copy: (run, the place of the other copy
    in the new version, its section's heading)."""
    pos = draft.old_pos if kind == "removed" else draft.new_pos
    found = []
    for run in _runs(draft.clauses, kind):
        keys = [cosmetic_key((c.old_text if kind == "removed" else c.new_text) or "") for c in run]
        first = (run[0].old_index if kind == "removed" else run[0].new_index) or 0
        stands, other = there.find(keys), (here.find(keys, skip=(pos, first)) if pos is not None else None)
        if stands is not None and other is not None:
            copy = stands if kind == "removed" else other  # the copy the new version holds besides
            found.append((run, copy, new_doc.sections[copy[0]].heading))
    return found


def fold_repeated_copies(
    drafts: list[Draft], old: PolicyDocument, new: PolicyDocument
) -> tuple[list[Draft], list[StructureNote]]:
    """The drafts without the clauses of dropped (or added) repeated copies, and a note per copy."""
    old_places, new_places = _Places(old), _Places(new)
    moved_from = {c.moved_from.section_position for d in drafts for c in d.clauses if c.moved_from is not None}
    notes: list[StructureNote] = []
    kept: list[Draft] = []
    for draft in drafts:
        if draft.old is None or draft.new is None:
            kept.append(draft)  # a section added or removed with its heading is a record, copy or not
            continue
        folded: set[int] = set()
        copies = [("removed", r) for r in _copies(draft, "removed", old_places, new_places, new)]
        copies += [("added", r) for r in _copies(draft, "added", new_places, old_places, new)]
        for kind, (run, stands, heading) in copies:
            notes.append(_note(draft, run, kind, stands, heading))
            folded.update(id(c) for c in run)
        if folded:
            draft.clauses = [c for c in draft.clauses if id(c) not in folded]
            if is_empty(draft) and draft.old_pos not in moved_from:
                continue  # the notes say all there was
        kept.append(draft)
    return kept, notes
