"""The caches and shortcuts of classification's per-text work (issue 20, h20n): each cached
answer is the answer for its own text (and language), the caches are bounded and emptied by each
classification, and each shortcut gives what the longer way gave."""

from __future__ import annotations

import random
import unicodedata

from tracker.classify import language_switch, memo, names, own_name, paraphrase, rules, surface
from tracker.classify.language import SAMPLE_CHARS, rules_for, use
from tracker.classify.lexicon import clear_match_caches
from tracker.classify.rules import strip_markup
from tracker.extract import lookalike
from tracker.models import Clause, ClauseChange, PolicyDocument, Section


def _letters_by_each_character(text: str) -> str:
    """``surface._letters`` as it was: every character tested in one generator."""
    decomposed = unicodedata.normalize("NFKD", strip_markup(text).casefold())
    return "".join(c for c in decomposed if c.isalnum() and not unicodedata.combining(c))


def test_letters_of_two_texts_are_their_own_and_the_cache_is_bounded() -> None:
    clear_match_caches()
    assert surface._letters("Web-Seite") == "webseite"
    assert surface._letters("Vertrags-Abwicklung") == "vertragsabwicklung"
    assert surface._letters("Web-Seite") == "webseite"  # a hit: still its own answer
    info = surface._letters.cache_info()  # type: ignore[attr-defined]
    assert (info.hits, info.misses, info.maxsize) == (1, 2, 1024)
    for k in range(1100):
        surface._letters(f"text {k}")
    assert surface._letters.cache_info().currsize == 1024  # type: ignore[attr-defined]


def test_letters_as_before_on_random_text() -> None:
    rng = random.Random(20)
    alphabet = [chr(c) for c in range(0x20, 0x3000)] + list("éèçàÄöüßﬁ①Ⅻ\u0301\u0308\u00a0")
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
        assert surface._letters.__wrapped__(text) == _letters_by_each_character(text)  # type: ignore[attr-defined]


def test_same_letters_reason_tells_two_clauses_apart() -> None:
    clear_match_caches()
    joined = ClauseChange("modified", "Visit our web site today.", "Visit our website today.")
    reworded = ClauseChange("modified", "Visit our web site today.", "Visit our web shop today.")
    assert surface.same_letters_reason(joined) is not None
    assert surface.same_letters_reason(reworded) is None


def test_changed_names_cached_answers_are_their_own_and_cannot_be_changed_by_a_caller() -> None:
    clear_match_caches()
    gone, new, _ = names.changed_names("We use Stripe for payments.", "We use Stripe and Adyen for payments.")
    assert (gone, new) == ([], ["Adyen"])
    new.append("Mallory")  # a caller's list is its own copy
    assert names.changed_names("We use Stripe for payments.", "We use Stripe and Adyen for payments.")[1] == ["Adyen"]
    other = names.changed_names("We use Stripe for payments.", "We use Mollie for payments.")
    assert other[:2] == (["Stripe"], ["Mollie"])


def test_titles_are_cached_per_language() -> None:
    clear_match_caches()
    text = "Wir geben Ihre Daten an den Dienstleister weiter."
    english = names.titles(text)
    with use(rules_for("de")):
        german = names.titles(text)
        assert german == names._title_runs(rules_for("de"), text)
    assert english == names._title_runs(rules_for("en"), text) == [("Ihre", "Daten"), ("Dienstleister",)]  # capitals
    assert german == [("Daten",), ("Dienstleister",)]  # German nouns, each a run, "Ihre" a pronoun
    assert names.titles(text) == english


def test_own_names_of_each_clause() -> None:
    clear_match_caches()
    assert own_name._clause_names('Acme Dating Ltd ("Acme", "we", "us") runs the app.') == {
        "Acme Dating Ltd",
        "Acme Dating",
        "Acme",
    }
    assert own_name._clause_names("Acme Dating Ltd (we, us) runs the app.") == frozenset()  # no quotes
    assert own_name._clause_names("Globex SAS (« Globex » ou « nous ») traite vos données.") == {
        "Globex SAS",
        "Globex",
    }


def test_clear_match_caches_empties_every_per_classification_cache() -> None:
    surface._letters("some text")
    names.changed_names("Stripe", "Adyen")
    assert any(cached.cache_info().currsize for cached in memo._CACHES)
    clear_match_caches()
    assert memo._CACHES and all(cached.cache_info().currsize == 0 for cached in memo._CACHES)
    assert all(cached.cache_info().maxsize for cached in memo._CACHES)  # every one bounded


def _stems_one_by_one(text: str) -> tuple[str, ...]:
    stem = rules_for("en").stem
    return tuple(stem(w) for w in rules._STEM_WORD.findall(text.lower().replace("’", "'")))


def test_word_stems_as_one_by_one_and_the_word_count_shortcut() -> None:
    text = "We share, shared and are sharing the data we’ve shared with partners' partners."
    assert tuple(rules.word_stems(text)) == _stems_one_by_one(text)
    assert rules._same_stems("We gathers data.", "We gather data!")
    assert not rules._same_stems("We gather data.", "We gather data daily.")
    assert not rules._same_stems("We gather data.", "We share data.")


def _mixed_as_before(text: str) -> list[str]:
    def scripts(word: str) -> set[str]:
        return {s for c in word for s in ("LATIN", "CYRILLIC", "GREEK") if unicodedata.name(c, "").startswith(s)}

    words = lookalike._WORD.findall(text)
    found = [w for w in words if not w.isascii() and len(scripts(w)) > 1 and "LATIN" in scripts(w)]
    return list(dict.fromkeys(found))


def test_mixed_script_words_as_before() -> None:
    texts = ["We will nеvеr sell it", "plain ascii text", "Ελληνικά and Русский", "pаypаl Αpple café", ""]
    rng = random.Random(7)
    alphabet = list("abcXYZ éа еоΑο ß1_")
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 25))) for _ in range(2000)]
    texts += ["café résumé ﬁne", "naïve Ωmega", "Zürich “quoted” ǅx", "ℌello ΚΑΙ café"]  # no Cyrillic or Greek: none
    latin = list("abcXYZ éèßüﬁ “ 1_")  # accents but no Cyrillic or Greek letter: the text-wide shortcut
    texts += ["".join(rng.choice(latin) for _ in range(rng.randint(0, 25))) for _ in range(500)]
    for text in texts:
        assert lookalike.mixed_script_words(text) == _mixed_as_before(text)
    assert lookalike.mixed_script_words("We will nеvеr sell it") == ["nеvеr"]
    assert lookalike.mixed_script_words("naïve Ωmega café") == ["Ωmega"]  # a Greek letter in a Latin word


def _whole_text(document: PolicyDocument) -> str:
    parts = [document.title or ""]
    for section in document.sections:
        parts.append(section.heading)
        parts.extend(clause.text for clause in section.clauses)
    return "\n".join(p for p in parts if p)


def test_document_text_stops_where_language_detection_stops_reading() -> None:
    for size in (1, 2, 99, 100, 101, 5999, 6000, 6001):
        clauses = tuple(Clause("x" * size if k % 3 else "") for k in range(12000))
        document = PolicyDocument("A title", None, (Section("s", "Heading", ("Heading",), 1, clauses),))
        text = language_switch._document_text(document)
        assert text[:SAMPLE_CHARS] == _whole_text(document)[:SAMPLE_CHARS]
        assert len(text) < len(_whole_text(document))  # the rest is not joined
        assert len(text) >= SAMPLE_CHARS
    short = PolicyDocument("Title", None, (Section("s", "", (), 0, (Clause("one"), Clause("two"))),))
    assert language_switch._document_text(short) == "Title\none\ntwo"


def test_meaning_words_cached_per_text_and_language_and_copied() -> None:
    clear_match_caches()
    first = paraphrase.meaning_words("We share your data with partners.")
    assert first == paraphrase._meaning_words.__wrapped__(rules_for("en"), "We share your data with partners.")  # type: ignore[attr-defined]
    first["mallory"] += 1  # the caller's own copy
    assert "mallory" not in paraphrase.meaning_words("We share your data with partners.")
    assert paraphrase.meaning_words("We sell your data.") != paraphrase.meaning_words(
        "We share your data with partners."
    )
    with use(rules_for("de")):
        german = paraphrase.meaning_words("Wir teilen Ihre Daten mit Partnern.")
        assert german == paraphrase._meaning_words.__wrapped__(rules_for("de"), "Wir teilen Ihre Daten mit Partnern.")  # type: ignore[attr-defined]
    assert paraphrase.meaning_words("Wir teilen Ihre Daten mit Partnern.") != german  # read as English: other stems


def test_new_negative_sentences_read_the_old_clause_only_when_needed() -> None:
    from tracker.classify import scope

    denial = ClauseChange("modified", "We keep your data.", "We keep your data. We do not sell your data.")
    assert scope._new_negative_sentences(denial) == ["We do not sell your data."]
    same = ClauseChange("modified", "We do not sell your data.", "We do not sell your data. We keep it.")
    assert scope._new_negative_sentences(same) == []


def test_one_classification_judges_each_clause_on_its_own_text() -> None:
    from tracker import diff_text

    old = "# Privacy\n\nVisit our web site for details.\n\n# Sharing\n\nVisit our web site for offers.\n"
    new = "# Privacy\n\nVisit our website for details.\n\n# Sharing\n\nVisit our web shop for offers.\n"
    diff = diff_text(old, new)
    reasons = {c.new_heading: [r for clause in c.clauses for r in clause.reasons] for c in diff.changes}
    assert any("spelling" in r for r in reasons["Privacy"])  # words joined: a spelling change
    assert not any("spelling" in r for r in reasons["Sharing"])  # another word: not the cached answer
