"""``lookahead.with_lookahead``: a lexicon pattern that opens with look-behinds gets a look-ahead
of the literal it reads next. Every shipped pattern must find exactly the spans it found without
it, on real clauses (tests/data/corpus) and on random texts made of the patterns' own words."""

from __future__ import annotations

import random
import re
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from tracker.classify.language import supported_languages
from tracker.classify.lexicon import default_lexicon, matches
from tracker.classify.lookahead import opening_literal, with_lookahead
from tracker.extract.document import extract


def _shipped_patterns() -> list[str]:
    return [p for lang in supported_languages() for topic in default_lexicon(lang).topics for p in topic.patterns]


def _spans(pattern: str, text: str) -> list[tuple[int, int]]:
    return [m.span() for m in re.compile(pattern, re.IGNORECASE).finditer(text)]


def _corpus_clauses(corpus_dir: Path) -> list[str]:
    texts: list[str] = []
    for path in sorted(corpus_dir.glob("*/versions/*.md"))[:20]:
        try:
            document = extract(path.read_bytes(), "text/markdown")
        except Exception:  # an empty capture: nothing to take
            continue
        texts.extend(c.text for s in document.sections for c in s.clauses)
    return texts


def _pattern_words() -> list[str]:
    words = set()
    for pattern in _shipped_patterns():
        words.update(re.findall(r"[^\W\d_]+", pattern.replace(r"\b", " ")))
    return sorted(words)


def test_the_lookbehind_patterns_get_their_literal() -> None:
    literals = {opening_literal(p) for p in _shipped_patterns()} - {None}
    assert {"preferences", "partner", "security", "tracking"} <= literals
    assert opening_literal(r"(?<=\bx )abcd?") == "abc"  # the optional letter is not part of it
    assert opening_literal(r"(?<=\bx )abc?") is None  # "ab": too short to be worth it
    assert opening_literal(r"\bright to (object|withdraw)") is None  # no look-behind: nothing to gain
    assert opening_literal(r"(?<=a)(?:cookie|tracker)s") is None  # no single literal comes first
    assert opening_literal(r"(?:(?<=a )|(?<=b ))x?preferences") is None  # something optional first
    assert opening_literal(r"(?<=a )(preferences") is None  # invalid: left to the lexicon's compile
    assert with_lookahead(r"\bchoices?\b") == r"\bchoices?\b"


def test_real_matches_are_kept() -> None:
    english = {t.name: t for t in default_lexicon("en").topics}
    text = "You can manage your Cookie PREFERENCES at any time, and our partners receive nothing."
    assert "preferences" in matches(english["user_choice"], text)
    assert "partners" in matches(english["third_party_sharing"], text)
    assert "partners" not in matches(english["third_party_sharing"], "tell us about your partners")


def test_same_spans_on_corpus_clauses(corpus_dir: Path) -> None:
    texts = _corpus_clauses(corpus_dir)
    assert len(texts) > 500
    changed = [p for p in _shipped_patterns() if with_lookahead(p) != p]
    assert len(changed) >= 6
    found = 0
    for pattern in changed:
        fast = with_lookahead(pattern)
        for text in texts:
            spans = _spans(pattern, text)
            assert _spans(fast, text) == spans, (pattern, text)
            found += len(spans)
    assert found > 50  # the patterns do match these texts: the comparison is not of empty lists


def test_same_spans_on_random_texts() -> None:
    rng = random.Random(20)
    words = [*_pattern_words(), "Cookie", "PRIVACY", "your", "the", "-", ".", "\n", "é", "ſ", "İ"]
    changed = [p for p in _shipped_patterns() if with_lookahead(p) != p]
    found = 0
    for _ in range(1500):
        text = " ".join(rng.choice(words) for _ in range(rng.randint(0, 30)))
        for pattern in changed:
            spans = _spans(pattern, text)
            assert _spans(with_lookahead(pattern), text) == spans, (pattern, text)
            found += len(spans)
    assert found > 150


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="abcx PREFérencesſK\n-", max_size=60))
def test_same_spans_on_any_text(text: str) -> None:
    pattern = r"(?:(?<=\bx )|(?<=\ba b ))préferences\b(?! x)"
    assert _spans(with_lookahead(pattern), text) == _spans(pattern, text)
    assert _spans(with_lookahead(pattern), "a b PRÉFERENCES") == [(4, 15)]
