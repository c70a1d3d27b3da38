"""rapidfuzz's ``process.extract`` with ``fuzz.ratio``, minus the choices whose length alone rules them out.

``fuzz.ratio`` is 100 × (1 − indel distance / (len a + len b)) and the indel distance is at least the
difference in length, so a pair scores at most 200 × shorter / (len a + len b). rapidfuzz still
reads the whole of each choice before it finds that out (a 30,000-character section compared with
a hundred short ones costs more than all the short ones together), so ``RatioChoices.extract``
passes it only the choices that can reach the cut-off. The answer is the same list: same scores,
same order (best first, ties by position), same positions in the choices.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence

from rapidfuzz import fuzz, process

__all__ = ["RatioChoices"]


class RatioChoices:
    """Choices to search many times with ``fuzz.ratio``; their lengths are read once."""

    def __init__(self, choices: Sequence[str]) -> None:
        self.choices = choices
        lengths = [len(c) for c in choices]
        self.by_length = sorted(range(len(choices)), key=lengths.__getitem__)  # positions, shortest first
        self.sorted_lengths = [lengths[k] for k in self.by_length]

    def extract(self, query: str, cutoff: float, limit: int) -> list[tuple[str, float, int]]:
        """``process.extract(query, choices, scorer=fuzz.ratio, score_cutoff=cutoff, limit=limit)``."""
        size = len(query)
        # 200 * min(size, n) >= cutoff * (size + n), solved for n; a character of slack each way
        low = cutoff * size / (200.0 - cutoff) - 1 if cutoff < 200 else float("inf")
        high = (200.0 - cutoff) * size / cutoff + 1 if cutoff > 0 else float("inf")
        first = bisect.bisect_left(self.sorted_lengths, low)
        end = bisect.bisect_right(self.sorted_lengths, high)
        if end - first == len(self.choices):  # nothing to leave out
            return process.extract(query, self.choices, scorer=fuzz.ratio, score_cutoff=cutoff, limit=limit)
        keep = sorted(self.by_length[first:end])  # back in their own order: ties go by position
        found = process.extract(
            query, [self.choices[k] for k in keep], scorer=fuzz.ratio, score_cutoff=cutoff, limit=limit
        )
        return [(choice, score, keep[k]) for choice, score, k in found]
