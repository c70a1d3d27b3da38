"""Text that changed place: sections split or merged, clauses moved (and perhaps edited).

Every rule here needs the moved text on both sides, so nothing is called a move, split or
merge that the text does not show:

- **Split**: an unmatched new section whose clauses (≥ ``SPLIT_SHARE``) are clauses removed
  from a matched old section. **Merge**: the reverse.
- **Moved clause**: a clause removed in one place and added in another, inside its section or
  across sections, either with the same text or with a similar one (rapidfuzz ``ratio`` ≥
  ``MOVE_CUTOFF`` on clauses of ``MOVE_MIN_CHARS``+ characters). It becomes one ``moved``
  clause record, kept in the record of the section it moved *to*, with ``moved_from`` /
  ``moved_to`` positions and, when edited, its word-level redline; the removal it replaces
  leaves the record of the section it came from.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from tracker.diff.align import Alignment
from tracker.diff.draft import Draft
from tracker.diff.fuzzy import RatioChoices
from tracker.diff.runs import pool_index, sharing
from tracker.diff.words import cosmetic_key, editorial_key, word_diff
from tracker.models import ClauseChange, ClausePosition, PolicyDocument, Section

SPLIT_SHARE = 0.6  # share of a section's clauses that must come from one other section
MOVE_CUTOFF = 75.0  # similarity (0-100) of a removed and an added clause for "moved and edited"
MOVE_MIN_CHARS = 30  # shorter clauses move only unchanged (a short similar text proves nothing)
EXACT_MOVE_MIN_CHARS = 20  # across sections, shorter identical clauses are not called moves
FUZZY_MOVE_BUDGET = 250_000  # removed x added comparisons; past it (a rewrite) only exact moves


def _pool(changes: list[ClauseChange], side: str) -> frozenset[str]:
    """Keys of the clauses removed (side=old) or added (side=new) in a pair's clause changes."""
    if side == "old":
        return frozenset(cosmetic_key(c.old_text or "") for c in changes if c.kind == "removed")
    return frozenset(cosmetic_key(c.new_text or "") for c in changes if c.kind == "added")


def _share(part: Section, pool: frozenset[str]) -> float:
    if not part.clauses or not pool:
        return 0.0
    return sum(1 for c in part.clauses if cosmetic_key(c.text) in pool) / len(part.clauses)


class _Owners:
    """The pair drafts (in order) and an inverted index of the clause keys they removed or added,
    so finding the draft a section was split from costs the drafts sharing one of its clauses,
    not every draft (a page of 50,000 sections would otherwise cost removed × drafts)."""

    def __init__(self, drafts: dict[int, Draft], side: str) -> None:
        self.order = list(drafts)
        self.pools = [_pool(drafts[i].clauses, side) for i in self.order]
        self.index = pool_index(self.pools)

    def first(self, part: Section) -> int | None:
        """The first draft (in draft order) holding at least ``SPLIT_SHARE`` of ``part``'s clauses."""
        keys = {cosmetic_key(c.text) for c in part.clauses}
        for k in sharing(self.index, keys):
            if _share(part, self.pools[k]) >= SPLIT_SHARE:
                return self.order[k]
        return None


def _without(clauses: list[ClauseChange], kind: str, texts: Counter[str]) -> list[ClauseChange]:
    """The clause changes less one ``kind`` record per copy of a text in ``texts`` (a text the
    other parts of a split/merge hold twice accounts for two records, not for every copy)."""
    left = Counter(texts)
    kept: list[ClauseChange] = []
    for c in clauses:
        key = cosmetic_key((c.old_text if kind == "removed" else c.new_text) or "") if c.kind == kind else None
        if key is not None and left[key] > 0:
            left[key] -= 1
            continue
        kept.append(c)
    return kept


def apply_splits_and_merges(
    alignment: Alignment, drafts: dict[int, Draft], old: PolicyDocument, new: PolicyDocument
) -> tuple[set[int], set[int]]:
    """Turn pair drafts (keyed by old index) into split/merged records; return the old and new
    section indexes they consumed."""
    consumed_old: set[int] = set()
    consumed_new: set[int] = set()
    split_into: dict[int, list[int]] = defaultdict(list)
    merged_from: dict[int, list[int]] = defaultdict(list)
    removed, added = _Owners(drafts, "old"), _Owners(drafts, "new")
    for j in alignment.unmatched_new:
        owner = removed.first(new.sections[j])
        if owner is not None:
            split_into[owner].append(j)
            consumed_new.add(j)
    for i in alignment.unmatched_old:
        owner = added.first(old.sections[i])
        if owner is not None:
            merged_from[owner].append(i)
            consumed_old.add(i)
    for i, parts in split_into.items():
        draft = drafts[i]
        out = Counter(cosmetic_key(c.text) for j in parts for c in new.sections[j].clauses)
        draft.clauses = _without(draft.clauses, "removed", out)
        draft.kind = "split"
        draft.new_ids = tuple(new.sections[j].id for j in sorted([draft.new_pos or 0, *parts]))
    for k, parts in merged_from.items():
        draft = drafts[k]
        if draft.kind == "split":
            continue  # a section both split and merged keeps its split; the merged part's text shows as added
        into = Counter(cosmetic_key(c.text) for i in parts for c in old.sections[i].clauses)
        draft.clauses = _without(draft.clauses, "added", into)
        draft.kind = "merged"
        draft.old_ids = tuple(old.sections[i].id for i in sorted([draft.old_pos or 0, *parts]))
    return consumed_old, consumed_new


def _position(section: Section | None, pos: int | None, index: int | None) -> ClausePosition:
    assert section is not None and pos is not None and index is not None
    return ClausePosition(pos, section.id, section.heading, index)


def _taken_by_identical(identical: list[tuple[float, int, int]]) -> set[int]:
    """The removed clauses ``apply_clause_moves`` pairs by an identical move (``identical``: its
    candidates scored 101, in (removed, added) order). They come before every similar candidate
    (scored under 100) and each pairing uses a removed and an added clause once, so which ones
    they take does not depend on the similar candidates: the same walk, here on them alone."""
    used_a: set[int] = set()
    used_b: set[int] = set()
    for _, a, b in identical:
        if a not in used_a and b not in used_b:
            used_a.add(a)
            used_b.add(b)
    return used_a


def _candidates(
    removed: list[tuple[int, ClauseChange]], added: list[tuple[int, ClauseChange]]
) -> list[tuple[float, int, int]]:
    """(score, index in removed, index in added) of every plausible move, best first; a removed
    clause that an identical move takes has no similar candidates (they could never be taken)."""
    found: list[tuple[float, int, int]] = []
    waiting: dict[str, list[int]] = defaultdict(list)
    for b, (_, change) in enumerate(added):
        waiting[cosmetic_key(change.new_text or "")].append(b)
    for a, (d, change) in enumerate(removed):
        key = cosmetic_key(change.old_text or "")
        for b in waiting.get(key, ()):
            if added[b][0] == d or len(key) >= EXACT_MOVE_MIN_CHARS:
                found.append((101.0, a, b))
    if len(removed) * len(added) <= FUZZY_MOVE_BUDGET:
        texts = [cosmetic_key(c.new_text or "") for _, c in added]
        by_ratio = RatioChoices(texts)
        taken = _taken_by_identical(found)
        for a, (_, change) in enumerate(removed):
            key = cosmetic_key(change.old_text or "")
            if len(key) < MOVE_MIN_CHARS or a in taken:
                continue
            for _, score, b in by_ratio.extract(key, MOVE_CUTOFF, 3):
                if len(texts[b]) >= MOVE_MIN_CHARS and score < 100:
                    found.append((float(score), a, b))
    found.sort(key=lambda f: (-f[0], f[1], f[2]))
    return found


def moved_record(source: Draft, change: ClauseChange, target: Draft, arrival: ClauseChange) -> ClauseChange:
    """One ``moved`` record for ``change`` (removed from ``source``) arriving as ``arrival`` in ``target``."""
    old_text, new_text = change.old_text or "", arrival.new_text or ""
    same = cosmetic_key(old_text) == cosmetic_key(new_text)
    return ClauseChange(
        kind="moved",
        old_text=old_text,
        new_text=new_text,
        old_index=change.old_index,
        new_index=arrival.new_index,
        words=() if same else word_diff(old_text, new_text),
        editorial=(source is target) and editorial_key(old_text) == editorial_key(new_text),
        moved_from=_position(source.old, source.old_pos, change.old_index),
        moved_to=_position(target.new, target.new_pos, arrival.new_index),
    )


def apply_clause_moves(drafts: list[Draft]) -> int:
    """Replace each removed+added pair of the same (or similar) clause by one ``moved`` record
    in the destination's draft; returns how many moves were found."""
    removed = [(d, c) for d, draft in enumerate(drafts) for c in draft.clauses if c.kind == "removed"]
    added = [(d, c) for d, draft in enumerate(drafts) for c in draft.clauses if c.kind == "added"]
    if not removed or not added:
        return 0
    used_a: set[int] = set()
    used_b: set[int] = set()
    gone: set[int] = set()  # ids of the removed/added clause records replaced
    arrivals: list[tuple[int, ClauseChange]] = []
    for _, a, b in _candidates(removed, added):
        if a in used_a or b in used_b:
            continue
        used_a.add(a)
        used_b.add(b)
        (ds, change), (dt, arrival) = removed[a], added[b]
        gone.update((id(change), id(arrival)))
        arrivals.append((dt, moved_record(drafts[ds], change, drafts[dt], arrival)))
    for draft in drafts:
        draft.clauses = [c for c in draft.clauses if id(c) not in gone]
    for dt, record in arrivals:
        drafts[dt].clauses.append(record)
    return len(arrivals)
