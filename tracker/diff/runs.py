"""Where two long sequences differ, in time close to linear in their length.

``changed_runs`` gives the non-equal opcodes of ``difflib.SequenceMatcher`` (``autojunk=False``)
for the sizes real policies have. ``SequenceMatcher`` costs about (length × number of differing
runs), which on a page of tens of thousands of clauses with edits all through it grows with the
square of the page. Above ``LARGE`` items a side, the sequences are first cut at anchors (items
occurring exactly once on each side, kept in the same order on both: the longest increasing
subsequence), and ``SequenceMatcher`` runs only on the short gaps between anchors; a gap still
longer than ``LARGE`` is one changed run. Below ``LARGE`` nothing differs from before.
"""

from __future__ import annotations

import bisect
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from difflib import SequenceMatcher

LARGE = 2000

Run = tuple[int, int, int, int]  # old start, old end, new start, new end


def longest_increasing(values: Sequence[int]) -> set[int]:
    """Positions in ``values`` of one longest strictly increasing subsequence (O(n log n))."""
    tails: list[int] = []
    tail_index: list[int] = []
    previous = [-1] * len(values)
    for k, value in enumerate(values):
        slot = bisect.bisect_left(tails, value)
        if slot == len(tails):
            tails.append(value)
            tail_index.append(k)
        else:
            tails[slot] = value
            tail_index[slot] = k
        previous[k] = tail_index[slot - 1] if slot > 0 else -1
    keep: set[int] = set()
    k = tail_index[-1] if tail_index else -1
    while k >= 0:
        keep.add(k)
        k = previous[k]
    return keep


def _matcher_runs(a: Sequence[str], b: Sequence[str]) -> list[Run]:
    opcodes = SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    return [(i1, i2, j1, j2) for tag, i1, i2, j1, j2 in opcodes if tag != "equal"]


def changed_runs(a: Sequence[str], b: Sequence[str]) -> list[Run]:
    """The runs where ``a`` and ``b`` differ, in order (``SequenceMatcher``'s non-equal opcodes
    for inputs up to ``LARGE`` items a side)."""
    if len(a) <= LARGE and len(b) <= LARGE:
        return _matcher_runs(a, b)
    count_a, count_b = Counter(a), Counter(b)
    at_b = {key: j for j, key in enumerate(b) if count_b[key] == 1}
    candidates = [(i, at_b[key]) for i, key in enumerate(a) if count_a[key] == 1 and key in at_b]
    keep = longest_increasing([j for _, j in candidates])
    anchors = [pair for k, pair in enumerate(candidates) if k in keep]
    runs: list[Run] = []
    oi = nj = 0
    for i, j in [*anchors, (len(a), len(b))]:
        if i > oi or j > nj:
            if i - oi <= LARGE and j - nj <= LARGE:
                runs.extend((oi + x1, oi + x2, nj + y1, nj + y2) for x1, x2, y1, y2 in _matcher_runs(a[oi:i], b[nj:j]))
            else:
                runs.append((oi, i, nj, j))
        oi, nj = i + 1, j + 1
    return runs


def pool_index(pools: Sequence[Iterable[str]]) -> dict[str, list[int]]:
    """Key → the positions of the pools holding it (an inverted index, in pool order)."""
    index: dict[str, list[int]] = defaultdict(list)
    for k, pool in enumerate(pools):
        for key in pool:
            index[key].append(k)
    return index


def sharing(index: dict[str, list[int]], keys: Iterable[str]) -> list[int]:
    """Positions (ascending) of the pools holding at least one of ``keys``."""
    return sorted({k for key in keys for k in index.get(key, ())})
