"""A practice that moved between opt-out and opt-in is material, in either direction and in
English, French and German; a clause that keeps its side is not judged by this rule (issue 17,
rules in both directions). Every passage is written for these tests."""

from __future__ import annotations

import pytest

from tests.classify_helpers import classified_clauses

INTRO = {
    "en": "Acme Ltd runs the Acme shop.",
    "fr": "Acme SAS exploite la boutique Acme.",
    "de": "Die Acme GmbH betreibt den Acme-Shop.",
}


def _clause(lang: str, old: str, new: str):  # type: ignore[no-untyped-def]
    (clause,) = classified_clauses(
        lang, INTRO[lang], {"en": "Marketing", "fr": "Prospection", "de": "Werbung"}[lang], [old], [new]
    )
    return clause


@pytest.mark.parametrize(
    ("lang", "old", "new", "said"),
    [
        ("en", "We send you offers by e-mail unless you opt out in your settings.",
         "We send you offers by e-mail only if you opt in in your settings.", "opt-out → opt-in"),
        ("en", "Personalised advertising is off by default and you can switch it on.",
         "Personalised advertising is on by default and you can switch it off.", "opt-in → opt-out"),
        ("fr", "Nous vous envoyons nos offres par e-mail sauf si vous vous y opposez.",
         "Nous vous envoyons nos offres par e-mail uniquement avec votre consentement préalable.", "opt-out → opt-in"),
        ("de", "Wir senden Ihnen Angebote per E-Mail nur mit Ihrer vorherigen Einwilligung.",
         "Wir senden Ihnen Angebote per E-Mail, sofern Sie nicht widersprechen.", "opt-in → opt-out"),
    ],
)  # fmt: skip
def test_a_consent_model_turned_round_is_material(lang: str, old: str, new: str, said: str) -> None:
    clause = _clause(lang, old, new)
    assert clause.materiality == "material", clause.reasons
    assert f"consent model changed: {said}" in clause.reasons


@pytest.mark.parametrize(
    ("lang", "old", "new"),
    [
        ("en", "You can opt out of our offers at any time.",
         "You can opt out of our offers at any time in your settings."),
        ("fr", "Vous pouvez vous opposer à tout moment à la prospection.",
         "Vous pouvez à tout moment vous opposer à la prospection commerciale."),
        ("de", "Sie können der Werbung jederzeit widersprechen.",
         "Sie können der Werbung jederzeit per E-Mail widersprechen."),
    ],
)  # fmt: skip
def test_a_clause_that_keeps_its_side_is_not_a_consent_model_change(lang: str, old: str, new: str) -> None:
    assert not any("consent model" in reason for reason in _clause(lang, old, new).reasons)
