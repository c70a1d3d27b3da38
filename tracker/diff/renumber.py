"""Renumbering: sections whose heading number alone shifted become one editorial record per run.

A matched section is *renumbered* when its heading differs only by its leading number
("3. Disclosure" → "4. Disclosure", as ``heading_key`` folds it) and both numbers are there.
Consecutive renumbered sections (in old order, with no other matched *numbered* section between
them; unnumbered sub-sections, and sections added or removed, in between do not break a run)
make one ``renumbered`` record that names the range, "sections 3–10 renumbered to 4–11", and lists each heading in
``renumbered``. A renumbered section with nothing else changed has no record of its own; one
whose text also changed keeps a ``modified`` record for that text.

Numbered *clauses* too: clauses of one section whose text differs only by a changed leading
number ("6.1 You are …" → "6.5 You are …") leave that section's record and make one
``renumbered`` record for the section, "clauses 6.1–6.4 renumbered to 6.5–6.8", whose
``clauses`` keep the number redlines. Clauses that only gained or lost a number written with its
dot or bracket ("Why …" → "2. Why …") join that record, or make one ("clause numbered 2 in …")
when they are all that changed in the section; otherwise they stay editorial ``modified`` clauses.
"""

from __future__ import annotations

import re
from collections import Counter

from tracker.diff.draft import Draft
from tracker.diff.words import HEADING_NUMBER, cosmetic_key
from tracker.models import ClauseChange, HeadingChange, SectionChange

# "6.1 ", "6.1. ", "(b) ", "b) ", "iv. ": a letter or roman numeral only with its bracket or dot
_CLAUSE_NUMBER = re.compile(
    r"^\s*(?:\((?P<p>[0-9]+|[ivxlc]{1,6}|[a-z])\)|(?P<n>[0-9]+(?:\.[0-9]+)*)[.)]?|(?P<l>[ivxlc]{1,6}|[a-z])[.)])\s+",
    re.IGNORECASE,
)
# a number gained or lost counts only written as a number: "2. ", "4.2. ", "(b) ", "b) ", "iv. "
_MARKED_NUMBER = re.compile(
    r"^\s*(?:\((?:[0-9]+|[ivxlc]{1,6}|[a-z])\)|[0-9]+(?:\.[0-9]+)*[.)]|(?:[ivxlc]{1,6}|[a-z])[.)])\s+", re.IGNORECASE
)


def heading_number(heading: str) -> str | None:
    """The leading number of a heading as written ("4.2" of "4.2. Cookies"), or None."""
    found = HEADING_NUMBER.match(heading)
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
    """The drafts left once renumbered sections are taken out, and one record per renumbered run
    (``matched_old``: old indexes of the matched sections with a numbered heading)."""
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


def _clause_number(text: str | None) -> tuple[str, str] | None:
    found = _CLAUSE_NUMBER.match(text or "")
    if not found:
        return None
    label = found.group("p") or found.group("n") or found.group("l")
    return label, cosmetic_key((text or "")[found.end() :])


def _bare_number(text: str | None) -> int | None:
    """The leading number of ``text`` when it is written bare ("21 Harbour Street", "16 years"),
    neither dotted ("6.1 ") nor marked ("4. ", "(2) "), or None."""
    found = _CLAUSE_NUMBER.match(text or "")
    number = found.group("n") if found else None
    if not number or "." in number or _MARKED_NUMBER.match(text or ""):
        return None
    return int(number)


def _without_lone_bare_numbers(shifted: list[ClauseChange]) -> list[ClauseChange]:
    """``shifted`` less the clauses whose bare leading number changed alone: a bare number may be a
    list's ("1 Cookies" → "2 Cookies", items shifted together) or what the clause states (a house
    number, an age, a number of days), so it counts as renumbering only when another clause of the
    section shifts by the same amount."""
    shifts = [_bare_shift(c) for c in shifted]
    runs = Counter(shift for shift in shifts if shift is not None)
    return [c for c, shift in zip(shifted, shifts, strict=True) if shift is None or runs[shift] >= 2]


def _bare_shift(change: ClauseChange) -> int | None:
    """How far a clause's bare leading number moved (new − old), or None when either is not bare."""
    before, after = _bare_number(change.old_text), _bare_number(change.new_text)
    return None if before is None or after is None else after - before


def _number_shifted(change: ClauseChange) -> bool:
    """A modified clause whose text differs only by its leading number ("6.1 …" → "6.5 …")."""
    if change.kind != "modified":
        return False
    before, after = _clause_number(change.old_text), _clause_number(change.new_text)
    return before is not None and after is not None and before[0] != after[0] and before[1] == after[1]


def _number_gained_or_lost(change: ClauseChange) -> bool:
    """A modified clause that only gained or lost a number written with its dot or bracket
    ("Why …" → "2. Why …")."""
    if change.kind != "modified":
        return False
    before, after = _clause_number(change.old_text), _clause_number(change.new_text)
    if (before is None) == (after is None):
        return False
    numbered, plain = (change.new_text, change.old_text) if after else (change.old_text, change.new_text)
    found = after or before
    marked = _MARKED_NUMBER.match(numbered or "") is not None
    return found is not None and marked and found[1] == cosmetic_key(plain or "")


def _numbers_note(clauses: list[ClauseChange], heading: str) -> str:
    """ "clauses 6.1–6.4 renumbered to 6.5–6.8 in “6. Your account”", or for numbers gained or lost
    "clause numbered 2 in …", "number 2 taken off a clause in …", "numbering of 3 clauses changed in …"."""
    olds = [_clause_number(c.old_text) for c in clauses]
    news = [_clause_number(c.new_text) for c in clauses]
    first, last, new_first, new_last = olds[0], olds[-1], news[0], news[-1]
    if all(olds) and all(news) and first and last and new_first and new_last:
        if len(clauses) == 1:
            return f"clause {first[0]} renumbered to {new_first[0]} in “{heading}”"
        return f"clauses {first[0]}–{last[0]} renumbered to {new_first[0]}–{new_last[0]} in “{heading}”"
    if len(clauses) > 1:
        return f"numbering of {len(clauses)} clauses changed in “{heading}”"
    if new_first:
        return f"clause numbered {new_first[0]} in “{heading}”"
    return f"number {first[0] if first else ''} taken off a clause in “{heading}”"


def _clause_record(draft: Draft, clauses: list[ClauseChange]) -> SectionChange:
    heading = draft.new.heading if draft.new else ""
    note = _numbers_note(clauses, heading)
    old, new = draft.old, draft.new
    return SectionChange(
        kind="renumbered",
        old_section_id=old.id if old else None,
        new_section_id=new.id if new else None,
        old_heading=old.heading if old else None,
        new_heading=heading,
        old_position=draft.old_pos,
        new_position=draft.new_pos,
        old_text=None,
        new_text=None,
        clauses=tuple(clauses),
        editorial=True,
        note=note,
    )


def group_clause_renumbering(drafts: list[Draft]) -> tuple[list[Draft], list[SectionChange]]:
    """Take renumbered clauses out of each matched section's draft; one record per such section.
    Returns the drafts that still hold something and the records."""
    records: list[SectionChange] = []
    kept: list[Draft] = []
    for draft in drafts:
        shifted = [c for c in draft.clauses if _number_shifted(c)] if draft.old and draft.new else []
        shifted = _without_lone_bare_numbers(shifted)
        gained = [c for c in draft.clauses if _number_gained_or_lost(c)] if draft.old and draft.new else []
        if gained and (shifted or len(gained) == len(draft.clauses)):
            shifted += gained  # numbers gained or lost join a renumbering, or are all that changed
        if shifted:
            taken = {id(c) for c in shifted}
            draft.clauses = [c for c in draft.clauses if id(c) not in taken]
            shifted.sort(key=lambda c: c.new_index or 0)
            records.append(_clause_record(draft, shifted))
            left = draft.clauses or draft.moved or draft.reflowed or draft.heading_changed or draft.kind != "modified"
            if not left:
                continue  # nothing left: the renumbered record is this section's record
        kept.append(draft)
    return kept, records
