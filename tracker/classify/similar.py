"""Finding a clause among many by word overlap without comparing it with every one of them.

``WordSetIndex.any_similar(words)`` answers "does any indexed word set have a Jaccard similarity
of at least 0.6 with ``words``?" exactly as trying each set in turn would, using prefix
filtering (Chaudhuri et al., "A primitive operator for similarity joins", 2006): with the words
of every set ordered rarest first, two sets that overlap that much must share a word among the
first ``n - ceil(0.6 n) + 1`` of each. Only sets sharing such a word are then compared, so a
diff removing and adding tens of thousands of clauses no longer costs their product.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable

# the threshold as a fraction (3/5 = 0.6) so the prefix lengths are computed exactly
_NUM, _DEN = 3, 5


def _prefix_length(size: int) -> int:
    return size - (_NUM * size + _DEN - 1) // _DEN + 1


def similar(words: frozenset[str], other: frozenset[str]) -> bool:
    """The overlap test itself: shared words at least 60 % of the union."""
    size = len(words)
    if min(size, len(other)) < 0.6 * max(size, len(other), 1):
        return False  # the overlap cannot reach 60 % of the union: skip the intersection
    shared = len(words & other)
    return shared >= 0.6 * max(size + len(other) - shared, 1)


class WordSetIndex:
    """Word sets (one per clause) indexed by the rarest words of each."""

    def __init__(self, sets: Iterable[frozenset[str]]) -> None:
        self.sets = tuple(sets)
        self._frequency = Counter(word for s in self.sets for word in s)
        self._by_word: dict[str, list[int]] = defaultdict(list)
        for k, s in enumerate(self.sets):
            for word in self._prefix(s):
                self._by_word[word].append(k)

    def _prefix(self, words: frozenset[str]) -> list[str]:
        ordered = sorted(words, key=lambda w: (self._frequency.get(w, 0), w))
        return ordered[: _prefix_length(len(ordered))]

    def any_similar(self, words: frozenset[str]) -> bool:
        """True when some indexed set passes ``similar`` with ``words``."""
        if not words:
            return False
        seen: set[int] = set()
        for word in self._prefix(words):
            for k in self._by_word.get(word, ()):
                if k not in seen:
                    seen.add(k)
                    if similar(words, self.sets[k]):
                        return True
        return False
