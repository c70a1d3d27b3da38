"""Case-insensitive patterns over the names a page gives its elements (class, id, role).

Extraction tests every element's names against a few long alternations ("cookie|consent|...");
under ``re.IGNORECASE`` each alternative is tried at every position, Unicode case folding and
all. Class and id names are ASCII on nearly every page, and for an ASCII string a pattern
written in lower case matches case-insensitively exactly where it matches the string lowered
(``str.lower`` changes only A-Z there, and no other character folds to an ASCII letter), which
the regular expression engine scans several times faster. Other strings take the
``re.IGNORECASE`` pattern itself, so the answer is the same for every string.

A page gives the same names to many elements (a corpus page: ~430 elements with attributes,
~100 distinct names), so each pattern keeps its answers for the names it has seen (a pure
function of the name; at most ``MEMO_SIZE`` of them, forgotten all at once when full).
"""

from __future__ import annotations

import re

MEMO_SIZE = 8192


class NamePattern:
    """A regular expression searched case-insensitively, with a fast path for ASCII text."""

    def __init__(self, pattern: str) -> None:
        if any("A" <= char <= "Z" for char in pattern):
            raise ValueError(f"a name pattern is written in lower case: {pattern!r}")
        self.pattern = pattern
        self._folding = re.compile(pattern, re.IGNORECASE)
        self._lowered = re.compile(pattern)
        self._memo: dict[str, bool] = {}

    def search(self, text: str) -> bool:
        """Whether the pattern matches anywhere in ``text``, case-insensitively (``re.search``)."""
        found = self._memo.get(text)
        if found is None:
            found = self._search(text)
            if len(self._memo) >= MEMO_SIZE:
                self._memo.clear()
            self._memo[text] = found
        return found

    def _search(self, text: str) -> bool:
        if text.isascii():
            return self._lowered.search(text.lower()) is not None
        return self._folding.search(text) is not None
