"""Renumbering: sections whose heading number alone shifted become one editorial record per run.

A matched section is *renumbered* when its heading differs only by its leading number
("3. Disclosure" → "4. Disclosure", as ``heading_key`` folds it) and both numbers are there.
Consecutive renumbered sections (in old order, with no other matched section between them;
sections added or removed in between do not break a run) make one ``renumbered`` record that
names the range, "sections 3–10 renumbered to 4–11", and lists each heading in
``renumbered``. A renumbered section with nothing else changed has no record of its own; one
whose text also changed keeps a ``modified`` record for that text.
"""

from __future__ import annotations

import re

from tracker.diff.draft import Draft
from tracker.models import HeadingChange, SectionChange

_NUMBER = re.compile(r"^\s*(?:§\s*)?([\dIVXivx]+(?:\.\d+)*)[.):]?\s+")


def heading_number(heading: str) -> str | None:
    """The leading number of a heading as written ("4.2" of "4.2. Cookies"), or None."""
    found = _NUMBER.match(heading)
    return found.group(1) if found else None


def _is_renumbered(draft: Draft) -> bool:
    if draft.old is None or draft.new is None or draft.moved or draft.kind not in ("renamed", "modified"):
        return False
    if not draft.heading_changed or draft.heading_reworded:
        return False
    before, after = heading_number(draft.old.heading), heading_number(draft.new.heading)
    return before is not None and after is not None and before != after


def _runs(candidates: list[Draft], other_matched: set[int]) -> list[list[Draft]]:
    runs: list[list[Draft]] = []
    for draft in candidates:
        start = runs[-1][-1].old_pos if runs else None
        here = draft.old_pos or 0
        if start is not None and not any(start < i < here for i in other_matched):
            runs[-1].append(draft)
        else:
            runs.append([draft])
    return runs


def renumber_note(headings: tuple[HeadingChange, ...]) -> str:
    """ "sections 3–10 renumbered to 4–11" (or "section 3 renumbered to 4") for a run."""
    first, last = headings[0], headings[-1]
    old_first, new_first = heading_number(first.old_heading), heading_number(first.new_heading)
    if len(headings) == 1:
        return f"section {old_first} renumbered to {new_first}"
    old_last, new_last = heading_number(last.old_heading), heading_number(last.new_heading)
    return f"sections {old_first}–{old_last} renumbered to {new_first}–{new_last}"


def _record(run: list[Draft]) -> SectionChange:
    headings = tuple(
        HeadingChange(d.old_pos or 0, d.new_pos or 0, d.old.heading if d.old else "", d.new.heading if d.new else "")
        for d in run
    )
    first = run[0]
    return SectionChange(
        kind="renumbered",
        old_section_id=first.old.id if first.old else None,
        new_section_id=first.new.id if first.new else None,
        old_heading=headings[0].old_heading,
        new_heading=headings[0].new_heading,
        old_position=first.old_pos,
        new_position=first.new_pos,
        old_text=None,
        new_text=None,
        editorial=True,
        renumbered=headings,
        note=renumber_note(headings),
    )


def group_renumbering(drafts: list[Draft], matched_old: set[int]) -> tuple[list[Draft], list[SectionChange]]:
    """The drafts left once renumbered sections are taken out, and one record per renumbered run."""
    candidates = sorted((d for d in drafts if _is_renumbered(d)), key=lambda d: d.old_pos or 0)
    if not candidates:
        return drafts, []
    renumbered = {d.old_pos for d in candidates}
    runs = _runs(candidates, {i for i in matched_old if i not in renumbered})
    chosen = {id(d) for d in candidates}
    kept: list[Draft] = []
    for draft in drafts:
        if id(draft) in chosen:
            if not draft.clauses:
                continue
            draft.kind = "modified"  # its heading's new number is in the renumbered record
        kept.append(draft)
    return kept, [_record(run) for run in runs]
