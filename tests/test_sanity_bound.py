"""``sanity.kept_at_least_half``: the same-document check reads only what two versions do not
share at their start and end to prove that the new text kept at least half of its word triples.
When it says so, ``_triple_share`` of the whole word lists must be >= 0.5, and the check must
give the answer it gives without the shortcut (real successive versions of tests/data/corpus,
texts rewritten at random, and pages that are walls, error pages or other documents)."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tracker.extract import extract, sanity
from tracker.extract.sanity import _triple_share, _words, kept_at_least_half, same_document_reason
from tracker.models import Clause, PolicyDocument, Section

VOCABULARY = ["we", "share", "data", "with", "You", "É", "ſ", "_", "x_y", "a1", "-", ".", "\n", "  ", "İ", "ǅ"]


def _share(old: str, new: str) -> float:
    return _triple_share(_words(old), _words(new))


def _edited(rng: random.Random, words: list[str], edits: int) -> list[str]:
    new = list(words)
    for _ in range(edits):
        at = rng.randint(0, len(new))
        new[at : at + rng.randint(0, 3)] = [rng.choice(VOCABULARY) for _ in range(rng.randint(0, 3))]
    return new


def test_proven_only_when_half_is_kept_on_random_edits() -> None:
    rng = random.Random(14)
    proven = unproven_but_kept = 0
    for _ in range(6000):
        base = [rng.choice(VOCABULARY) for _ in range(rng.randint(0, 60))]
        joiner = rng.choice([" ", "", "  ", "\n"])
        old, new = joiner.join(base), joiner.join(_edited(rng, base, rng.randint(0, 5)))
        share = _share(old, new)
        if kept_at_least_half(old, new):
            assert share >= 0.5, (old, new)
            proven += 1
        elif share >= 0.5:
            unproven_but_kept += 1
    assert proven > 2500  # it does prove most small edits
    assert unproven_but_kept < proven


@settings(max_examples=600, deadline=None)
@given(st.text(alphabet="ab _-É\nİſ1", max_size=80), st.text(alphabet="ab _-É\nİſ1", max_size=80))
def test_proven_only_when_half_is_kept_on_any_texts(old: str, new: str) -> None:
    if kept_at_least_half(old, new):
        assert _share(old, new) >= 0.5
    if kept_at_least_half(old, old + new):
        assert _share(old, old + new) >= 0.5


def _versions(corpus_dir: Path) -> list[list[PolicyDocument]]:
    documents = []
    for folder in sorted(corpus_dir.glob("*/versions")):
        versions = []
        for path in sorted(folder.glob("*.md")):
            try:
                versions.append(extract(path.read_bytes(), "text/markdown"))
            except Exception:  # an empty capture: nothing to compare
                continue
        documents.append(versions)
    return documents


def _without_shortcut(monkeypatch: pytest.MonkeyPatch, old: PolicyDocument, new: PolicyDocument) -> object:
    with monkeypatch.context() as patch:
        patch.setattr(sanity, "kept_at_least_half", lambda old_text, new_text: False)
        return same_document_reason(old, new)


def test_same_answers_on_corpus_versions(corpus_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    documents = _versions(corpus_dir)
    pairs = [(a, b) for versions in documents for a, b in zip(versions, versions[1:], strict=False)]
    pairs += [(documents[i][0], documents[i + 1][-1]) for i in range(len(documents) - 1) if documents[i + 1]]
    assert len(pairs) > 40
    proven = held = 0
    for old, new in pairs:
        old_text, new_text = old.to_markdown(), new.to_markdown()
        if kept_at_least_half(old_text, new_text):
            proven += 1
            assert _share(old_text, new_text) >= 0.5
        reason = same_document_reason(old, new)
        assert reason == _without_shortcut(monkeypatch, old, new)
        held += reason is not None
    assert proven >= 15  # successive versions: mostly the same text (not when the date line at the top changed too)
    assert held >= 5  # the first version of one document against the last of another


def _page(*clauses: str, heading: str = "Privacy") -> PolicyDocument:
    return PolicyDocument(
        title="Policy",
        last_updated=None,
        sections=(Section(id="s", heading=heading, path=(heading,), level=2, clauses=tuple(map(Clause, clauses))),),
    )


def test_walls_and_other_pages_are_still_held(monkeypatch: pytest.MonkeyPatch) -> None:
    policy = _page(*(f"We share data number {n} with partners for purpose {n}." for n in range(40)))
    walls = [
        _page("Sign in to continue.", "Forgot your password? Create an account."),
        _page("Page not found.", "Something went wrong."),
        _page("We value your privacy. Accept all or reject all cookies.", "Manage your preferences."),
        _page(*(f"The seller ships goods within {n} days of payment by card." for n in range(60)), heading="Terms"),
    ]
    for page in walls:
        reason = same_document_reason(policy, page)
        assert reason is not None and reason == _without_shortcut(monkeypatch, policy, page)
        assert not kept_at_least_half(policy.to_markdown(), page.to_markdown())
    edited = _page(*(f"We share data number {n} with partners for purpose {n}." for n in range(39)), "We sell it.")
    assert kept_at_least_half(policy.to_markdown(), edited.to_markdown())
    assert same_document_reason(policy, edited) is None


def test_the_words_next_to_a_cut_are_whole_and_all_of_them_when_fewer() -> None:
    text = "aa bb cc dd " + "x" * 300 + " ee ff"
    assert sanity._words_before(text, 12, 4) == ["aa", "bb", "cc", "dd"]
    assert sanity._words_before(text, 12, 9) == ["aa", "bb", "cc", "dd"]  # fewer than asked: all
    assert sanity._words_before(text, 12, 5) == ["aa", "bb", "cc", "dd"]
    assert sanity._words_before(text, len(text), 3) == ["x" * 300, "ee", "ff"]  # the window grew to whole words
    assert sanity._words_after(text, 2, 9) == ["bb", "cc", "dd", "x" * 300, "ee", "ff"]
    assert sanity._words_after(text, 11, 1) == ["x" * 300]
