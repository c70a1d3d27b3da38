"""Case-insensitive patterns over the names a page gives its elements (class, id, role).

Extraction tests every element's names against a few long alternations ("cookie|consent|...");
under ``re.IGNORECASE`` each alternative is tried at every position, Unicode case folding and
all. Class and id names are ASCII on nearly every page, and for an ASCII string a pattern
written in lower case matches case-insensitively exactly where it matches the string lowered
(``str.lower`` changes only A-Z there, and no other character folds to an ASCII letter), which
the regular expression engine scans several times faster. Other strings take the
``re.IGNORECASE`` pattern itself, so the answer is the same for every string.
"""

from __future__ import annotations

import re


class NamePattern:
    """A regular expression searched case-insensitively, with a fast path for ASCII text."""

    def __init__(self, pattern: str) -> None:
        if any("A" <= char <= "Z" for char in pattern):
            raise ValueError(f"a name pattern is written in lower case: {pattern!r}")
        self.pattern = pattern
        self._folding = re.compile(pattern, re.IGNORECASE)
        self._lowered = re.compile(pattern)

    def search(self, text: str) -> bool:
        """Whether the pattern matches anywhere in ``text``, case-insensitively (``re.search``)."""
        if text.isascii():
            return self._lowered.search(text.lower()) is not None
        return self._folding.search(text) is not None
