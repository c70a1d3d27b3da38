"""The word diff's two engines (``tracker.diff.engine``) give the same diff wherever the C++ one runs.

- the C++ port and the Python engine agree (after semantic cleanup) on texts of few distinct
  characters, where half-matches, common affixes and ties are most frequent;
- the routing rests on the Python engine's bisection spending at most (D + 2)² steps for a pair at
  indel distance D; checked here on random and repetitive texts;
- at and past the distance limit the answer is the budgeted Python engine's, cut short included.
"""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz.distance import Indel

import tracker.diff.engine as engine
from tracker.diff.words import word_diff

UNBOUNDED = 10**15


def _spent(a: str, b: str) -> int:
    work = engine._Work(UNBOUNDED)
    engine._dmp().diff_main(a, b, False, work)
    return work.spent


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="abcd ", max_size=120), st.text(alphabet="abcd ", max_size=120))
def test_cpp_and_python_engines_agree(a: str, b: str) -> None:
    assert Indel.distance(a, b) <= engine.cpp_distance_limit(engine.BISECT_BUDGET)  # the C++ port answers
    assert engine.semantic_diff(a, b) == engine.python_diff(a, b, UNBOUNDED)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab", max_size=200), st.text(alphabet="ab", max_size=200))
def test_bisection_spends_at_most_distance_plus_two_squared(a: str, b: str) -> None:
    assert _spent(a, b) <= (Indel.distance(a, b) + 2) ** 2


def test_bisection_bound_on_edited_prose() -> None:
    rng = random.Random(11)
    vocabulary = [chr(0x100 + k) for k in range(60)]
    for _ in range(40):
        a = [rng.choice(vocabulary) for _ in range(rng.randint(50, 1500))]
        b = list(a)
        for _ in range(rng.randint(1, 200)):  # insertions, deletions and replacements of words
            at = rng.randrange(len(b) + 1)
            kind = rng.random()
            if kind < 0.4:
                b.insert(at, rng.choice(vocabulary))
            elif kind < 0.8 and at < len(b):
                del b[at]
            elif at < len(b):
                b[at] = rng.choice(vocabulary)
        x, y = "".join(a), "".join(b)
        assert Indel.distance(x, y) > 0 and _spent(x, y) <= (Indel.distance(x, y) + 2) ** 2
        assert engine.semantic_diff(x, y) == engine.python_diff(x, y, UNBOUNDED)


def test_past_the_distance_limit_the_budgeted_python_engine_answers(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(5)
    vocabulary = [chr(0x100 + k) for k in range(13)]
    a = "".join(rng.choice(vocabulary) for _ in range(800))
    b = "".join(rng.choice(vocabulary) for _ in range(800))
    close = a[:400] + vocabulary[0] + a[400:]  # distance 1
    monkeypatch.setattr(engine, "BISECT_BUDGET", 100)  # distance limit 8
    assert engine.cpp_distance_limit(100) == 8
    cut = engine.semantic_diff(a, b)
    assert cut == engine.python_diff(a, b, 100)
    assert cut != engine.python_diff(a, b, UNBOUNDED)  # the budget did cut it short
    assert (
        engine.semantic_diff(a, close)
        == engine.python_diff(a, close, 100)
        == [(0, a[:400]), (1, vocabulary[0]), (0, a[400:])]
    )


def test_word_diff_is_the_same_from_either_engine(monkeypatch: pytest.MonkeyPatch) -> None:
    old = "We share your personal data with partners for advertising, analytics and “security” purposes."
    new = "We may share personal data with our new partners for advertising and analytics purposes only."
    fast = word_diff(old, new)
    monkeypatch.setattr(engine, "cpp_distance_limit", lambda budget: -1)
    assert word_diff(old, new) == fast
    assert "".join(r.text for r in fast if r.op != "insert") == old
    assert "".join(r.text for r in fast if r.op != "delete") == new
    assert {r.op for r in fast} == {"equal", "insert", "delete"}
