"""rapidfuzz's ``process.extract`` with ``fuzz.ratio``, minus the choices whose length alone rules them out.

``fuzz.ratio`` is 100 × (1 − indel distance / (len a + len b)) and the indel distance is at least the
difference in length, so a pair scores at most 200 × shorter / (len a + len b). rapidfuzz still
reads the whole of each choice before it finds that out (a 30,000-character section compared with
a hundred short ones costs more than all the short ones together), so ``ratio_extract`` passes it
only the choices that can reach the cut-off. The answer is the same list: same scores, same order
(best first, ties by position), same positions in ``choices``.
"""

from __future__ import annotations

from collections.abc import Sequence

from rapidfuzz import fuzz, process

__all__ = ["ratio_extract"]


def ratio_extract(
    query: str, choices: Sequence[str], lengths: Sequence[int], cutoff: float, limit: int
) -> list[tuple[str, float, int]]:
    """``process.extract(query, choices, scorer=fuzz.ratio, score_cutoff=cutoff, limit=limit)``;
    ``lengths`` are the lengths of ``choices``."""
    size = len(query)
    # 200 * min(size, n) >= cutoff * (size + n), solved for n (both bounds kept inclusive)
    low = cutoff * size / (200.0 - cutoff) if cutoff < 200 else float("inf")
    high = (200.0 - cutoff) * size / cutoff if cutoff > 0 else float("inf")
    keep = [k for k, n in enumerate(lengths) if low - 1 <= n <= high + 1]
    if len(keep) == len(choices):
        return process.extract(query, choices, scorer=fuzz.ratio, score_cutoff=cutoff, limit=limit)
    found = process.extract(query, [choices[k] for k in keep], scorer=fuzz.ratio, score_cutoff=cutoff, limit=limit)
    return [(choice, score, keep[k]) for choice, score, k in found]
