"""The diff's bounds are deterministic (work, not time) and its shortcuts give the same answers.

- ``word_diff`` bounds diff-match-patch by bisection work: a machine so loaded that the clock
  runs past any deadline gives the same redline as an idle one (the Python engine; the C++ one
  has no deadline it could reach, ``tests/test_diff_engine.py``), and a diff too large for the
  budget still rebuilds both texts.
- ``RatioChoices.extract`` gives what ``process.extract`` with ``fuzz.ratio`` gives (scores, order,
  positions), only without the choices whose length rules them out.
"""

from __future__ import annotations

import importlib
import random
import time
from types import SimpleNamespace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz, process

import tracker.diff.engine as engine
import tracker.diff.words as words
from tracker.diff.fuzzy import RatioChoices
from tracker.diff.words import word_diff

WORDS = [
    "we",
    "collect",
    "use",
    "share",
    "personal",
    "data",
    "with",
    "partners",
    "for",
    "advertising",
    "and",
    "analytics",
    "purposes",
]


def _text(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)) + "."


def _rebuilds(runs: tuple[words.WordDiff, ...], old: str, new: str) -> bool:
    return (
        "".join(r.text for r in runs if r.op != "insert") == old
        and "".join(r.text for r in runs if r.op != "delete") == new
    )


def test_word_diff_does_not_depend_on_the_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(3)
    pairs = [(_text(rng, 300), _text(rng, 300)) for _ in range(3)]
    idle = [word_diff(a, b) for a, b in pairs]
    monkeypatch.setattr(engine, "cpp_distance_limit", lambda budget: -1)  # the Python engine throughout
    start = time.time()
    ticks = iter(range(10**9))
    # every reading of the clock an hour later than the one before: any time limit is long past
    engine_module = importlib.import_module("diff_match_patch.diff_match_patch")
    clock = SimpleNamespace(time=lambda: start + 3600.0 * next(ticks))
    monkeypatch.setattr(engine_module, "time", clock)
    loaded = [word_diff(a, b) for a, b in pairs]
    assert next(ticks) > 10  # the engine did read the clock
    assert loaded == idle
    assert any(len(runs) > 20 for runs in idle)  # real redlines, not one deletion and one insertion


def test_word_diff_past_its_budget_still_rebuilds_both_texts(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(5)
    old, new = _text(rng, 400), _text(rng, 400)
    full = word_diff(old, new)
    monkeypatch.setattr(engine, "BISECT_BUDGET", 50)
    cut = word_diff(old, new)
    assert _rebuilds(cut, old, new) and _rebuilds(full, old, new)
    assert len(cut) < len(full)  # the budget did cut the search short
    assert word_diff(old, new) == cut  # and cuts it at the same point every time


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.text(alphabet="abc d", max_size=40), min_size=0, max_size=30),
    st.text(alphabet="abc d", min_size=1, max_size=40),
    st.sampled_from([0, 30, 50, 55, 75, 100]),
    st.integers(min_value=1, max_value=9),
)
def test_ratio_choices_extract_is_process_extract(choices: list[str], query: str, cutoff: int, limit: int) -> None:
    expected = process.extract(query, choices, scorer=fuzz.ratio, score_cutoff=cutoff, limit=limit)
    assert RatioChoices(choices).extract(query, cutoff, limit) == expected


def test_ratio_choices_drop_far_lengths_with_ties_kept_in_order() -> None:
    query = "a" * 50
    choices = ["a" * 50, "b" * 50, "a" * 5000, "a" * 50, "a" * 40, "a" * 40]
    found = RatioChoices(choices).extract(query, 50.0, 8)
    assert found == process.extract(query, choices, scorer=fuzz.ratio, score_cutoff=50.0, limit=8)
    assert [k for _, _, k in found] == [0, 3, 4, 5]
