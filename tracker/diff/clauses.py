"""Clauses inside one matched pair of sections: unchanged by exact key, the rest paired by similarity.

``diff_clauses`` runs ``difflib.SequenceMatcher`` over clause keys (cut at anchors when long); inside each replaced run,
removed and added clauses are paired as ``modified`` by rapidfuzz similarity (in order, so the
redline reads top to bottom). A run whose text is the same once joined (one paragraph cut in
two, or two joined) is *reflowed*: no clause change. Moves (a clause that changed place,
edited or not) are found afterwards over the whole document by ``tracker.diff.moves``.
"""

from __future__ import annotations

from rapidfuzz import fuzz, process

from tracker.budget import spend
from tracker.diff.fuzzy import RatioChoices
from tracker.diff.runs import changed_runs
from tracker.diff.words import cosmetic_key, editorial_key, is_date_line_change, word_diff
from tracker.models import ChangeKind, Clause, ClauseChange

CLAUSE_MATCH_CUTOFF = 50.0  # similarity for pairing a removed and an added clause as "modified"


def clause_change(
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
    by_ratio = RatioChoices(new_texts)
    for oi in old_range:
        a = cosmetic_key(old[oi].text)
        if len(a) < 4000:
            found = by_ratio.extract(a, CLAUSE_MATCH_CUTOFF, 8)
        else:
            found = process.extract(
                a, new_texts, scorer=fuzz.token_set_ratio, score_cutoff=CLAUSE_MATCH_CUTOFF, limit=8
            )
        for _, score, k in found:
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
            changes.append(clause_change("modified", old[oi], new[ni], oi, ni))
        else:
            changes.append(clause_change("removed", old[oi], None, oi, None))
    for ni in new_range:
        if ni not in used_new:
            changes.append(clause_change("added", None, new[ni], None, ni))
    return changes


JOIN_CUTOFF = 90.0  # similarity of joined texts for reading a cut/joined paragraph as one modified clause


def _rejoined(
    old: tuple[Clause, ...], new: tuple[Clause, ...], old_range: range, new_range: range
) -> list[ClauseChange] | None:
    """A run where paragraphs were cut or joined: [] when the joined texts are the same (a reflow),
    one ``modified`` clause when one side is a single paragraph close to the other side joined;
    None when the run is not a reflow."""
    if len(old_range) == len(new_range):
        return None
    a = " ".join(cosmetic_key(old[i].text) for i in old_range)
    b = " ".join(cosmetic_key(new[j].text) for j in new_range)
    if a == b:
        return []
    if min(len(old_range), len(new_range)) != 1 or fuzz.ratio(a, b) < JOIN_CUTOFF:
        return None
    old_text = "\n\n".join(old[i].text for i in old_range)
    new_text = "\n\n".join(new[j].text for j in new_range)
    joined_old, joined_new = Clause(old_text), Clause(new_text)
    return [clause_change("modified", joined_old, joined_new, old_range.start, new_range.start)]


def diff_clauses(old: tuple[Clause, ...], new: tuple[Clause, ...]) -> tuple[list[ClauseChange], int]:
    """Clause-level changes between two clause lists (cosmetic differences ignored).

    Returns the changes (added, removed, modified; moves are found later, over the whole
    document, by ``tracker.diff.moves``) and the number of reflowed runs: the same text cut
    into paragraphs differently, which is no clause change.
    """
    keys_old = [cosmetic_key(c.text) for c in old]
    keys_new = [cosmetic_key(c.text) for c in new]
    if keys_old == keys_new:
        return [], 0
    changes: list[ClauseChange] = []
    reflowed = 0
    # long lists are cut at unique anchors first (``tracker.diff.runs``): linear, not quadratic
    for i1, i2, j1, j2 in changed_runs(keys_old, keys_new):
        spend()
        replace = i1 < i2 and j1 < j2
        joined = _rejoined(old, new, range(i1, i2), range(j1, j2)) if replace else None
        if joined is None:
            changes.extend(_pair_replaced(old, new, range(i1, i2), range(j1, j2)))
        else:
            reflowed += not joined
            changes.extend(joined)
    return changes, reflowed
