"""``sanity._triple_share`` compares only the middles of two word lists (what differs between their
common start and end); the share is the one the two whole triple sets give. ``paraphrase._shingles``
builds its 4-word runs with zip: the same hashes as the slices it took before."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from tracker.classify.paraphrase import _shingles
from tracker.extract.sanity import _common_ends, _triple_share


def _share_of_whole_sets(old: list[str], new: list[str]) -> float:
    new_triples = set(zip(new, new[1:], new[2:], strict=False))
    if not new_triples:
        return 1.0
    return len(new_triples & set(zip(old, old[1:], old[2:], strict=False))) / len(new_triples)


WORDS = st.lists(st.sampled_from(["we", "share", "data", "with", "you"]), max_size=40)


@settings(max_examples=800, deadline=None)
@given(WORDS, WORDS, WORDS, WORDS)
def test_share_is_that_of_the_whole_triple_sets(
    start: list[str], old_mid: list[str], new_mid: list[str], end: list[str]
) -> None:
    old, new = start + old_mid + end, start + new_mid + end
    assert _triple_share(old, new) == _share_of_whole_sets(old, new)
    assert _triple_share(new, old) == _share_of_whole_sets(new, old)


@settings(max_examples=300, deadline=None)
@given(WORDS, WORDS)
def test_common_ends_do_not_overlap(a: list[str], b: list[str]) -> None:
    prefix, suffix = _common_ends(a, b)
    assert prefix + suffix <= min(len(a), len(b))
    assert a[:prefix] == b[:prefix] and a[len(a) - suffix :] == b[len(b) - suffix :]
    assert prefix == len(a) or prefix == len(b) or a[prefix] != b[prefix]


def test_one_inserted_sentence_in_a_long_text() -> None:
    rng = random.Random(2)
    old = [rng.choice(["we", "may", "share", "your", "data", "with", "partners", "for", "ads"]) for _ in range(5000)]
    new = (
        old[:2500]
        + [
            "we",
            "may",
            "also",
            "share",
            "your",
            "personal",
            "information",
            "with",
            "our",
            "new",
            "advertising",
            "partners",
        ]
        + old[2500:]
    )
    share = _triple_share(old, new)
    assert share == _share_of_whole_sets(old, new)
    assert 0.9 < share < 1.0
    assert _triple_share(old, old) == 1.0 and _triple_share(old, ["a", "b"]) == 1.0


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["we", "share", "data", "with", "you"]), max_size=12))
def test_paraphrase_shingles_are_the_four_word_runs(words: list[str]) -> None:
    expected = {hash(tuple(words[k : k + 4])) for k in range(len(words) - 3)}
    assert _shingles(words) == expected
