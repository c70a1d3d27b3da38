"""Clause-aware comparison of two versions of a policy.

1. **Sections are aligned**: first by heading (numbering, case and punctuation folded, so a
   renumbered "4. Sharing" → "5. Sharing" still matches), then the leftovers by content
   similarity (rapidfuzz), so a renamed heading ("Cookies" → "Cookies and Similar Technologies")
   is recognised as the same section. Matched pairs whose relative order changed are *moves*:
   the longest increasing subsequence of new positions stays put, the rest moved, so one
   moved section is reported once, not as every section around it.
2. **Splits and merges**: a new section with no match whose clauses came from a matched old
   section is a *split* of it; an old section with no match whose clauses landed in a matched
   new section was *merged* into it.
3. **Clauses are aligned** inside each pair (exact, then fuzzy), and modified clauses get a
   word-level redline (``tracker.diff.words``).
4. Every change says whether it is *editorial only* (punctuation, case, numbering, spelling
   variants); whitespace and quote style are not changes at all.

Cost: exact hash matching handles the unchanged bulk, fuzzy matching only leftovers; long clause
lists are cut at anchors first (``tracker.diff.runs``); the loops spend the ``tracker.budget``.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from tracker.budget import spend
from tracker.diff.runs import changed_runs, longest_increasing, pool_index, sharing
from tracker.diff.words import cosmetic_key, editorial_key, heading_key, is_date_line_change, word_diff
from tracker.models import (
    ChangeKind,
    Clause,
    ClauseChange,
    DiffResult,
    DocumentRef,
    PolicyDocument,
    Section,
    SectionChange,
)

SECTION_MATCH_CUTOFF = 55.0  # content similarity (0-100) for matching sections with different headings
HEADING_MATCH_CUTOFF = 60.0  # heading similarity that, with some shared content, also matches
CLAUSE_MATCH_CUTOFF = 50.0  # similarity for pairing a removed and an added clause as "modified"
SPLIT_SHARE = 0.6  # share of a section's clauses that must come from one other section


@dataclass
class _SectionPair:
    old_index: int
    new_index: int
    similarity: float
    moved: bool = False


@dataclass
class _Alignment:
    pairs: list[_SectionPair] = field(default_factory=list)
    unmatched_old: list[int] = field(default_factory=list)
    unmatched_new: list[int] = field(default_factory=list)


def _section_key_text(section: Section) -> str:
    return " ".join(cosmetic_key(c.text) for c in section.clauses)


def _align_sections(old: PolicyDocument, new: PolicyDocument) -> _Alignment:
    by_heading: dict[str, list[int]] = defaultdict(list)
    for j, section in enumerate(new.sections):
        by_heading[heading_key(section.heading)].append(j)
    used_new: set[int] = set()
    pairs: list[_SectionPair] = []
    leftover_old: list[int] = []
    # lists are taken from the front: a cursor, not n² look-ups on a page repeating one heading
    taken_heading: dict[str, int] = defaultdict(int)
    for i, section in enumerate(old.sections):
        key = heading_key(section.heading)
        same_heading = by_heading.get(key, [])
        if taken_heading[key] < len(same_heading):
            j = same_heading[taken_heading[key]]
            taken_heading[key] += 1
            used_new.add(j)
            pairs.append(_SectionPair(i, j, 100.0))
        else:
            leftover_old.append(i)
    leftover_new = [j for j in range(len(new.sections)) if j not in used_new]

    # Sections whose heading changed but whose text did not: exact key match, no fuzzing.
    by_text: dict[str, list[int]] = defaultdict(list)
    for j in leftover_new:
        by_text[_section_key_text(new.sections[j])].append(j)
    still_old: list[int] = []
    taken_text: dict[str, int] = defaultdict(int)
    for i in leftover_old:
        key = _section_key_text(old.sections[i])
        same = by_text.get(key, [])
        if taken_text[key] < len(same) and old.sections[i].clauses:
            used_new.add(same[taken_text[key]])
            pairs.append(_SectionPair(i, same[taken_text[key]], 100.0))
            taken_text[key] += 1
        else:
            still_old.append(i)
    leftover_old = still_old
    leftover_new = [j for j in leftover_new if j not in used_new]

    # Content similarity for the rest: rapidfuzz scores each old section against all candidates
    # in C with a cutoff, then best pairs are taken first, each section used once.
    new_keys = list(leftover_new)
    new_texts = [_section_key_text(new.sections[j]) for j in new_keys]
    scored: list[tuple[float, int, int]] = []
    for i in leftover_old:
        spend()
        text = _section_key_text(old.sections[i])
        scorer = fuzz.ratio if len(text) < 4000 else fuzz.token_set_ratio
        head_old = heading_key(old.sections[i].heading)
        if not text:  # a heading with no text of its own: only a similar empty heading matches
            for j in new_keys:
                head = float(fuzz.token_set_ratio(head_old, heading_key(new.sections[j].heading)))
                if not new.sections[j].clauses and head >= 80:
                    scored.append((head, i, j))
            continue
        for _, content, k in process.extract(text, new_texts, scorer=scorer, score_cutoff=30, limit=8):
            j = new_keys[k]
            head = float(fuzz.token_set_ratio(head_old, heading_key(new.sections[j].heading)))
            if content >= SECTION_MATCH_CUTOFF or head >= HEADING_MATCH_CUTOFF:
                scored.append((content + 0.1 * head, i, j))
    scored.sort(reverse=True)
    taken_old: set[int] = set()
    for score, i, j in scored:
        if i in taken_old or j in used_new:
            continue
        taken_old.add(i)
        used_new.add(j)
        pairs.append(_SectionPair(i, j, min(score, 100.0)))
    pairs.sort(key=lambda p: p.old_index)
    _mark_moves(pairs)
    return _Alignment(
        pairs=pairs,
        unmatched_old=[i for i in leftover_old if i not in taken_old],
        unmatched_new=[j for j in leftover_new if j not in used_new],
    )


def _mark_moves(pairs: list[_SectionPair]) -> None:
    """Mark pairs outside the longest increasing subsequence of new positions as moved."""
    keep = longest_increasing([p.new_index for p in pairs])
    for index, pair in enumerate(pairs):
        pair.moved = index not in keep


# --------------------------------------------------------------------------- clauses


def _clause_change(
    kind: ChangeKind, old: Clause | None, new: Clause | None, oi: int | None, ni: int | None
) -> ClauseChange:
    if old is not None and new is not None:
        editorial = editorial_key(old.text) == editorial_key(new.text)
        words = word_diff(old.text, new.text)
        return ClauseChange(kind, old.text, new.text, oi, ni, words, editorial)
    return ClauseChange(kind, old.text if old else None, new.text if new else None, oi, ni)


def _pair_replaced(
    old: tuple[Clause, ...], new: tuple[Clause, ...], old_range: range, new_range: range
) -> list[ClauseChange]:
    """Inside a replaced run, pair similar clauses as modified; the rest are removed/added."""
    changes: list[ClauseChange] = []
    candidates: list[tuple[float, int, int]] = []
    new_indexes = list(new_range)
    new_texts = [cosmetic_key(new[ni].text) for ni in new_indexes]
    for oi in old_range:
        spend()
        a = cosmetic_key(old[oi].text)
        scorer = fuzz.ratio if len(a) < 4000 else fuzz.token_set_ratio
        for _, score, k in process.extract(a, new_texts, scorer=scorer, score_cutoff=CLAUSE_MATCH_CUTOFF, limit=8):
            candidates.append((float(score), oi, new_indexes[k]))
    candidates.sort(key=lambda c: (-c[0], c[1]))
    matched_old: dict[int, int] = {}
    used_new: set[int] = set()
    for _, oi, ni in candidates:
        if oi in matched_old or ni in used_new:
            continue
        # keep pairs in order so the redline reads top to bottom
        if any((o < oi) != (n < ni) for o, n in matched_old.items()):
            continue
        matched_old[oi] = ni
        used_new.add(ni)
    for oi in old_range:
        if oi in matched_old:
            ni = matched_old[oi]
            if is_date_line_change(old[oi].text, new[ni].text):
                continue  # the policy's own date line: reported as DiffResult.date_changed
            changes.append(_clause_change("modified", old[oi], new[ni], oi, ni))
        else:
            changes.append(_clause_change("removed", old[oi], None, oi, None))
    for ni in new_range:
        if ni not in used_new:
            changes.append(_clause_change("added", None, new[ni], None, ni))
    return changes


def diff_clauses(old: tuple[Clause, ...], new: tuple[Clause, ...]) -> list[ClauseChange]:
    """Clause-level changes between two clause lists (cosmetic differences ignored)."""
    keys_old = [cosmetic_key(c.text) for c in old]
    keys_new = [cosmetic_key(c.text) for c in new]
    if keys_old == keys_new:
        return []
    changes: list[ClauseChange] = []
    for i1, i2, j1, j2 in changed_runs(keys_old, keys_new):
        changes.extend(_pair_replaced(old, new, range(i1, i2), range(j1, j2)))
    # A clause removed in one place and added unchanged in another moved within the section.
    removed_at = {cosmetic_key(c.old_text or ""): k for k, c in enumerate(changes) if c.kind == "removed"}
    replaced: dict[int, ClauseChange] = {}
    dropped: set[int] = set()
    for k, change in enumerate(changes):
        source = removed_at.get(cosmetic_key(change.new_text or "")) if change.kind == "added" else None
        if source is not None and source not in replaced:
            original = changes[source]
            replaced[source] = ClauseChange(
                "moved", original.old_text, change.new_text, original.old_index, change.new_index, (), True
            )
            dropped.add(k)
    final = [replaced.get(k, c) for k, c in enumerate(changes) if k not in dropped]
    final.sort(key=lambda c: (c.new_index if c.new_index is not None else (c.old_index or 0), c.kind != "removed"))
    return final


# --------------------------------------------------------------------------- sections


def _section_change(
    kind: ChangeKind,
    old: Section | None,
    new: Section | None,
    old_pos: int | None,
    new_pos: int | None,
    clauses: list[ClauseChange] | tuple[ClauseChange, ...] = (),
    similarity: float | None = None,
    editorial: bool = False,
    old_ids: tuple[str, ...] = (),
    new_ids: tuple[str, ...] = (),
) -> SectionChange:
    return SectionChange(
        kind=kind,
        old_section_id=old.id if old else None,
        new_section_id=new.id if new else None,
        old_heading=old.heading if old else None,
        new_heading=new.heading if new else None,
        old_position=old_pos,
        new_position=new_pos,
        old_text=old.text if old else None,
        new_text=new.text if new else None,
        clauses=tuple(clauses),
        editorial=editorial,
        similarity=None if similarity is None else round(similarity / 100.0, 3),
        old_section_ids=old_ids,
        new_section_ids=new_ids,
    )


def _clause_pool(changes: list[ClauseChange], side: str) -> frozenset[str]:
    """Keys of the clauses removed (side=old) or added (side=new) in a pair's clause changes."""
    if side == "old":
        return frozenset(cosmetic_key(c.old_text or "") for c in changes if c.kind == "removed")
    return frozenset(cosmetic_key(c.new_text or "") for c in changes if c.kind == "added")


def _sharing_pairs(pairs: list[_SectionPair], index: dict[str, list[int]], part: Section) -> list[_SectionPair]:
    """The pairs (in order) whose pool shares a clause with ``part``: the only ones that can score."""
    return [pairs[k] for k in sharing(index, (cosmetic_key(c.text) for c in part.clauses))]


def _clause_share(part: Section, pool: frozenset[str]) -> float:
    """Share of ``part``'s clauses found in ``pool``."""
    if not part.clauses or not pool:
        return 0.0
    hits = sum(1 for c in part.clauses if cosmetic_key(c.text) in pool)
    return hits / len(part.clauses)


def diff_documents(
    old: PolicyDocument,
    new: PolicyDocument,
    *,
    old_ref: DocumentRef,
    new_ref: DocumentRef,
    policy_id: str | None = None,
) -> DiffResult:
    """Every section-level change between two versions, with clause and word detail."""
    cosmetic_key.cache_clear()  # the cache serves one comparison; keeps memory bounded and timings honest
    heading_key.cache_clear()
    alignment = _align_sections(old, new)
    pair_changes: dict[int, list[ClauseChange]] = {}
    for pair in alignment.pairs:
        spend()
        pair_changes[pair.old_index] = diff_clauses(
            old.sections[pair.old_index].clauses, new.sections[pair.new_index].clauses
        )

    changes: list[SectionChange] = []
    unchanged = 0
    consumed_new: set[int] = set()
    consumed_old: set[int] = set()

    # Splits: an unmatched new section made of clauses removed from a matched old section.
    removed_pool = {i: _clause_pool(c, "old") for i, c in pair_changes.items()}
    added_pool = {i: _clause_pool(c, "new") for i, c in pair_changes.items()}
    removed_index = pool_index([removed_pool[p.old_index] for p in alignment.pairs])
    added_index = pool_index([added_pool[p.old_index] for p in alignment.pairs])
    split_into: dict[int, list[int]] = defaultdict(list)
    for j in alignment.unmatched_new:
        for pair in _sharing_pairs(alignment.pairs, removed_index, new.sections[j]):
            if _clause_share(new.sections[j], removed_pool[pair.old_index]) >= SPLIT_SHARE:
                split_into[pair.old_index].append(j)
                consumed_new.add(j)
                break
    # Merges: an unmatched old section whose clauses were added to a matched new section.
    merged_from: dict[int, list[int]] = defaultdict(list)
    for i in alignment.unmatched_old:
        for pair in _sharing_pairs(alignment.pairs, added_index, old.sections[i]):
            if _clause_share(old.sections[i], added_pool[pair.old_index]) >= SPLIT_SHARE:
                merged_from[pair.old_index].append(i)
                consumed_old.add(i)
                break

    for pair in alignment.pairs:
        o, n = old.sections[pair.old_index], new.sections[pair.new_index]
        clause_changes = pair_changes[pair.old_index]
        if pair.old_index in split_into:
            parts = split_into[pair.old_index]
            moved_out = {cosmetic_key(c.text) for j in parts for c in new.sections[j].clauses}
            remaining = [
                c for c in clause_changes if not (c.kind == "removed" and cosmetic_key(c.old_text or "") in moved_out)
            ]
            changes.append(
                _section_change(
                    "split", o, n, pair.old_index, pair.new_index, remaining, pair.similarity,
                    editorial=False, new_ids=tuple(new.sections[j].id for j in sorted([pair.new_index, *parts])),
                )
            )  # fmt: skip
            continue
        if pair.old_index in merged_from:
            parts = merged_from[pair.old_index]
            moved_in = {cosmetic_key(c.text) for i in parts for c in old.sections[i].clauses}
            remaining = [
                c for c in clause_changes if not (c.kind == "added" and cosmetic_key(c.new_text or "") in moved_in)
            ]
            changes.append(
                _section_change(
                    "merged", o, n, pair.old_index, pair.new_index, remaining, pair.similarity,
                    editorial=False, old_ids=tuple(old.sections[i].id for i in sorted([pair.old_index, *parts])),
                )
            )  # fmt: skip
            continue
        heading_changed = cosmetic_key(o.heading) != cosmetic_key(n.heading)
        heading_editorial = heading_key(o.heading) == heading_key(n.heading)
        if not clause_changes and not heading_changed and not pair.moved:
            unchanged += 1
            continue
        editorial = (
            all(c.editorial for c in clause_changes) and (not heading_changed or heading_editorial) and not pair.moved
        )
        if pair.moved:
            kind: ChangeKind = "moved"
        elif heading_changed:
            kind = "renamed"
        else:
            kind = "modified"
        changes.append(
            _section_change(kind, o, n, pair.old_index, pair.new_index, clause_changes, pair.similarity, editorial)
        )

    for i in alignment.unmatched_old:
        if i not in consumed_old:
            section = old.sections[i]
            clauses = [_clause_change("removed", c, None, k, None) for k, c in enumerate(section.clauses)]
            changes.append(_section_change("removed", section, None, i, None, clauses))
    for j in alignment.unmatched_new:
        if j not in consumed_new:
            section = new.sections[j]
            clauses = [_clause_change("added", None, c, None, k) for k, c in enumerate(section.clauses)]
            changes.append(_section_change("added", None, section, None, j, clauses))

    changes.sort(key=lambda c: c.new_position if c.new_position is not None else (c.old_position or 0) - 0.5)
    return DiffResult(
        old=old_ref,
        new=new_ref,
        changes=tuple(changes),
        unchanged_sections=unchanged,
        date_changed=old.last_updated != new.last_updated,
        policy_id=policy_id,
    )
