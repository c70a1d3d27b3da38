"""Issue 17, sixth round (h17h): topic tags on unseen policies.

General causes of wrong or missing tags found on fresh passages, each tested here with passages
written for these tests (realistic policy wording, not taken from a policy or from the labelled
set): "security" and "protect" in other senses (a deposit, social security, the safety of
members, a right protected, a settings menu); French « sécurité sociale » and « communiquer avec »
(talking, not disclosing); a minimum age under 18 ("aged 16 and over"); plural legal bases;
"exercise the rights"; a device's MAC address; a region in a statute's name says whom the clause
is for; a consent condition of a collection ("if we obtain your consent", « si nous obtenons
votre consentement », "wenn wir Ihre Einwilligung erhalten"); consent named as the legal basis
is no choice; the heading picks among the topics of a clause whose changed words name none.

Each passage goes through the public pipeline the benchmark uses: a Markdown document per
version, ``extract`` → ``diff_documents`` → ``classify``.
"""

# ruff: noqa: E501  (the passages are data: one clause per string)
from __future__ import annotations

import pytest

from tests.classify_helpers import clause_topics
from tracker.classify import load_lexicon
from tracker.classify.lexicon import matches

INTROS = {
    "en": "This page describes how Northwind Outdoor Ltd handles personal data.",
    "fr": "Cette page décrit la manière dont Atelier Exemple SARL traite les données personnelles.",
    "de": "Diese Seite beschreibt, wie die Musterpraxis GmbH mit personenbezogenen Daten umgeht.",
}


def _topics(lang: str, heading: str, old: str, new: str) -> set[str]:
    return clause_topics(lang, INTROS[lang], heading, old, new)


# ------------------------------------------------------- words used in another sense: no topic


@pytest.mark.parametrize(
    ("lang", "heading", "old", "new", "absent"),
    [
        # a deposit, not data security
        (
            "en",
            "Bike hire",
            "Each bike requires a security deposit of 100 EUR.",
            "Each bike requires a security deposit of 150 EUR.",
            "data_security",
        ),
        # the safety of members, not the security of their data
        (
            "en",
            "Community safety",
            "We remove accounts that threaten the security of our members.",
            "We remove and block accounts that threaten the security of our members.",
            "data_security",
        ),
        # a right protected, not data protected
        (
            "en",
            "Refunds",
            "The law protects your right to a refund within 30 days.",
            "The law protects your right to a refund within 14 days.",
            "data_security",
        ),
        # social security, in French
        (
            "fr",
            "Adhésion",
            "Nous ne demandons jamais votre numéro de sécurité sociale lors de l’adhésion.",
            "Nous ne demandons jamais votre numéro de sécurité sociale lors de l’adhésion ou du renouvellement.",
            "data_security",
        ),
        # members who talk to each other do not disclose data to third parties
        (
            "fr",
            "Messagerie",
            "Les membres peuvent communiquer par messages.",
            "Les membres Premium peuvent communiquer par messages et par vidéo.",
            "third_party_sharing",
        ),
        # the iOS settings menu is no security measure
        (
            "en",
            "App tracking",
            "",
            "Open Privacy & Security settings and tap Tracking to change your choice.",
            "data_security",
        ),
        # "14.5 and above" is a software version, not an age
        (
            "en",
            "App tracking",
            "",
            "On iOS 14.5 and above, we ask for your permission before we track your activity.",
            "children",
        ),
    ],
)
def test_a_word_in_another_sense_tags_nothing(lang: str, heading: str, old: str, new: str, absent: str) -> None:
    assert absent not in _topics(lang, heading, old, new)


def test_security_of_data_is_still_security() -> None:
    lexicon = load_lexicon()
    security = next(t for t in lexicon.topics if t.name == "data_security")
    assert matches(security, "We review the security of our systems every year.")
    assert matches(security, "We protect your personal data with encryption.")
    assert not matches(security, "We protect your rights and interests.")
    french = next(t for t in load_lexicon(lang="fr").topics if t.name == "data_security")
    assert matches(french, "La sécurité de vos données est notre priorité.")
    assert not matches(french, "votre numéro de sécurité sociale")


# --------------------------------------------------------------- words the lexicon lacked


@pytest.mark.parametrize(
    ("lang", "heading", "old", "new", "expected"),
    [
        # a minimum age under 18: the section is about children
        (
            "en",
            "Who may register",
            "Members must be aged 16 and over.",
            "Members must be aged 13 and over.",
            "children",
        ),
        # plural legal bases
        (
            "en",
            "Why we use your data",
            "",
            "You can read the lawful bases for each purpose in the table below.",
            "legal_basis",
        ),
        (
            "fr",
            "Pourquoi nous traitons vos données",
            "",
            "Les bases légales de chaque traitement figurent dans le tableau ci-dessous.",
            "legal_basis",
        ),
        # a right granted to everyone, no longer only where local law allows it
        ("en", "Your choices", "", "You may exercise the rights described above free of charge.", "user_access"),
        # a new device identifier collected
        (
            "en",
            "Store Wi-Fi",
            "",
            "When you join the store Wi-Fi, we log the MAC address of your phone.",
            "first_party_collection",
        ),
        # a support desk is a contact channel
        (
            "en",
            "Getting help",
            "Our support team answers by chat on weekdays.",
            "Our support team answers by chat and by phone on weekdays.",
            "contact",
        ),
    ],
)
def test_the_lexicon_knows_the_practice(lang: str, heading: str, old: str, new: str, expected: str) -> None:
    assert expected in _topics(lang, heading, old, new)


def test_an_adult_threshold_is_not_about_children() -> None:
    children = next(t for t in load_lexicon().topics if t.name == "children")
    assert matches(children, "users aged 16 and over")
    assert matches(children, "people 13 or older")
    assert not matches(children, "public posts of people aged 18 or older")
    assert not matches(children, "keep it for at least 30 days")


# ------------------------------------------------------- a region in a statute's name


def test_a_region_in_a_statute_name_tags_the_audience() -> None:
    topics = _topics(
        "en",
        "Compliance",
        "We comply with the Children's Online Privacy Protection Act.",
        "We comply with the Children's Online Privacy Protection Act and the California Consumer Privacy Act.",
    )
    assert "international_audiences" in topics
    assert "children" not in topics  # the statute on children is named in both versions


# ------------------------------------------------------- consent as a condition, or as a basis


@pytest.mark.parametrize(
    ("lang", "heading", "new"),
    [
        ("en", "Location", "If we obtain your consent, we collect the precise location of your device."),
        (
            "fr",
            "Localisation",
            "Si nous obtenons votre consentement, nous recueillons la géolocalisation précise de votre appareil.",
        ),
        ("de", "Standort", "Wenn wir Ihre Einwilligung erhalten, erheben wir den genauen Standort Ihres Geräts."),
    ],
)
def test_a_consent_condition_of_a_collection_is_no_choice(lang: str, heading: str, new: str) -> None:
    topics = _topics(lang, heading, "", new)
    assert "user_choice" not in topics
    assert "first_party_collection" in topics


@pytest.mark.parametrize(
    ("lang", "heading", "old", "new"),
    [
        (
            "en",
            "Legal basis",
            "We send the newsletter on the basis of your consent.",
            "We send the newsletter on the basis of our legitimate interests.",
        ),
        (
            "fr",
            "Base légale",
            "Nous envoyons la lettre d’information sur la base de votre consentement.",
            "Nous envoyons la lettre d’information sur la base de notre intérêt légitime.",
        ),
        (
            "de",
            "Rechtsgrundlage",
            "Der Newsletter wird auf Grundlage Ihrer Einwilligung versandt.",
            "Der Newsletter wird auf Grundlage unseres berechtigten Interesses versandt.",
        ),
    ],
)
def test_consent_named_as_the_legal_basis_is_no_choice(lang: str, heading: str, old: str, new: str) -> None:
    topics = _topics(lang, heading, old, new)
    assert "legal_basis" in topics
    assert "user_choice" not in topics


def test_a_withdrawal_next_to_a_legal_basis_stays_a_choice() -> None:
    topics = _topics(
        "en",
        "Legal basis",
        "We send the newsletter on the basis of your consent.",
        "We send the newsletter on the basis of your consent, which you can withdraw at any time.",
    )
    assert "user_choice" in topics


def test_absorbs_is_read_from_a_user_lexicon(tmp_path) -> None:
    own = tmp_path / "lexicon.toml"
    own.write_text('[topics.legal_basis]\nabsorbs = ["permission"]\n', encoding="utf-8")
    basis = next(t for t in load_lexicon(own).topics if t.name == "legal_basis")
    assert basis.absorbs == ("permission",)


# ------------------------------------------------------- the heading picks the clause's subject


def test_a_punctuation_change_takes_the_topic_the_heading_echoes() -> None:
    topics = _topics(
        "en",
        "Contacting us",
        "If you have questions,concerns or want to report a security issue, contact us at privacy@northwind.example.",
        "If you have questions, concerns or want to report a security issue, contact us at privacy@northwind.example.",
    )
    assert topics == {"contact"}
