"""A denial turned into a practice done "without your consent" is a reversal (issue 17, rules in
both directions): the only negation left is the consent's, which now says how the practice
happens. Passages written for these tests (realistic policy wording, not from the labelled set)."""

from __future__ import annotations

import pytest

from tests.test_classify_round10 import _judged


@pytest.mark.parametrize(
    ("lang", "heading", "old", "new"),
    [
        ("en", "Sharing",
         "We do not share your contact details with advertisers unless you have agreed.",
         "We share your contact details with advertisers without your agreement."),
        ("fr", "Partage",
         "Nous ne vendons pas vos données, sauf si vous y avez consenti.",
         "Nous vendons vos données sans votre consentement."),
        ("de", "Weitergabe",
         "Wir geben Ihre Daten nicht an Werbepartner weiter, es sei denn, Sie haben eingewilligt.",
         "Wir geben Ihre Daten ohne Ihre Einwilligung an Werbepartner weiter."),
    ],
)  # fmt: skip
def test_a_denial_turned_into_a_practice_without_consent_is_material(
    lang: str, heading: str, old: str, new: str
) -> None:
    clause = _judged(lang, heading, old, new)
    assert clause.materiality == "material", clause.reasons
    assert any("negation removed" in r for r in clause.reasons), clause.reasons


@pytest.mark.parametrize(
    ("lang", "heading", "old", "new"),
    [
        ("en", "Sharing",
         "We do not share your contact details with advertisers unless you have agreed.",
         "We do not share your contact details with advertisers without your agreement."),
        ("en", "Location",
         "We will not use your location for advertising unless you agree.",
         "Without your agreement, your location is never used for advertising."),
        ("de", "Weitergabe",
         "Wir geben Ihre Daten nicht an Werbepartner weiter, es sei denn, Sie haben eingewilligt.",
         "Ohne Ihre Einwilligung geben wir Ihre Daten nicht an Werbepartner weiter."),
    ],
)  # fmt: skip
def test_the_same_denial_with_its_consent_said_otherwise_is_no_reversal(
    lang: str, heading: str, old: str, new: str
) -> None:
    clause = _judged(lang, heading, old, new)
    assert clause.materiality != "material", clause.reasons
