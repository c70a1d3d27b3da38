"""``scope.regions`` is cached per classification, keyed on the language being read."""

from __future__ import annotations

import random

from tracker.classify import scope
from tracker.classify.language import rules_for, use
from tracker.classify.lexicon import clear_match_caches

TEXTS = [
    "We transfer data outside the EU and the European Economic Area to the United States.",
    "Residents of California and the EEA have further rights; users in the UK too.",
    "Nous transférons vos données hors de l'Union européenne, notamment aux États-Unis.",
    "Wir übermitteln Daten in die Vereinigten Staaten und außerhalb der Europäischen Union.",
    "No region is named here at all.",
]


def test_cached_regions_equal_the_uncached_answer_in_each_language() -> None:
    rng = random.Random(7)
    words = " ".join(TEXTS).split()
    texts = TEXTS + [" ".join(rng.choice(words) for _ in range(rng.randint(1, 30))) for _ in range(300)]
    answers = {}
    for lang in ("en", "fr", "de"):
        clear_match_caches()
        with use(rules_for(lang)):
            for text in texts:
                uncached = scope._regions.__wrapped__(rules_for(lang), text)
                assert scope.regions(text) == uncached
                assert scope.regions(text) == uncached  # the cached answer, asked again
                answers[lang, text] = uncached
    assert answers["en", TEXTS[0]]
    assert answers["de", TEXTS[3]] != answers["en", TEXTS[3]]  # German names are read in German only


def test_regions_cache_is_emptied_and_bounded() -> None:
    with use(rules_for("en")):
        scope.regions("the EU")
    assert scope._regions.cache_info().currsize >= 1
    clear_match_caches()
    assert scope._regions.cache_info().currsize == 0
    assert scope._regions.cache_info().maxsize == 1024
