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

__all__ = ["RatioChoices", "TokenSetChoices", "token_set"]


class RatioChoices:
    """Choices to search many times with ``fuzz.ratio``; their lengths are read once."""

    def __init__(self, choices: Sequence[str]) -> None:
        self.choices = choices
        lengths = [len(c) for c in choices]
        self.by_length = sorted(range(len(choices)), key=lengths.__getitem__)  # positions, shortest first
        self.sorted_lengths = [lengths[k] for k in self.by_length]
        self.sorted_choices = [choices[k] for k in self.by_length]  # a length window is one slice of them

    def extract(self, query: str, cutoff: float, limit: int) -> list[tuple[str, float, int]]:
        """``process.extract(query, choices, scorer=fuzz.ratio, score_cutoff=cutoff, limit=limit)``."""
        size = len(query)
        # 200 * min(size, n) >= cutoff * (size + n), solved for n; a character of slack each way
        low = cutoff * size / (200.0 - cutoff) - 1 if cutoff < 200 else float("inf")
        high = (200.0 - cutoff) * size / cutoff + 1 if cutoff > 0 else float("inf")
        first = bisect.bisect_left(self.sorted_lengths, low)
        end = bisect.bisect_right(self.sorted_lengths, high)
        # every choice of the window scored, then put back in rapidfuzz's order (best first, ties by
        # position in the choices) and cut to ``limit``: no per-query list of the window in its own order
        found = process.extract(
            query, self.sorted_choices[first:end], scorer=fuzz.ratio, score_cutoff=cutoff, limit=None
        )
        by_length = self.by_length
        hits = sorted([(-score, by_length[first + k]) for _, score, k in found])[:limit]
        return [(self.choices[k], -score, k) for score, k in hits]


def token_set(text: str) -> str:
    """``text``'s distinct words, sorted and joined by one space: what ``fuzz.token_set_ratio`` reads.

    ``token_set_ratio`` depends only on the set of words it splits a text into, and for a text
    whose only whitespace is the single space (``cosmetic_key`` output, and those joined by a
    space) this string splits into the same set: so ``token_set_ratio(token_set(a), token_set(b))
    == token_set_ratio(a, b)``, for the price of reading the shorter strings."""
    return " ".join(sorted(set(text.split())))


class TokenSetChoices:
    """Choices to search with ``fuzz.token_set_ratio``; each choice's word set is made once, when
    first needed (only texts of thousands of characters are searched this way). The choices must
    be texts whose only whitespace is the single space (see ``token_set``)."""

    def __init__(self, choices: Sequence[str]) -> None:
        self.choices = choices
        self._sets: list[str] | None = None

    def sets(self) -> list[str]:
        """The choices' ``token_set`` strings, in their order."""
        if self._sets is None:
            self._sets = [token_set(c) for c in self.choices]
        return self._sets

    def extract(self, query: str, cutoff: float, limit: int) -> list[tuple[str, float, int]]:
        """``process.extract(query, choices, scorer=fuzz.token_set_ratio, score_cutoff=cutoff, limit=limit)``."""
        found = process.extract(
            token_set(query), self.sets(), scorer=fuzz.token_set_ratio, score_cutoff=cutoff, limit=limit
        )
        return [(self.choices[k], score, k) for _, score, k in found]

    def score(self, query_set: str, k: int, cutoff: float) -> float:
        """``fuzz.token_set_ratio(query, choices[k], score_cutoff=cutoff)``, given ``token_set(query)``."""
        return float(fuzz.token_set_ratio(query_set, self.sets()[k], score_cutoff=cutoff))
