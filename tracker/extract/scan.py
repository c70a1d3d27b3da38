"""Whether a long text holds one of a few ASCII words, case-insensitively, as ``re.IGNORECASE``
reads them, by ``str.find`` instead of a regular expression.

A case-insensitive search of a whole page's markup for "mailto:" tries the pattern at every
position with case folding (~1.3 ms on a 160 KB page). ``str.find`` of a plain string is several
times faster, so the word's last characters (up to its last letter) are found in each of the ways they can be
written in any case (``re.IGNORECASE`` matches a letter to its upper and lower case and, for
i, k and s, to the characters in ``EXTRA_FOLDS``; any other character only to itself), and the
whole word is checked where one of them ends: every match ends in one of those ways.
"""

from __future__ import annotations

import itertools
import re

# The letters other than themselves that re.IGNORECASE matches to a lower-case letter, besides
# its upper case (tests/test_extract_fastpaths.py checks every code point).
EXTRA_FOLDS = {"i": "\u0130\u0131", "k": "\u212a", "s": "\u017f"}  # İ ı, KELVIN SIGN, LONG S
_TAIL_LETTERS = 1  # letters in the tail found by str.find: 2 ways (3 or 4 for i, k, s)


def case_forms(char: str) -> str:
    """Every character ``re.IGNORECASE`` matches to ``char`` (a lower-case ASCII letter or other
    ASCII character), ``char`` first."""
    if "a" <= char <= "z":
        return char + char.upper() + EXTRA_FOLDS.get(char, "")
    return char


def _tail_forms(word: str) -> list[str]:
    """Every way the end of ``word`` holding its last ``_TAIL_LETTERS`` letters may be written."""
    start, letters = len(word), 0
    while start > 0 and letters < _TAIL_LETTERS:
        start -= 1
        letters += word[start].isalpha()
    return ["".join(chars) for chars in itertools.product(*(case_forms(c) for c in word[start:]))]


class FoldedWords:
    """A few words searched case-insensitively: ``search`` answers as ``re.search`` of their
    alternation under ``re.IGNORECASE`` would."""

    def __init__(self, *words: str) -> None:
        for word in words:
            if not word or not word.isascii() or word != word.lower():
                raise ValueError(f"a folded word is ASCII, written in lower case: {word!r}")
        self.words = words
        self._words = [(len(w), re.compile(re.escape(w), re.IGNORECASE), _tail_forms(w)) for w in words]

    def search(self, text: str) -> bool:
        """Whether one of the words occurs in ``text``, in any case."""
        for length, folding, tails in self._words:
            for tail in tails:
                index = text.find(tail)
                while index >= 0:
                    end = index + len(tail)
                    if end >= length and folding.fullmatch(text, end - length, end):
                        return True
                    index = text.find(tail, index + 1)
        return False
