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

__all__ = ["RatioChoices", "TokenSetChoices", "WordSet", "token_set", "token_set_bound"]


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


class WordSet:
    """A text's distinct words (what ``fuzz.token_set_ratio`` splits it into) and their characters."""

    __slots__ = ("words", "chars")

    def __init__(self, text: str) -> None:
        self.words = frozenset(text.split())
        self.chars = sum(map(len, self.words))


def token_set_bound(a: WordSet, b: WordSet) -> float:
    """An upper bound of ``fuzz.token_set_ratio`` of two texts, from their word sets' sizes alone.

    rapidfuzz's token set ratio is the best of three: the ratio of the two texts' words not in the
    other (sorted, joined by a space), and the ratios of the shared words joined against the shared
    words followed by either side's own ones, which depend on lengths only; 100 when the words of
    one are all in the other (and some are shared), 0 when either has none. The first is at most
    100 × (1 − |difference of their lengths| / their length sum), the least indel distance being
    the difference in length; the other two are computed as rapidfuzz computes them."""
    if not a.words or not b.words:
        return 0.0
    shared = a.words & b.words
    count = len(shared)
    own_a, own_b = len(a.words) - count, len(b.words) - count
    if count and (not own_a or not own_b):
        return 100.0
    shared_chars = sum(map(len, shared))
    sect = shared_chars + count - 1 if count else 0  # the shared words joined
    ab = a.chars - shared_chars + own_a - 1 if own_a else 0  # a's own words joined
    ba = b.chars - shared_chars + own_b - 1 if own_b else 0
    sect_ab, sect_ba = sect + (1 if sect else 0) + ab, sect + (1 if sect else 0) + ba
    best = 100.0 * (1.0 - abs(ab - ba) / (sect_ab + sect_ba))
    if sect:
        best = max(best, 100.0 * (1.0 - (1 + ab) / (sect + sect_ab)), 100.0 * (1.0 - (1 + ba) / (sect + sect_ba)))
    return best


class TokenSetChoices:
    """Choices to search with ``fuzz.token_set_ratio``; each choice's word set is made once, when
    first needed (only texts of thousands of characters are searched this way), and a search
    scores only the choices whose ``token_set_bound`` can reach its cut-off (an indel distance of
    two long word lists costs far more than comparing set sizes). The choices must be texts whose
    only whitespace is the single space (see ``token_set``)."""

    def __init__(self, choices: Sequence[str]) -> None:
        self.choices = choices
        self._words: list[WordSet] | None = None
        self._sets: dict[int, str] = {}

    def words(self) -> list[WordSet]:
        """Each choice's distinct words, in their order."""
        if self._words is None:
            self._words = [WordSet(c) for c in self.choices]
        return self._words

    def token_set(self, k: int) -> str:
        """``token_set(choices[k])``, made once."""
        found = self._sets.get(k)
        if found is None:
            found = self._sets[k] = " ".join(sorted(self.words()[k].words))
        return found

    def extract(self, query: str, cutoff: float, limit: int) -> list[tuple[str, float, int]]:
        """``process.extract(query, choices, scorer=fuzz.token_set_ratio, score_cutoff=cutoff, limit=limit)``."""
        words = WordSet(query)
        # a choice bounded under the cut-off scores under it; the others keep their order (ties by position)
        keep = [k for k, other in enumerate(self.words()) if token_set_bound(words, other) >= cutoff - 1e-6]
        found = process.extract(
            " ".join(sorted(words.words)),
            [self.token_set(k) for k in keep],
            scorer=fuzz.token_set_ratio,
            score_cutoff=cutoff,
            limit=limit,
        )
        return [(self.choices[keep[k]], score, keep[k]) for _, score, k in found]

    def score(self, query_set: str, k: int, cutoff: float) -> float:
        """``fuzz.token_set_ratio(query, choices[k], score_cutoff=cutoff)``, given ``token_set(query)``."""
        return float(fuzz.token_set_ratio(query_set, self.token_set(k), score_cutoff=cutoff))
