"""Issue 17, twelfth round (h17q): topic tags on policies the lexicon was not written from —
practices said in other words (collection without "collect", transfers without "transfer",
a complaint to a regulator as a right), and words that name no practice of the topic.

Every passage is written for these tests (realistic policy wording, not copied from a policy and
not from the labelled set).
"""

from __future__ import annotations

import pytest

from tests.test_classify_round10 import _judged

# --------------------------------------------------------------------------- collection in other words


@pytest.mark.parametrize(
    ("lang", "heading", "old", "new"),
    [
        ("en", "Signing up",
         "We ask for your name and a password when you sign up.",
         "We ask for your name, a password and your date of birth when you sign up."),
        ("en", "Delivery",
         "Your parcel is handed to a courier once it is packed.",
         "Your parcel is handed to a courier once it is packed, and we receive its delivery status."),
        ("en", "Offers",
         "We use your orders to improve our shop.",
         "We use your orders to improve our shop and to show you personalised offers."),
        ("en", "Automated decisions",
         "We do not use automated decision-making to approve loans.",
         "We use automated decision-making to approve loans."),
        ("fr", "Inscription",
         "Nous vous demandons votre nom et un mot de passe.",
         "Nous vous demandons votre nom, un mot de passe et votre date de naissance."),
        ("fr", "Livraison",
         "Votre colis est remis au transporteur dès sa préparation.",
         "Votre colis est remis au transporteur dès sa préparation ; nous recevons ensuite son statut de livraison."),
        ("fr", "Inscription",
         "Nous vous demandons votre adresse e-mail.",
         "Nous vous demandons votre adresse e-mail et votre numéro de téléphone."),
        ("fr", "Offres",
         "Nous utilisons vos commandes pour améliorer la boutique.",
         "Nous utilisons vos commandes pour améliorer la boutique et vous proposer des offres personnalisées."),
        ("de", "Anmeldung",
         "Wir fragen bei der Anmeldung nach Ihrem Namen.",
         "Wir fragen bei der Anmeldung nach Ihrem Namen und Ihrem Geburtsdatum."),
        ("de", "Anmeldung",
         "Für die Anmeldung genügt ein Passwort.",
         "Für die Anmeldung müssen Sie uns ein Passwort und Ihren Wohnort mitteilen."),
    ],
)  # fmt: skip
def test_collection_said_in_other_words_is_tagged(lang: str, heading: str, old: str, new: str) -> None:
    clause = _judged(lang, heading, old, new)
    assert "first_party_collection" in clause.topics, clause.topics
    assert "contact" not in clause.topics, clause.topics


@pytest.mark.parametrize(
    ("lang", "heading", "old", "new"),
    [
        ("fr", "Informations", "Lisez la suite pour en savoir plus.", "Lisez la suite pour obtenir plus de détails."),
        ("fr", "Informations", "Lisez la suite pour en savoir plus.", "Lisez la suite pour obtenir une explication."),
        ("en", "Offers", "We show you other ads.", "We show you non-personalised ads."),
    ],
)  # fmt: skip
def test_words_that_gather_no_data_are_no_collection(lang: str, heading: str, old: str, new: str) -> None:
    clause = _judged(lang, heading, old, new)
    assert "first_party_collection" not in clause.topics, clause.topics


def test_a_verb_said_with_or_without_a_modal_is_no_new_collection() -> None:
    clause = _judged(
        "fr", "Publicité",
        "Nous pouvons également recevoir des informations sur les publicités que vous voyez.",
        "Nous recevons également des informations sur les publicités que vous voyez.",
    )  # fmt: skip
    assert "first_party_collection" in clause.topics, clause.topics
    assert not any("new text on collection" in r for r in clause.reasons), clause.reasons


# --------------------------------------------------------------------------- a complaint to a regulator is a right


@pytest.mark.parametrize(
    ("lang", "heading", "old", "new"),
    [
        ("en", "Complaints",
         "If you are unhappy, please tell us first.",
         "If you are unhappy, you may lodge a complaint with the supervisory authority."),
        ("fr", "Réclamation auprès de l’autorité de contrôle",
         "Si vous n’êtes pas satisfait, dites-le-nous.",
         "Si vous n’êtes pas satisfait, vous pouvez introduire une réclamation auprès de la CNIL."),
        ("de", "Beschwerden",
         "Wenn Sie unzufrieden sind, sagen Sie es uns.",
         "Wenn Sie unzufrieden sind, können Sie sich bei einer Aufsichtsbehörde beschweren."),
    ],
)  # fmt: skip
def test_a_complaint_to_a_regulator_is_a_right_not_a_contact(lang: str, heading: str, old: str, new: str) -> None:
    clause = _judged(lang, heading, old, new)
    assert "user_access" in clause.topics, clause.topics
    assert "contact" not in clause.topics, clause.topics


def test_a_complaint_to_the_company_stays_a_contact() -> None:
    clause = _judged(
        "fr", "Nous joindre",
        "Pour toute question, utilisez le formulaire.",
        "Pour toute réclamation, utilisez le formulaire.",
    )  # fmt: skip
    assert "contact" in clause.topics, clause.topics


def test_the_seat_of_the_company_is_a_contact_detail() -> None:
    clause = _judged(
        "en", "Company details",
        "Example Ltd has its headquarters at 1 Sample Street, London.",
        "Example Ltd has its headquarters at 9 Harbour Road, Leeds.",
    )  # fmt: skip
    assert "contact" in clause.topics, clause.topics
    assert clause.materiality == "material", clause.reasons


# --------------------------------------------------------------------------- where data is hosted


@pytest.mark.parametrize(
    ("lang", "heading", "old", "new"),
    [
        ("en", "Storage", "We keep your files on servers in Ireland.",
         "We keep your files on servers in Ireland and Canada."),
        ("fr", "Stockage", "Nous hébergeons vos fichiers en France.",
         "Nous hébergeons vos fichiers en France et au Canada."),
        ("de", "Speicherort", "Ihre Dateien liegen auf Servern in Deutschland.",
         "Ihre Dateien liegen auf Servern in Deutschland und Kanada."),
    ],
)  # fmt: skip
def test_a_new_hosting_country_is_a_transfer(lang: str, heading: str, old: str, new: str) -> None:
    clause = _judged(lang, heading, old, new)
    assert "cross_border_transfers" in clause.topics, clause.topics


def test_a_hosting_provider_is_no_country() -> None:
    clause = _judged(
        "fr", "Sous-traitants",
        "Nous faisons appel à Alpha Cloud pour l’hébergement.",
        "Nous faisons appel à Beta Cloud pour l’hébergement.",
    )  # fmt: skip
    assert "cross_border_transfers" not in clause.topics, clause.topics


# --------------------------------------------------------------------------- security only of data


def test_the_safety_of_members_is_no_data_security() -> None:
    clause = _judged(
        "fr", "Modération",
        "Nous veillons à la sûreté de nos membres.",
        "Nous veillons à la sûreté et au bien-être de nos membres.",
    )  # fmt: skip
    assert "data_security" not in clause.topics, clause.topics


def test_the_safeguard_of_a_transfer_is_no_security_measure() -> None:
    clause = _judged(
        "fr", "Transferts",
        "Lorsque nous transférons vos données hors de l’EEE, nous utilisons des clauses contractuelles types.",
        "Lorsque nous transférons vos données hors de l’EEE, nous utilisons des clauses contractuelles types, "
        "qui garantissent la sécurité de vos données.",
    )  # fmt: skip
    assert "cross_border_transfers" in clause.topics, clause.topics
    assert "data_security" not in clause.topics, clause.topics


# --------------------------------------------------------------------------- who deletes


def test_the_company_deleting_on_its_schedule_is_retention_not_a_right() -> None:
    clause = _judged(
        "en", "Deleting data",
        "We delete your order history after two years.",
        "We delete your order history after three years.",
    )  # fmt: skip
    assert "data_retention" in clause.topics, clause.topics
    assert "user_access" not in clause.topics, clause.topics


def test_the_user_deleting_is_a_right() -> None:
    clause = _judged(
        "en", "Your account",
        "You can change your e-mail address in the app.",
        "You can change your e-mail address or delete your account in the app.",
    )  # fmt: skip
    assert "user_access" in clause.topics, clause.topics
