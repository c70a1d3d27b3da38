"""Issue 17 (h17z): a second round on the tuning batch of whole version pairs — a row of a
"data we collect" list keeps its topic, collection and use, whatever else its changed words name —
and, for each rule, a near miss of the same shape that keeps its judgement.

Every passage is written for these tests (realistic policy wording, not copied from a policy and
not from the labelled set).
"""

from __future__ import annotations

import pytest

from tests.classify_helpers import INTRO, classified_clauses, clause_topics, judged_clause
from tracker.classify.lexicon import default_lexicon
from tracker.classify.topics import clause_tags
from tracker.models import ClauseChange

COLLECTION = "first_party_collection"

# --- a row of a list of the data collected is on collection ---------------------------------

DATA_ROWS = [
    ("en", "Information we collect",
     "Device data | When you use the app, we collect your device model, app settings and crash reports.",
     "Device data | When you use the app, we collect your device model, language settings and crash reports."),
    ("en", "The data we collect",
     "Shared content | You may upload photos and notes to your board and collect them in folders.",
     "Shared content | You may share photos and notes on your board and collect them in folders."),
    ("fr", "Les données que nous collectons",
     "Données d’usage | Nous collectons vos réglages d’affichage et les pages que vous consultez.",
     "Données d’usage | Nous collectons vos paramètres d’affichage et les pages que vous consultez."),
    ("fr", "Les données que nous recueillons",
     "Contenu | Vous pouvez publier des photos et des messages, que nous recueillons pour le service.",
     "Contenu | Vous pouvez partager des photos et des messages, que nous recueillons pour le service."),
]  # fmt: skip


@pytest.mark.parametrize(("lang", "heading", "old", "new"), DATA_ROWS)
def test_a_row_of_the_data_collected_keeps_its_topic(lang: str, heading: str, old: str, new: str) -> None:
    assert COLLECTION in clause_topics(lang, INTRO[lang], heading, old, new)


NEAR_MISSES = [
    # a heading that names a kind of data, in no one's voice, is no list of the data collected
    ("en", "Biometric information",
     "We share face templates with our verification vendor, which deletes them after 30 days.",
     "We share face templates with our verification vendor and with advertising partners, which delete them after "
     "30 days."),
    # a heading on collection and on another topic: the other topic says what the row is about
    ("fr", "Cookies et autres technologies de collecte que nous utilisons",
     "Nous utilisons des cookies de mesure d’audience déposés par notre prestataire.",
     "Nous utilisons des cookies de mesure d’audience et des pixels déposés par notre prestataire."),
]  # fmt: skip


@pytest.mark.parametrize(("lang", "heading", "old", "new"), NEAR_MISSES)
def test_other_headings_leave_the_specific_topic_alone(lang: str, heading: str, old: str, new: str) -> None:
    topics = clause_topics(lang, INTRO[lang], heading, old, new)
    assert topics, topics
    assert COLLECTION not in topics, topics


# --- « préférences » is a choice only as the user's settings --------------------------------

CHOICE = "user_choice"


def test_preferences_drawn_from_use_are_no_choice() -> None:
    new = (
        "Observations | Nous générons des déductions tirées de vos interactions, reflétant par exemple vos "
        "préférences, vos centres d’intérêt et vos habitudes."
    )
    assert CHOICE not in clause_topics("fr", INTRO["fr"], "Les données que nous recueillons", "", new)


def test_preferences_the_user_sets_stay_a_choice() -> None:
    new = "Vous pouvez à tout moment gérer vos préférences en matière de cookies depuis le bandeau."
    assert CHOICE in clause_topics("fr", INTRO["fr"], "Cookies", "", new)


# --- a term a long reworded passage carries along is no change on its topic -----------------

CARRIED = [
    ("en", "Device information",
     "This includes hardware and software details such as your IP address, the type of device, the settings and "
     "features of the apps you use, app crashes and advertising identifiers.",
     "This includes hardware and software details such as your IP address, the device identifier, the operating "
     "system and network details, as well as the settings and features of the app you use, app crashes and "
     "advertising identifiers."),
    ("fr", "Données techniques",
     "Cela comprend des informations telles que l’adresse IP, le type d’appareil, les paramètres et les "
     "caractéristiques des applications, les pannes d’applications et les identifiants publicitaires.",
     "Cela comprend des informations telles que l’adresse IP, l’identifiant de l’appareil, le système "
     "d’exploitation, votre localisation approximative et les informations réseau, ainsi que les paramètres et "
     "caractéristiques de l’application, "
     "les plantages et les identifiants publicitaires."),
]  # fmt: skip


@pytest.mark.parametrize(("lang", "heading", "old", "new"), CARRIED)
def test_a_term_carried_along_in_a_long_rewording_tags_nothing(lang: str, heading: str, old: str, new: str) -> None:
    assert CHOICE not in clause_topics(lang, INTRO[lang], heading, old, new)


SHORT_EDITS = [
    ("en", "Cookies",
     "You can withdraw your consent at any time in the [cookie settings](https://shop.example/cookies).",
     "You can withdraw your consent at any time in the [settings for cookies](https://shop.example/cookies)."),
    ("fr", "Cookies",
     "Vous pouvez modifier votre choix dans les paramètres des cookies.",
     "Vous pouvez modifier votre choix dans les cookies : paramètres."),
]  # fmt: skip


@pytest.mark.parametrize(("lang", "heading", "old", "new"), SHORT_EDITS)
def test_a_term_moved_in_a_short_edit_is_its_subject(lang: str, heading: str, old: str, new: str) -> None:
    assert CHOICE in clause_topics(lang, INTRO[lang], heading, old, new)


# --- examples of what may count as sensitive data state no practice --------------------------

DEFINITIONS = [
    ("en", "Profile information",
     "You may add more details to your profile, such as your interests. Some of this information may be "
     "considered sensitive in some countries, for example your religious beliefs.",
     "You may add more details to your profile, such as your interests. Some of this information may be "
     "considered sensitive in some countries, for example your religious beliefs, health or sexual orientation."),
    ("fr", "Données de profil",
     "Vous pouvez ajouter des informations à votre profil, comme vos centres d’intérêt. Certaines de ces données "
     "peuvent être considérées comme sensibles dans certains pays, par exemple les convictions religieuses.",
     "Vous pouvez ajouter des informations à votre profil, comme vos centres d’intérêt. Certaines de ces données "
     "peuvent être considérées comme sensibles dans certains pays, par exemple les convictions religieuses, la "
     "santé ou l’orientation sexuelle."),
    ("de", "Profilangaben",
     "Sie können Ihrem Profil weitere Angaben hinzufügen, etwa Ihre Interessen. Manche dieser Angaben können in "
     "einigen Ländern als sensible Daten gelten, zum Beispiel religiöse Überzeugungen.",
     "Sie können Ihrem Profil weitere Angaben hinzufügen, etwa Ihre Interessen. Manche dieser Angaben können in "
     "einigen Ländern als sensible Daten gelten, zum Beispiel religiöse Überzeugungen, Gesundheitsdaten oder die "
     "sexuelle Orientierung."),
]  # fmt: skip


def _new_collection(clause: ClauseChange) -> bool:
    return any(r.startswith("new text on collection") for r in clause.reasons)


@pytest.mark.parametrize(("lang", "heading", "old", "new"), DEFINITIONS)
def test_examples_of_sensitive_data_are_no_new_collection(lang: str, heading: str, old: str, new: str) -> None:
    clause = judged_clause(lang, heading, old, new)
    assert not _new_collection(clause), clause.reasons
    assert clause.materiality != "material", clause.reasons


PRACTICES = [
    ("en", "Profile information",
     "We collect your interests to suggest matches.",
     "We collect your interests and health data, which may be considered sensitive, to suggest matches."),
    ("fr", "Données de profil",
     "Nous collectons vos centres d’intérêt pour vous proposer des profils.",
     "Nous collectons vos centres d’intérêt et vos données de santé, qui peuvent être considérées comme "
     "sensibles, pour vous proposer des profils."),
]  # fmt: skip


@pytest.mark.parametrize(("lang", "heading", "old", "new"), PRACTICES)
def test_sensitive_data_the_policy_collects_stay_material(lang: str, heading: str, old: str, new: str) -> None:
    clause = judged_clause(lang, heading, old, new)
    assert _new_collection(clause), clause.reasons
    assert clause.materiality == "material", clause.reasons


# --- « service client » is a contact only as the service one reaches -------------------------

CONTACT = "contact"


def test_customer_service_as_a_function_of_providers_is_no_contact() -> None:
    old = "Nos prestataires assurent pour nous l’hébergement des données, l’analyse et le marketing."
    new = "Nos prestataires assurent pour nous l’hébergement des données, le service client, l’analyse et le marketing."
    assert CONTACT not in clause_topics("fr", INTRO["fr"], "Prestataires", old, new)


def test_customer_service_data_renamed_is_no_contact_removed() -> None:
    old = "Données relatives au service client | Lorsque vous nous écrivez, nous gardons votre message."
    new = "Données relatives au support | Lorsque vous nous écrivez, nous gardons votre message."
    clause = judged_clause("fr", "Les données que nous recueillons", old, new)
    assert CONTACT not in clause.topics, clause.topics
    assert not any(r.startswith("text on contact") for r in clause.reasons), clause.reasons


def test_customer_service_one_reaches_stays_a_contact() -> None:
    old = "Pour toute question, vous pouvez nous écrire par courrier."
    new = "Pour toute question, vous pouvez nous écrire par courrier ou contacter notre service client par chat."
    assert CONTACT in clause_topics("fr", INTRO["fr"], "Nous contacter", old, new)


def test_the_customer_service_team_one_reaches_stays_a_contact() -> None:
    old = "Pour toute question sur ces outils, veuillez contacter notre équipe du service client."
    clause = judged_clause("fr", "Vos droits", old, "")
    assert CONTACT in clause.topics, clause.topics


def test_a_section_renamed_from_another_subject_is_no_list_of_the_data_collected() -> None:
    _, _, old, new = DATA_ROWS[1]
    (clause,) = classified_clauses("en", INTRO["en"], "Information we collect", [old], [new])
    lexicon = default_lexicon("en")
    kept = clause_tags(clause, "Information we collect", lexicon, ("Information we collect",))
    headings = ("Information we collect", "Registration and profile")
    renamed = clause_tags(clause, " ".join(headings), lexicon, headings)
    assert COLLECTION in kept, kept
    assert COLLECTION not in renamed, renamed
    assert renamed, renamed
