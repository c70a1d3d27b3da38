"""Units behind issue 14: the linear-time helpers give exactly what the quadratic code gave, host
spellings fold to one key, sniffing reads bytes before labels, look-alikes and bidi controls."""

from __future__ import annotations

import random
from difflib import SequenceMatcher

from hypothesis import given, settings
from hypothesis import strategies as st

from tracker.budget import OverBudget, spend, time_budget
from tracker.classify.similar import WordSetIndex, similar
from tracker.diff.runs import LARGE, changed_runs
from tracker.extract.blocks import normalize_text
from tracker.extract.lookalike import fold_lookalikes, mixed_script_words
from tracker.fetch.address import host_key, literal_address
from tracker.fetch.sniff import binary_reason, sniffed_type, truncation
from tracker.models import FetchResult

words = st.frozensets(st.sampled_from([f"w{i}" for i in range(12)]), max_size=8)


@settings(max_examples=300, deadline=None)
@given(st.lists(words, max_size=12), words)
def test_word_set_index_answers_as_trying_every_set(sets: list[frozenset[str]], query: frozenset[str]) -> None:
    assert WordSetIndex(sets).any_similar(query) == any(similar(query, other) for other in sets)


def _apply(a: list[str], b: list[str], runs: list[tuple[int, int, int, int]]) -> list[str]:
    """Rebuild ``b`` from ``a`` using only the runs (equal stretches copied from ``a``)."""
    out, oi = [], 0
    for i1, i2, j1, j2 in runs:
        out.extend(a[oi:i1])
        out.extend(b[j1:j2])
        oi = i2
    return out + a[oi:]


def test_changed_runs_are_sequence_matcher_below_large_and_exact_above() -> None:
    rng = random.Random(3)
    a = [f"c{i}" for i in range(300)]
    b = [x for x in a if rng.random() > 0.05] + ["new"]
    expected = [op[1:] for op in SequenceMatcher(None, a, b, autojunk=False).get_opcodes() if op[0] != "equal"]
    assert changed_runs(a, b) == expected
    big_a = [f"c{i}" for i in range(LARGE * 3)] + ["dup"] * 5
    big_b = [x if i % 97 else f"edited{i}" for i, x in enumerate(big_a) if i % 131] + ["dup"] * 4
    runs = changed_runs(big_a, big_b)
    assert _apply(big_a, big_b, runs) == big_b
    assert sum(i2 - i1 for i1, i2, _, _ in runs) < len(big_a) // 10  # only the edits, not the page


def test_host_spellings_are_one_host() -> None:
    spellings = ["127.0.0.1", "127.000.000.001", "0x7f.1", "2130706433", "127.1", "localhost", "[::ffff:127.0.0.1]"]
    assert {host_key(f"http://{h}:8080/p") for h in spellings} == {"127.0.0.1:8080"}
    assert host_key("https://Example.com./x") == "example.com:443"
    assert literal_address("example.com") is None


def _fetched(body: bytes, ctype: str, headers: dict[str, str] | None = None) -> FetchResult:
    return FetchResult("u", "u", 200, headers or {}, body, ctype, None, "2026-01-01T00:00:00Z")


def test_sniffing_and_truncation() -> None:
    assert sniffed_type(_fetched(b"%PDF-1.4 ...", "text/html")) == "application/pdf"
    assert sniffed_type(_fetched(b"<!DOCTYPE html><html>", "text/plain; charset=utf-8")) == "text/html; charset=utf-8"
    assert sniffed_type(_fetched(b"plain words", "text/plain")) == "text/plain"
    assert binary_reason(random.Random(1).randbytes(5000)) is not None
    assert binary_reason("Grüße, politique de confidentialité\n\t".encode()) is None
    cut = b"<html><body><p>half"
    assert truncation(_fetched(cut, "text/html")) is not None
    assert truncation(_fetched(cut, "text/html", {"content-length": str(len(cut))})) is None
    assert truncation(_fetched(cut + b"</body></html>", "text/html")) is None


def test_lookalikes_and_bidi() -> None:
    assert mixed_script_words("We n\u0435v\u0435r sell. Мы никогда не продаём.") == ["n\u0435v\u0435r"]
    assert fold_lookalikes("We n\u0435v\u0435r sell. Мы") == "We never sell. Мы"
    assert normalize_text("do \u202eton\u202c \u2067x\u2069 \u200eok") == "do ton x ok"


def test_time_budget() -> None:
    spend()  # no budget: nothing happens
    with time_budget(0.0):
        try:
            for _ in range(10_000):
                spend()
        except OverBudget as exc:
            assert "time budget" in str(exc)
        else:
            raise AssertionError("the budget never ran out")
