"""The lexicon's literal gate: a topic whose patterns' required literals are absent from a text
is matched by its terms alone, and that finds exactly what the whole regex finds."""

from __future__ import annotations

import random
import re
import tomllib
from pathlib import Path

from tracker.classify import lexicon
from tracker.classify.lexicon import clear_match_caches, default_lexicon, matches
from tracker.classify.literal_gate import literal_search, required_literal

LABELS = Path(__file__).parent / "data" / "classify" / "clause_labels.toml"


def _ungated(topic: lexicon.Topic, text: str) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for match in topic.regex.finditer(text):
        seen[" ".join(match.group(0).lower().split())] = None
    return tuple(seen)


def _clause_texts() -> list[tuple[str, str]]:
    items = tomllib.loads(LABELS.read_text(encoding="utf-8"))["item"]
    return [(item["lang"], item[side]) for item in items for side in ("old", "new") if item[side]]


def test_required_literals_of_patterns() -> None:
    assert required_literal(r"\bopt(?:ed|ing)?[ -]out\b") == "opt"
    assert required_literal(r"(?:(?<=\bcookie )|(?<=\bprivacy ))preferences\b") == "preferences"
    assert required_literal(r"\b(?:sell|share)s?\b") is None  # only alternatives: nothing required
    assert required_literal(r"(?:right to )?erase") == "erase"  # the optional part is not required
    assert required_literal(r"(?:data)+ breach") == " breach"
    assert required_literal(r"ab") is None


def test_literal_search_folds_case_as_the_pattern_does() -> None:
    gate = literal_search(r"\bkeep\b")
    assert gate is not None
    pattern = re.compile(r"\bkeep\b", re.IGNORECASE)
    for text in ("KEEP", "Keep", "\u212aeep", "kee p"):  # the Kelvin sign folds to "k" in ``re``
        assert (gate.search(text) is not None) >= (pattern.search(text) is not None)
    assert gate.search("\u212aeep") is not None


def test_gated_matches_equal_the_whole_regex_on_labelled_clauses() -> None:
    texts = _clause_texts()
    assert len(texts) > 300
    gated_topics = 0
    for lang, text in texts:
        clear_match_caches()
        for topic in default_lexicon(lang).topics:
            gated_topics += topic.pattern_gates is not None
            assert matches(topic, text) == _ungated(topic, text), (lang, topic.name, text[:80])
    assert gated_topics > 0


def test_gated_matches_equal_the_whole_regex_on_random_texts() -> None:
    rng = random.Random(20)
    skipped = 0
    for lang in ("en", "fr", "de"):
        topics = default_lexicon(lang).topics
        vocabulary = [w for t in topics for term in t.terms for w in term.split()]
        vocabulary += [g.pattern.replace("\\", "") for t in topics for g in t.pattern_gates or ()]
        vocabulary += ["\u017f", "\u212a", "\u0130", "SECURITY", "Preferences", "(", "’", "-", "\n"]
        for _ in range(1500):
            text = " ".join(rng.choice(vocabulary) for _ in range(rng.randint(1, 25)))
            clear_match_caches()
            for topic in topics:
                if topic.pattern_gates is not None and not any(g.search(text) for g in topic.pattern_gates):
                    skipped += 1
                assert matches(topic, text) == _ungated(topic, text), (lang, topic.name, text)
    assert skipped > 1000  # the gate was taken often, not only the whole regex


def test_lowers_like_re_only_where_lower_case_words_are_what_re_matches() -> None:
    from tracker.classify.literal_gate import lowers_like_re

    assert lowers_like_re("We SHARE data")
    assert lowers_like_re("Données partagées’ «Über» straße")
    assert lowers_like_re("\u212aeep")  # the Kelvin sign lowers to "k", which is what re matches it as
    for odd in ("\u017f", "\u0131", "\u0130"):  # long s, dotless i, dotted capital I
        assert not lowers_like_re(f"we {odd}hare"), odd
    topic = next(t for t in default_lexicon("en").topics if t.name == "third_party_sharing")
    text = "we \u017fhare it"  # "ſ" is "s" to ``re``: the gate must not hide the match
    clear_match_caches()
    assert matches(topic, text) == _ungated(topic, text)


def test_a_topic_without_patterns_finds_a_term_re_folds_from_an_odd_letter() -> None:
    topics = [t for lang in ("en", "fr", "de") for t in default_lexicon(lang).topics if not t.patterns]
    assert topics, "some topic has terms only"
    checked = 0
    for topic in topics:
        term = next((t for t in topic.terms if "s" in t.split()[0]), None)
        if term is None:
            continue
        odd = term.replace("s", "\u017f", 1)  # "ſ" is "s" to ``re``
        text = f"Wir und we: {odd} today"
        clear_match_caches()
        assert matches(topic, text) == _ungated(topic, text) != (), (topic.name, text)
        checked += 1
    assert checked > 0
