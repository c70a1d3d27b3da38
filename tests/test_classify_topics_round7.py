"""Issue 17, seventh round (h17j): topic tags on unseen policies.

General causes of wrong or missing tags found on fresh passages, each tested here with passages
written for these tests (realistic policy wording, not taken from a policy or from the labelled
set): consent or a contract named as the ground of processing ("we rely on your consent", « repose
sur votre consentement », „beruht auf Ihrer Einwilligung“) is a legal basis, also when only the
ground word changed (a topic phrase the changed words reach into counts, a changed word whole);
"keep … safe" is no retention; "protect our users" no security; the safeguards of a transfer no
security; "the purposes disclosed in this policy" no sharing; German „widersprochen“; a
residence condition ("if you live in Virginia", « si vous résidez en Suisse », „wenn Sie in
Österreich wohnen“, "under Colorado law") names an audience, a provider located abroad does not;
under a rights heading the clause's own single topic decides; a parent's consent is about
children, not a choice.

Each passage goes through the public pipeline the benchmark uses: a Markdown document per
version, ``extract`` → ``diff_documents`` → ``classify``.
"""

# ruff: noqa: E501  (the passages are data: one clause per string)
from __future__ import annotations

import pytest

from tests.classify_helpers import clause_topics
from tracker.classify import default_lexicon
from tracker.classify.language import rules_for, use
from tracker.classify.straddle import changed_sides, straddled
from tracker.models import ClauseChange, WordDiff

INTROS = {
    "en": "This page describes how Harbour Bikes Ltd handles personal data.",
    "fr": "Cette page décrit la manière dont Vélos Exemple SAS traite les données personnelles.",
    "de": "Diese Seite beschreibt, wie die Musterrad GmbH mit personenbezogenen Daten umgeht.",
}


def _topics(lang: str, heading: str, old: str, new: str) -> set[str]:
    return clause_topics(lang, INTROS[lang], heading, old, new)


# ------------------------------------------------------- consent or a contract as the ground


@pytest.mark.parametrize(
    ("lang", "heading", "old", "new"),
    [
        (
            "en",
            "Public reviews",
            "We rely on your instructions when we show your ride reviews to other riders.",
            "We rely on your consent when we show your ride reviews to other riders.",
        ),
        (
            "en",
            "Ride history",
            "We store your ride history because you asked us to.",
            "We store your ride history because this is necessary to perform our contract with you.",
        ),
        (
            "fr",
            "Rappels d’entretien",
            "Ce traitement repose sur votre abonnement.",
            "Ce traitement repose sur votre consentement.",
        ),
        (
            "de",
            "Wartungserinnerungen",
            "Die Zusendung beruht auf Ihrer Bestellung.",
            "Die Zusendung beruht auf Ihrer Einwilligung.",
        ),
        (
            "de",
            "Kundenkonto",
            "Wir verarbeiten Ihre Adresse, weil Sie es wünschen.",
            "Wir verarbeiten Ihre Adresse zur Erfüllung des Mietvertrags.",
        ),
    ],
)
def test_consent_or_a_contract_named_as_the_ground_is_a_legal_basis(
    lang: str, heading: str, old: str, new: str
) -> None:
    topics = _topics(lang, heading, old, new)
    assert "legal_basis" in topics
    assert "user_choice" not in topics


def test_a_bare_consent_change_stays_a_choice() -> None:
    topics = _topics(
        "en",
        "Newsletter",
        "You can give your consent to the newsletter in the app.",
        "You can withdraw your consent to the newsletter in the app.",
    )
    assert "user_choice" in topics
    assert "legal_basis" not in topics


def _modified(runs: list[tuple[str, str]]) -> ClauseChange:
    words = tuple(WordDiff(op, text) for op, text in runs)  # type: ignore[arg-type]
    old = "".join(t for op, t in runs if op != "insert")
    new = "".join(t for op, t in runs if op != "delete")
    return ClauseChange(kind="modified", old_text=old, new_text=new, words=words)


def _topic(name: str, lang: str = "en"):
    return next(t for t in default_lexicon(lang).topics if t.name == name)


def test_a_phrase_the_changed_words_reach_into_counts() -> None:
    clause = _modified(
        [
            ("equal", "Ce traitement repose sur votre "),
            ("delete", "abonnement"),
            ("insert", "consentement"),
            ("equal", "."),
        ]
    )
    with use(rules_for("fr")):
        assert straddled(_topic("legal_basis", "fr"), changed_sides(clause)) == ("repose sur votre consentement",)


def test_a_changed_word_counts_whole() -> None:
    """ "other ads" → "non-personalised ads" names no personalised ads."""
    clause = _modified(
        [("equal", "You will still see "), ("delete", "other"), ("insert", "non-personalised"), ("equal", " ads.")]
    )
    with use(rules_for("en")):
        assert straddled(_topic("cookies_tracking"), changed_sides(clause)) == ()


# ------------------------------------------------------- words in another sense: no topic


@pytest.mark.parametrize(
    ("lang", "heading", "old", "new", "absent"),
    [
        # kept safe, not kept for a time
        ("en", "Payments", "", "We keep your card details safe with our payment processor.", "data_retention"),
        ("en", "Your account", "", "Keeping your rides and account secure matters to us.", "data_retention"),
        # the safety of people, not of data
        (
            "en",
            "Community rules",
            "",
            "We remove reviews that break these rules to protect our customers.",
            "data_security",
        ),
        # the safeguards of a transfer mechanism
        (
            "en",
            "Where your data goes",
            "",
            "Our booking system runs in the United States; we transfer data there under standard contractual clauses and other appropriate safeguards.",
            "data_security",
        ),
        # "disclosed" as "stated"
        (
            "en",
            "How we use data",
            "",
            "We use your ride data only for the purposes disclosed in this policy.",
            "third_party_sharing",
        ),
        # a provider located abroad is where data goes, not whom the clause is for
        ("en", "Support", "", "Our support team is based in Canada.", "international_audiences"),
        # a parent's consent is about children
        ("en", "Young riders", "", "Riders under 16 need the consent of a parent to open an account.", "user_choice"),
        ("de", "Junge Fahrer", "", "Nutzer unter 16 Jahren benötigen die Einwilligung der Eltern.", "user_choice"),
    ],
)
def test_a_word_in_another_sense_tags_nothing(lang: str, heading: str, old: str, new: str, absent: str) -> None:
    assert absent not in _topics(lang, heading, old, new)


@pytest.mark.parametrize(
    ("lang", "heading", "old", "new", "present"),
    [
        ("en", "Payments", "", "We keep your card details for 30 days after each rental.", "data_retention"),
        (
            "en",
            "Security",
            "",
            "We encrypt your ride history and protect your data with two-factor sign-in.",
            "data_security",
        ),
        (
            "en",
            "Where your data goes",
            "",
            "We transfer data to the United States under standard contractual clauses and encrypt it in transit.",
            "data_security",
        ),
        ("en", "Partners", "", "Your rental history may be disclosed to our insurance partner.", "third_party_sharing"),
        ("en", "Young riders", "", "Riders under 16 need the consent of a parent to open an account.", "children"),
        # the strong verb's participle
        ("de", "Angebote", "", "Wir senden Ihnen Angebote, solange Sie dem nicht widersprochen haben.", "user_choice"),
    ],
)
def test_the_same_words_in_their_own_sense_still_tag(lang: str, heading: str, old: str, new: str, present: str) -> None:
    assert present in _topics(lang, heading, old, new)


# ------------------------------------------------------- residence conditions name an audience


@pytest.mark.parametrize(
    ("lang", "heading", "old", "new"),
    [
        ("en", "Appeals", "", "If you live in Virginia, you can appeal our refusal of your request."),
        (
            "en",
            "Advertising",
            "",
            "Under Colorado law, you may opt out of the use of your ride data for targeted advertising.",
        ),
        (
            "fr",
            "Vos choix",
            "Vous pouvez retirer votre consentement à tout moment.",
            "Si vous résidez en Suisse, vous pouvez retirer votre consentement à tout moment.",
        ),
        (
            "de",
            "Auskunft",
            "Sie können Auskunft über Ihre Daten verlangen.",
            "Wenn Sie in Österreich wohnen, können Sie Auskunft über Ihre Daten verlangen.",
        ),
    ],
)
def test_a_residence_condition_names_the_audience_beside_the_practice(
    lang: str, heading: str, old: str, new: str
) -> None:
    topics = _topics(lang, heading, old, new)
    assert "international_audiences" in topics
    assert len(topics) >= 2, topics  # the right or choice keeps its own topic


# ------------------------------------------------------- under a rights heading the clause decides


@pytest.mark.parametrize(
    ("lang", "heading", "old", "new"),
    [
        (
            "en",
            "Your rights",
            "You can object to direct marketing, as described in section 4.",
            "You can object to direct marketing, as described in section 5.",
        ),
        (
            "de",
            "Ihre Rechte",
            "Sie können der Werbung per Post widersprechen.",
            "Sie können der Werbung per Post jederzeit widersprechen.",
        ),
    ],
)
def test_an_objection_under_a_rights_heading_is_a_choice(lang: str, heading: str, old: str, new: str) -> None:
    topics = _topics(lang, heading, old, new)
    assert "user_choice" in topics
    assert "user_access" not in topics


def test_an_access_right_under_a_rights_heading_stays_access() -> None:
    topics = _topics(
        "en",
        "Your rights",
        "You can ask for a copy of your data, as described in section 4.",
        "You can ask for a copy of your data, as described in section 5.",
    )
    assert topics == {"user_access"}
