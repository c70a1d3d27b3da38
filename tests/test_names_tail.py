"""``names.titles`` looks only at the end of the text before each name (``_tail``), which is all its two
end-anchored patterns can match: the same runs as searching the whole text before it, as it did."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from tracker.classify import names
from tracker.classify.names import _DEFINED, _ENUMERATOR, _SENTENCE_START, _pronoun, _tail, titles
from tracker.classify.rules import EMAIL, strip_markup
from tracker.classify.vocabulary import vocabulary

PIECES = ["the", "The", "our", "l’", "l'", "such", "these", "other", "Stripe", "Cookie Notice", "DPO", "We", "Our"]
PIECES += ["Bureau du DPD", " ", "  ", "\n", "\n ", ". ", ":", "•", "[", "a", "x", "\u00a0", "\u2003", "é", "Ä"]
PIECES += ["November", "We're", "For", "News"]


def _opens_searching_everything(text: str, start: int) -> bool:
    """``names._opens`` with the whole text before the word searched instead of its tail."""
    if _SENTENCE_START.search(text[:start]):
        return True
    number = _ENUMERATOR.search(text[max(0, start - 16) : start])
    return number is not None and bool(_SENTENCE_START.search(text[: start - len(number.group(0))]))


def _titles_searching_everything(text: str) -> list[tuple[str, ...]]:
    """``titles`` with the whole text before each name searched instead of its tail (English:
    names by case), the rules otherwise as ``titles`` has them."""
    text = names.undotted(EMAIL.sub(" ", strip_markup(text))).strip()
    runs, function_words = [], vocabulary().function_words
    for match in names._TITLE.finditer(text):
        words = tuple(w for w in match.group(0).split() if w[0].isupper() and not names._month(w))
        if not words:
            continue
        before = text[: match.start()]
        opens = _opens_searching_everything(text, match.start())
        if opens and (len(words) == 1 or words[0].lower() in function_words):
            words = words[1:]
        while words and _pronoun(words[0]):
            words = words[1:]
        while words and _pronoun(words[-1]):
            words = words[:-1]
            if len(words) == 1 and opens:
                words = ()
        if len(words) == 1 and not words[0].isupper() and _DEFINED.search(before):
            continue
        if len(words) == 1 and words[0].lower() in function_words:
            continue
        if words:
            runs.append(words)
    return runs


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=40))
def test_titles_match_the_whole_prefix_search(pieces: list[str]) -> None:
    text = "".join(pieces)
    assert titles(text) == _titles_searching_everything(text)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=30), st.integers(min_value=0, max_value=400))
def test_tail_answers_both_patterns_as_the_whole_prefix(pieces: list[str], cut: int) -> None:
    text = "".join(pieces)
    end = min(cut, len(text))
    before = text[:end]
    assert bool(_SENTENCE_START.search(_tail(text, end, 1))) == bool(_SENTENCE_START.search(before))
    assert bool(_DEFINED.search(_tail(text, end, 6))) == bool(_DEFINED.search(before))


def test_defined_terms_and_sentence_openers_still_dropped() -> None:
    text = "We share data with Stripe.  Our partners use the Services and Amazon Web Services.\n  Cookie Notice"
    assert titles(text) == [("Stripe",), ("Amazon", "Web", "Services"), ("Cookie", "Notice")]
    assert not re.search(r"\bthe\b", _tail(text, len(text), 6))  # only the end is looked at
