"""A password listed among the data a service collects is collection, not security; a password
kept safe is security (issue 17: a narrower security topic)."""

from __future__ import annotations

import pytest

from tests.classify_helpers import clause_topics

CASES = [
    (
        "en",
        "When you sign up you give us your e-mail address, your date of birth and a password.",
        "When you sign up you give us your phone number, your e-mail address and your date of birth.",
    ),
    (
        "fr",
        "À l’inscription, vous nous donnez votre adresse e-mail, votre date de naissance et votre mot de passe.",
        "À l’inscription, vous nous donnez votre numéro de téléphone, votre adresse e-mail et votre date de naissance.",
    ),
    (
        "de",
        "Bei der Registrierung geben Sie uns Ihre E-Mail-Adresse, Ihr Geburtsdatum und ein Passwort an.",
        "Bei der Registrierung geben Sie uns Ihre Telefonnummer, Ihre E-Mail-Adresse und Ihr Geburtsdatum an.",
    ),
]
HEADINGS = {
    "en": ("Account data", "We run the Acme app."),
    "fr": ("Données du compte", "Acme SAS exploite l’application."),
    "de": ("Kontodaten", "Die Acme GmbH betreibt die App."),
}


@pytest.mark.parametrize(("lang", "old", "new"), CASES)
def test_a_password_in_a_list_of_collected_data_is_not_security(lang: str, old: str, new: str) -> None:
    heading, intro = HEADINGS[lang]
    topics = clause_topics(lang, intro, heading, old, new)
    assert "data_security" not in topics, topics
    if lang == "en":
        assert "first_party_collection" in topics, topics


def test_a_password_kept_safe_is_still_security() -> None:
    topics = clause_topics(
        "en",
        "We run the Acme app.",
        "Account data",
        "We store your password.",
        "We store your password encrypted, and we never see it in plain text.",
    )
    assert "data_security" in topics, topics
