"""Issue 17 (h17y): what a weekly check meets when it takes every change of a version pair —
capitalised words that are no names (a month of a date, "We're", a lone "For" after a link's
text), a notice that the policy itself was updated, and captions added or removed (a contents
entry, a button's text) — and, for each, a near miss of the same shape that stays material or
review.

Every passage is written for these tests (realistic policy wording, not copied from a policy and
not from the labelled set).
"""

from __future__ import annotations

import pytest

from tests.classify_helpers import INTRO, classified_clauses
from tests.classify_helpers import judged_clause as _judged
from tracker.classify.language import rules_for, use
from tracker.classify.names import changed_names, titles
from tracker.models import ClauseChange


def _clauses(lang: str, heading: str, old: list[str], new: list[str]) -> list[ClauseChange]:
    return classified_clauses(lang, INTRO[lang], heading, old, new)


def _names_reason(clause: ClauseChange) -> bool:
    return any(r.startswith("names in a clause") for r in clause.reasons)


# --- a month of a date is no name ----------------------------------------------------------

MONTHS = [
    ("en", "About this notice",
     "In November 2024 we reviewed this notice with our privacy team. It explains what data we collect in the app.",
     "In April 2025 we reviewed this notice with our privacy team. It explains what data we collect in the app."),
    ("en", "Your choices",
     "You can object to profiling at any time in your settings.",
     "Coming soon We are revising this notice from 2 April 2025. You can object to profiling at any time in "
     "your settings."),
]  # fmt: skip


@pytest.mark.parametrize(("lang", "heading", "old", "new"), MONTHS)
def test_a_month_of_a_date_is_no_name_gained_or_lost(lang: str, heading: str, old: str, new: str) -> None:
    gone, new_names, _ = changed_names(old, new)
    assert not {"November", "April"} & set(gone + new_names), (gone, new_names)
    clause = _judged(lang, heading, old, new)
    assert not _names_reason(clause), clause.reasons
    assert clause.materiality != "material", clause.reasons


def test_a_month_alone_in_a_sentence_is_no_name() -> None:
    assert titles("We reviewed this notice in November with Acme Audit.") == [("Acme", "Audit")]


def test_a_german_month_is_no_noun_named() -> None:
    with use(rules_for("de")):
        nouns = {w for run in titles("Wir haben diese Hinweise im März 2025 geändert.") for w in run}
    assert "März" not in nouns
    assert "Hinweise" in nouns  # the other nouns are still read


def test_a_name_beside_a_date_is_still_a_name() -> None:
    clause = _judged(
        "en", "Your choices",
        "Update Since 14 November 2024 you can object to profiling at any time in your settings.",
        "Update Since 14 November 2024 we share your usage history with Mixpanel. You can object to profiling at "
        "any time in your settings.",
    )  # fmt: skip
    assert clause.materiality == "material", clause.reasons
    assert any("Mixpanel" in r for r in clause.reasons), clause.reasons


# --- "We're", "You'll": the policy's "we" and the reader's "you" with a contraction --------


@pytest.mark.parametrize("pronoun", ["We're", "We’ve", "You'll", "We’d"])
def test_a_pronoun_with_a_contraction_is_no_name(pronoun: str) -> None:
    runs = titles(f"Good to know {pronoun} moving the ad settings to the privacy tab.")
    assert all(pronoun not in run for run in runs), runs


def test_a_name_with_a_possessive_is_still_a_name() -> None:
    assert ("Brightcove’s",) in titles("Videos on our pages play in Brightcove’s player.")


# --- a lone function word after a link's text opens a sentence --------------------------------


def test_a_lone_function_word_after_a_link_is_no_name() -> None:
    old = "You can turn off personalised ads in your settings. [[LEARN MORE]](https://example.com/ads)"
    new = old + " For the other ways to opt out, see our help centre."
    gone, new_names, _ = changed_names(old, new)
    assert "For" not in new_names, new_names


def test_a_name_after_a_link_is_still_a_name() -> None:
    old = "You can turn off personalised ads in your settings. [[LEARN MORE]](https://example.com/ads)"
    new = old + " Criteo shows these ads on other sites."
    assert "Criteo" in changed_names(old, new)[1]


# --- a notice that the policy itself was updated -------------------------------------------

NOTICES = [
    ("en", "Privacy notice",
     "News We updated this privacy notice on 3 February 2025. You can object to the use of your reviews to train "
     "our recommendation models.",
     "You can object to the use of your reviews to train our recommendation models."),
    ("fr", "Politique de confidentialité",
     "Nouveauté Nous avons mis à jour cette politique le 3 février 2025. Vous pouvez vous opposer à "
     "l’utilisation de vos avis pour entraîner nos modèles de recommandation.",
     "Vous pouvez vous opposer à l’utilisation de vos avis pour entraîner nos modèles de recommandation."),
]  # fmt: skip


@pytest.mark.parametrize(("lang", "heading", "old", "new"), NOTICES)
def test_an_update_notice_is_about_changes_to_the_policy(lang: str, heading: str, old: str, new: str) -> None:
    clause = _judged(lang, heading, old, new)
    assert set(clause.topics) == {"policy_change"}, clause.topics
    assert clause.materiality != "material", clause.reasons


@pytest.mark.parametrize(
    ("lang", "heading", "old", "new"),
    [
        ("en", "About this notice", "You can object to profiling in your settings.",
         "This notice was last updated on 9 June 2025. You can object to profiling in your settings."),
        ("fr", "À propos", "Vous pouvez vous opposer au profilage dans vos paramètres.",
         "Dernière mise à jour : 9 juin 2025. Vous pouvez vous opposer au profilage dans vos paramètres."),
    ],
)  # fmt: skip
def test_a_date_line_is_no_update_notice(lang: str, heading: str, old: str, new: str) -> None:
    assert "policy_change" not in _judged(lang, heading, old, new).topics


def test_an_update_notice_beside_a_new_practice_keeps_the_practice() -> None:
    clause = _judged(
        "en", "Privacy notice",
        "You can object to the use of your reviews to train our recommendation models.",
        "News We updated this privacy notice on 3 February 2025. We now also share your reviews with our "
        "advertising partners. You can object to the use of your reviews to train our recommendation models.",
    )  # fmt: skip
    assert clause.materiality == "material", clause.reasons
    assert "third_party_sharing" in clause.topics


# --- captions added or removed ---------------------------------------------------------------

CAPTIONS = [
    ("en", "How we use your data", ["Table of contents"], "removed"),
    ("en", "How we use your data", ["What matters most?"], "added"),
    ("en", "How we use your data", ["What matters most?"], "removed"),
    ("en", "Contact", ["Contact us"], "added"),  # removed, it is contact text gone: the contact rule's call
    ("fr", "Nous contacter", ["Par courrier :"], "added"),
    ("fr", "Sommaire", ["Ce qui compte le plus"], "removed"),
]


@pytest.mark.parametrize(("lang", "heading", "lines", "direction"), CAPTIONS)
def test_a_caption_added_or_removed_is_editorial(lang: str, heading: str, lines: list[str], direction: str) -> None:
    body = {"en": "We use your order history to deliver your orders.",
            "fr": "Nous utilisons votre historique de commandes pour livrer vos commandes."}[lang]  # fmt: skip
    old, new = ([body], [*lines, body]) if direction == "added" else ([*lines, body], [body])
    clauses = _clauses(lang, heading, old, new)
    assert [c.kind for c in clauses] == [direction], clauses
    assert clauses[0].materiality == "editorial", clauses[0].reasons
    assert clauses[0].reasons[0].startswith("caption"), clauses[0].reasons


@pytest.mark.parametrize(
    ("lang", "heading", "line"),
    [
        ("en", "Our EU representative", "Acme Privacy Services GmbH"),  # a party: a person reads it
        ("fr", "Nous contacter", "Suisse"),  # one word may be a name or a place
        ("fr", "Nous contacter", "12 rue des Lilas"),
        ("en", "Sharing", "Never sold to data brokers"),  # a negation: a commitment
        ("de", "Kontakt", "Kontakt und Beschwerden"),  # German capitalises every noun: not read as a caption
    ],
)
def test_a_line_that_may_name_a_party_or_a_practice_is_no_caption(lang: str, heading: str, line: str) -> None:
    body = {"en": "We use your order history to deliver your orders.",
            "fr": "Nous utilisons votre historique de commandes pour livrer vos commandes.",
            "de": "Wir nutzen Ihre Bestellhistorie, um Ihre Bestellungen zu liefern."}[lang]  # fmt: skip
    clauses = _clauses(lang, heading, [body], [line, body])
    assert [c.kind for c in clauses] == ["added"], clauses
    assert clauses[0].materiality != "editorial", clauses[0].reasons


def test_a_short_statement_is_no_caption() -> None:
    (clause,) = _clauses(
        "en", "Sharing", ["We use your order history to deliver your orders."],
        ["We sell your contact list.", "We use your order history to deliver your orders."],
    )  # fmt: skip
    assert clause.materiality == "material", clause.reasons


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (["- IP address", "- Operating system"], ["- IP address", "- Browser and device type", "- Operating system"]),
        (["We collect the following.", "• Account data"], ["We collect the following.", "• Account data",
                                                           "• Purchase history"]),
    ],
)  # fmt: skip
def test_a_list_member_added_is_no_caption(old: list[str], new: list[str]) -> None:
    clauses = _clauses("en", "Information we collect automatically", old, new)
    assert [c.kind for c in clauses] == ["added"], clauses
    assert clauses[0].materiality != "editorial", clauses[0].reasons
