"""``tracker.extract.scan.FoldedWords``: ``str.find`` of a word's case forms answers as a
case-insensitive regular expression search (issue 20)."""

from __future__ import annotations

import random
import re

import pytest

from tracker.extract.html import _EMAIL_LINK_HINT
from tracker.extract.scan import FoldedWords, case_forms


def _every_character() -> str:
    return "".join(chr(code) for code in range(0x110000) if not 0xD800 <= code <= 0xDFFF)


def test_the_case_forms_are_every_character_ignorecase_matches() -> None:
    everything = _every_character()
    for char in sorted(set("".join(_EMAIL_LINK_HINT.words)) | set("abcdefghijklmnopqrstuvwxyz#:-")):
        matched = set(re.findall(re.escape(char), everything, re.IGNORECASE))
        assert matched == set(case_forms(char)), char


TEXTS = [
    "", "mailto:", "MAILTO:", "MaIlTo:", "ma\u0130lto:", "ma\u0131lto:", "mai\u0307lto:", "mailto", "ailto:",
    "to:", "xx to: mailto", "to:to:mailto:", "href='mailto:a@b.example'", "EMAIL-PROTECTION#",
    "/cdn-cgi/l/email-protect\u0130on#abc", "email-protection", "email protection#", "on#on#", "mailtoo:",
]  # fmt: skip


@pytest.mark.parametrize("text", TEXTS)
def test_folded_words_answer_as_the_ignorecase_alternation(text: str) -> None:
    plain = re.compile(r"mailto:|email-protection#", re.IGNORECASE)
    assert _EMAIL_LINK_HINT.search(text) == (plain.search(text) is not None)


def test_random_texts_of_the_words_pieces_answer_alike() -> None:
    words = FoldedWords("mailto:", "is", "ok-k")
    plain = re.compile(r"mailto:|is|ok-k", re.IGNORECASE)
    pieces = ["m", "A", "i", "\u0130", "\u0131", "l", "T", "o", ":", "s", "\u017f", "K", "\u212a", "-", " ", "é"]
    rng = random.Random(20)
    found = 0
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 12)))
        answer = words.search(text)
        assert answer == (plain.search(text) is not None), text
        found += answer
    assert 300 < found < 2700  # both answers were tried often


def test_a_word_must_be_ascii_in_lower_case() -> None:
    for word in ("Mailto:", "ém", ""):
        with pytest.raises(ValueError, match="lower case"):
            FoldedWords(word)
