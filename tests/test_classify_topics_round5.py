"""Issue 17, fifth round (h17f): the topic tags of a clause change.

General causes of wrong or missing tags, each with passages written for these tests (realistic
policy wording, not taken from a policy or from the labelled set): the topic a materiality rule
names is a tag too (names gained or lost in a clause on a topic, a new entry under a heading on
a topic); a topic named only inside a consent condition of another practice ("with your consent")
is no topic of the clause; the right to appeal is a right over one's data; group companies are
recipients in French and German too; a date line is not about changes to the policy; French
"nous utilisons" (we use) is no collection word, as "use your" is not in English.

Each passage goes through the public pipeline the benchmark uses: a Markdown document per
version, ``extract`` → ``diff_documents`` → ``classify``.
"""

# ruff: noqa: E501  (the passages are data: one clause per string)
from __future__ import annotations

import pytest

from tests.classify_helpers import classified_clauses, clause_topics
from tracker.models import ClauseChange

INTROS = {
    "en": "This page describes how Harbour Books Ltd handles personal data.",
    "fr": "Cette page décrit la manière dont Librairie Exemple SAS traite les données personnelles.",
    "de": "Diese Seite beschreibt, wie die Buchhandlung Beispiel GmbH mit personenbezogenen Daten umgeht.",
}


def _clauses(lang: str, heading: str, old: list[str], new: list[str]) -> list[ClauseChange]:
    return classified_clauses(lang, INTROS[lang], heading, old, new)


def _topics(lang: str, heading: str, old: str, new: str) -> set[str]:
    return clause_topics(lang, INTROS[lang], heading, old, new)


# ------------------------------------------------------------- the topic a rule names is a tag


@pytest.mark.parametrize(
    ("lang", "heading", "old", "new", "expected"),
    [
        # a region named anew: the change is about regions and about the right whose reach it widens
        (
            "en",
            "Marketing",
            "If you live in the European Union, you can object to direct marketing at any time.",
            "If you live in the European Union or Switzerland, you can object to direct marketing at any time.",
            {"international_audiences", "user_choice"},
        ),
        # German: a recipient replaced by one in the USA is about sharing, not only transfers
        (
            "de",
            "Versand",
            "Wir übermitteln Ihre Bestelldaten an den Versanddienstleister Paketblitz GmbH.",
            "Wir übermitteln Ihre Bestelldaten an den Versanddienstleister Parcelstar Inc. (USA).",
            {"third_party_sharing", "cross_border_transfers"},
        ),
    ],
)
def test_names_changed_in_a_clause_on_a_topic_tag_that_topic(
    lang: str, heading: str, old: str, new: str, expected: set[str]
) -> None:
    topics = _topics(lang, heading, old, new)
    assert expected <= topics, topics


def test_a_country_named_under_a_transfers_heading_is_about_transfers_not_sharing() -> None:
    topics = _topics(
        "en",
        "International transfers",
        "Your data may be transferred to our affiliates and service providers outside your country.",
        "Your data may be transferred to our affiliates and service providers outside Canada.",
    )
    assert "cross_border_transfers" in topics and "third_party_sharing" not in topics, topics


def test_a_row_added_under_a_heading_on_a_topic_takes_that_topic() -> None:
    rows = ["- Postmark: transactional e-mail (USA)", "- Zendesk: customer support tickets (USA)"]
    added = "- Hotjar: session replay and heatmaps of our website (Malta)"
    clauses = _clauses("en", "Our sub-processors", rows, [*rows, added])
    (clause,) = [c for c in clauses if c.kind == "added"]
    # session replay is collected data, but the row is an entry of the list of recipients
    assert set(clause.topics) == {"third_party_sharing"}, clause.topics


# ----------------------------------------------------- a consent condition qualifies a practice


@pytest.mark.parametrize(
    ("lang", "heading", "old", "new", "expected"),
    [
        (
            "en",
            "Cookies",
            "We use analytics cookies to count visits to our website.",
            "We use analytics cookies to count visits to our website and, with your consent, advertising cookies.",
            {"cookies_tracking"},
        ),
        (
            "fr",
            "Cookies",
            "Nous utilisons des cookies de mesure d'audience sur notre site.",
            "Nous utilisons des cookies de mesure d'audience et, avec votre consentement, des cookies publicitaires sur notre site.",
            {"cookies_tracking"},
        ),
        (
            "de",
            "Cookies",
            "Wir setzen Cookies zur Reichweitenmessung ein.",
            "Wir setzen Cookies zur Reichweitenmessung und, mit Ihrer Einwilligung, Cookies für Werbung ein.",
            {"cookies_tracking"},
        ),
    ],
)
def test_consent_as_a_condition_of_another_practice_is_no_topic(
    lang: str, heading: str, old: str, new: str, expected: set[str]
) -> None:
    assert _topics(lang, heading, old, new) == expected


@pytest.mark.parametrize(
    ("heading", "old", "new"),
    [
        # consent is all the change is about: it stays a choice
        ("Newsletter", "We send you our newsletter.", "With your consent, we send you our newsletter."),
        # a choice stated, not a condition
        (
            "Cookies",
            "We use advertising cookies.",
            "We use advertising cookies. You can withdraw your consent at any time.",
        ),
    ],
)
def test_consent_stays_a_choice_when_it_is_the_change(heading: str, old: str, new: str) -> None:
    assert "user_choice" in _topics("en", heading, old, new)


# ------------------------------------------------------------------------- lexicon terms


def test_the_right_to_appeal_is_a_right_over_ones_data_not_a_choice() -> None:
    topics = _topics(
        "en",
        "Your rights and choices",
        "If we decline your request, you may appeal our decision by replying to our e-mail.",
        "",
    )
    assert topics == {"user_access"}


@pytest.mark.parametrize(
    ("lang", "heading", "new"),
    [
        ("fr", "Qui sommes-nous ?", "Les sociétés du groupe Exemple utilisent un même compte client."),
        ("de", "Wer wir sind", "Die Konzerngesellschaften der Beispiel-Gruppe nutzen ein gemeinsames Kundenkonto."),
    ],
)
def test_group_companies_are_recipients_in_french_and_german(lang: str, heading: str, new: str) -> None:
    topics = _topics(
        lang, heading, "Nous sommes une librairie." if lang == "fr" else "Wir sind eine Buchhandlung.", new
    )
    assert "third_party_sharing" in topics, topics


@pytest.mark.parametrize(
    ("lang", "heading", "old", "new"),
    [
        (
            "en",
            "About this policy",
            "This policy was last updated on 12 January 2025.",
            "This policy was last updated on 3 March 2025 and applies from that day.",
        ),
        (
            "fr",
            "À propos",
            "Dernière mise à jour de cette page : 12 janvier 2025.",
            "Dernière mise à jour de cette page : 3 mars 2025, applicable dès ce jour.",
        ),
        (
            "de",
            "Über diese Erklärung",
            "Stand dieser Seite: 12. Januar 2025.",
            "Stand dieser Seite: 3. März 2025, gültig ab diesem Tag.",
        ),
    ],
)
def test_a_date_line_is_not_about_changes_to_the_policy(lang: str, heading: str, old: str, new: str) -> None:
    assert "policy_change" not in _topics(lang, heading, old, new)


def test_french_we_use_is_no_collection_word() -> None:
    topics = _topics(
        "fr",
        "Comment nous utilisons vos données",
        "Nous utilisons vos données pour gérer votre abonnement.",
        "Nous utilisons vos données pour gérer votre abonnement Premium.",
    )
    assert "first_party_collection" not in topics, topics


@pytest.mark.parametrize(
    ("new", "sharing"),
    [
        # the partner a dating service proposes is no recipient
        ("Chaque jour, le service vous présente trois propositions de partenaires compatibles.", False),
        ("Votre partenaire idéal vous attend peut-être déjà parmi nos membres.", False),
        # a partner of the company is one
        ("Nous travaillons avec des partenaires qui mesurent l'audience de nos publicités.", True),
        ("Certaines données sont accessibles à nos partenaires commerciaux.", True),
    ],
)
def test_a_french_partenaire_is_a_recipient_only_as_the_companys_partner(new: str, sharing: bool) -> None:
    topics = _topics("fr", "Fonctionnement du service", "Le service est gratuit.", new)
    assert ("third_party_sharing" in topics) is sharing, topics


@pytest.mark.parametrize(
    ("old", "new", "topic"),
    [
        # English terms in every inflection the lexicon's other forms have
        (
            "We ask for your name when you sign up.",
            "We are collecting your name when you sign up.",
            "first_party_collection",
        ),
        (
            "Your e-mail address is used to log you in.",
            "Your e-mail address is used to log you in and gathered for surveys.",
            "first_party_collection",
        ),
        ("We do business in Ireland.", "We are not selling your personal information.", "third_party_sharing"),
        (
            "Our app uses one server.",
            "Our app uses one server and a third-party analytics tool.",
            "third_party_sharing",
        ),
        ("Reports go to each team.", "Reports go to each team and to our advertiser.", "third_party_sharing"),
        ("We send you offers.", "We send you offers until you are opting out.", "user_choice"),
        ("We delete old invoices.", "We are retaining old invoices.", "data_retention"),
        (
            "Messages are sent over the internet.",
            "Messages are sent over the internet after encrypting them.",
            "data_security",
        ),
        ("We host your data in Ireland.", "We are transferring your data to Canada.", "cross_border_transfers"),
    ],
)
def test_english_terms_in_their_other_inflections(old: str, new: str, topic: str) -> None:
    assert topic in _topics("en", "About us", old, new)


@pytest.mark.parametrize(
    ("lang", "old", "new", "tracking"),
    [
        (
            "en",
            "We ship your order within two days.",
            "We ship your order within two days and send you a tracking number.",
            False,
        ),
        (
            "en",
            "We ship your order within two days.",
            "We ship your order within two days; order tracking is in your account.",
            False,
        ),
        (
            "en",
            "We measure visits to our site.",
            "We measure visits to our site and allow cross-site tracking by partners.",
            True,
        ),
        (
            "de",
            "Wir versenden Ihre Bestellung.",
            "Wir versenden Ihre Bestellung und senden Ihnen eine Tracking-Nummer.",
            False,
        ),
        ("de", "Wir messen Besuche.", "Wir messen Besuche und erlauben Tracking durch Dritte.", True),
    ],
)
def test_the_tracking_of_a_parcel_is_no_tracking_of_the_user(lang: str, old: str, new: str, tracking: bool) -> None:
    assert ("cookies_tracking" in _topics(lang, "Versand" if lang == "de" else "Delivery", old, new)) is tracking


@pytest.mark.parametrize(
    ("lang", "old", "new", "topic"),
    [
        # German compounds and inflections
        ("de", "Sie erreichen uns per E-Mail.", "Ihr Auskunftsrecht können Sie per E-Mail ausüben.", "user_access"),
        ("de", "Sie erreichen uns per E-Mail.", "Ihr Widerspruchsrecht können Sie per E-Mail ausüben.", "user_choice"),
        ("de", "Sie erreichen uns per E-Mail.", "Ihre Einwilligungserklärung bewahren wir auf.", "user_choice"),
        (
            "de",
            "Wir versenden Rechnungen.",
            "Von unseren Werbepartnern erhalten wir keine Daten.",
            "third_party_sharing",
        ),
        ("de", "Wir versenden Rechnungen.", "Die Daten eines Kindes verarbeiten wir nicht.", "children"),
        # French forms
        (
            "fr",
            "Nous envoyons une lettre d'information.",
            "Désinscrivez-vous à tout moment de notre lettre d'information.",
            "user_choice",
        ),
        (
            "fr",
            "Nous envoyons une lettre d'information.",
            "Nous envoyons une lettre d'information ; vous pouvez vous y opposer.",
            "user_choice",
        ),
        ("fr", "Nous vendons des livres.", "Vous pouvez effacer vos données depuis votre espace.", "user_access"),
        ("fr", "Nous vendons des livres.", "Le responsable de traitement est Librairie Exemple SAS.", "contact"),
    ],
)
def test_french_and_german_forms_the_lexicon_lacked(lang: str, old: str, new: str, topic: str) -> None:
    assert topic in _topics(lang, "Allgemeines" if lang == "de" else "Généralités", old, new)


def test_where_a_server_stands_is_no_location_of_the_user() -> None:
    topics = _topics(
        "de",
        "Hosting",
        "Unsere Server stehen in Frankfurt.",
        "Unser Serverstandort ist Frankfurt am Main.",
    )
    assert "first_party_collection" not in topics, topics


def test_a_catch_all_heading_gives_no_topic_to_a_clause_on_another_subject() -> None:
    topics = _topics(
        "en",
        "Information we collect",
        "If you have questions about this list, please contact us at privacy@harbour.example.",
        "If you have any questions about this list, please contact us at privacy@harbour.example.",
    )
    # the heading names collection, the catch-all; the clause is about how to reach the company
    assert "first_party_collection" not in topics and "contact" in topics, topics


def test_regions_in_a_clause_on_transfers_are_where_data_goes_not_an_audience() -> None:
    topics = _topics(
        "en",
        "International transfers",
        "We transfer your data to service providers in the United States.",
        "We transfer your data to service providers in the United States and the United Kingdom.",
    )
    assert "cross_border_transfers" in topics and "international_audiences" not in topics, topics
    audience = _topics(
        "en",
        "Your rights",
        "If you live in California, you can ask us to delete your data.",
        "If you live in California or Virginia, you can ask us to delete your data.",
    )
    assert "international_audiences" in audience, audience


@pytest.mark.parametrize(
    ("lang", "heading", "old", "new"),
    [
        (
            "en",
            "Your profile",
            "Your profile shows your first name.",
            "Your profile shows your first name and your age.",
        ),
        ("fr", "Votre profil", "Votre profil affiche votre prénom.", "Votre profil affiche votre prénom et votre âge."),
        ("de", "Ihr Profil", "Ihr Profil zeigt Ihren Vornamen.", "Ihr Profil zeigt Ihren Vornamen und Ihr Alter."),
        (
            "en",
            "Who we are",
            "Harbour Books Ltd runs this website.",
            "Harbour Books Ltd, a subsidiary of our parent company Tideway Group plc, runs this website.",
        ),
    ],
)
def test_an_adults_age_and_a_parent_company_are_not_about_children(lang: str, heading: str, old: str, new: str) -> None:
    assert "children" not in _topics(lang, heading, old, new)


@pytest.mark.parametrize(
    ("lang", "new"),
    [
        ("en", "You must have reached the minimum age of your country to use the app."),
        ("en", "A parent or guardian may ask us to delete the account."),
        ("fr", "Une vérification de l'âge est demandée à l'inscription."),
        ("de", "Die Altersgrenze für die Nutzung der App liegt bei 16 Jahren."),
    ],
)
def test_age_limits_and_parents_stay_about_children(lang: str, new: str) -> None:
    old = {"en": "The app is free.", "fr": "L'application est gratuite.", "de": "Die App ist kostenlos."}[lang]
    assert "children" in _topics(lang, "Allgemeines" if lang == "de" else "General", old, new)


def test_a_parent_company_is_a_recipient_in_the_group() -> None:
    assert "third_party_sharing" in _topics(
        "en",
        "Who we are",
        "Harbour Books Ltd runs this website.",
        "Harbour Books Ltd runs this website; our parent company receives sales reports.",
    )


# ------------------------------------------------------- common words in another sense (English)


@pytest.mark.parametrize(
    ("heading", "old", "new", "topic"),
    [
        (
            "Finding a match",
            "We suggest members near you.",
            "We suggest potential partners near you, based on your partner preferences.",
            "third_party_sharing",
        ),
        (
            "Finding a match",
            "We suggest members near you.",
            "We suggest members near you who match your age preferences.",
            "user_choice",
        ),
        (
            "Governing law",
            "These terms are governed by Irish law.",
            "These terms are governed by Irish law; this choice of law does not deprive you of your local protections.",
            "user_choice",
        ),
        (
            "Staff",
            "Our staff work in Dublin.",
            "Our staff work in Dublin and receive annual privacy training.",
            "first_party_collection",
        ),
        (
            "Newsletter",
            "We send a monthly newsletter.",
            "We send a monthly newsletter to keep you informed about new books.",
            "data_retention",
        ),
        (
            "Termination",
            "We may close your account.",
            "We may close your account if you are in breach of these terms.",
            "data_security",
        ),
        (
            "Your details",
            "You can see your details in your account.",
            "You can amend your details in your account.",
            "policy_change",
        ),
        (
            "Security",
            "We use firewalls.",
            "We use firewalls and periodically review our security measures.",
            "policy_change",
        ),
        (
            "Business transfers",
            "We may sell our business.",
            "If we sell our business, your data may be part of the business transfers.",
            "cross_border_transfers",
        ),
    ],
)
def test_english_words_in_another_sense_tag_nothing(heading: str, old: str, new: str, topic: str) -> None:
    assert topic not in _topics("en", heading, old, new)


@pytest.mark.parametrize(
    ("heading", "old", "new", "topic"),
    [
        (
            "Sharing",
            "We run the app ourselves.",
            "We run the app with our advertising partners.",
            "third_party_sharing",
        ),
        (
            "Cookies",
            "We use cookies.",
            "We use cookies. You can manage your cookie preferences at any time.",
            "user_choice",
        ),
        ("Retention", "We delete invoices.", "We keep your invoices for ten years.", "data_retention"),
        ("Security", "We use firewalls.", "We use firewalls and tell you of any data breach.", "data_security"),
        ("AI", "We do not use AI.", "We use your public posts to train our AI models.", "first_party_collection"),
        ("Changes", "This text is reviewed.", "We may amend this policy at any time.", "policy_change"),
        (
            "Transfers",
            "We host data in Ireland.",
            "We host data in Ireland and may transfer it to the United States.",
            "cross_border_transfers",
        ),
    ],
)
def test_the_same_words_in_their_policy_sense_still_tag(heading: str, old: str, new: str, topic: str) -> None:
    assert topic in _topics("en", heading, old, new)


@pytest.mark.parametrize(
    ("new", "sharing"),
    [
        ("Wir schlagen Ihnen passende Partner in Ihrer Nähe vor.", False),
        ("Ihr Partner sieht Ihr Profilbild erst nach einem Match.", False),
        ("Wir arbeiten mit unseren Partnern für Zahlungen zusammen.", True),
    ],
)
def test_a_german_partner_is_a_recipient_only_as_the_companys_partner(new: str, sharing: bool) -> None:
    topics = _topics("de", "So funktioniert der Dienst", "Der Dienst ist kostenlos.", new)
    assert ("third_party_sharing" in topics) is sharing, topics


@pytest.mark.parametrize(
    "new",
    [
        "We pass on your delivery address to the courier.",
        "We hand over your data to the police only under a court order.",
        "We provide your personal information to the bank that processes your card.",
    ],
)
def test_passing_data_on_is_sharing(new: str) -> None:
    assert "third_party_sharing" in _topics("en", "Delivery", "We deliver books.", new)
