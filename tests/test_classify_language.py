"""Languages: detection, Snowball stems, French and German rules, language switches, unsupported languages.

Every passage is written for these tests (realistic policy wording, not copied from a policy).
"""

from __future__ import annotations

import pytest

from tests.diff_helpers import doc, run_diff
from tracker.classify import classify, load_lexicon
from tracker.classify.language import detect_language, rules_for, supported_languages
from tracker.classify.language_switch import LANGUAGE_CHANGED_FLAG
from tracker.models import PolicyDocument, SectionChange

FRENCH_BASE = [
    ("Qui sommes-nous", ["Exemple SAS, 12 rue de la Paix, 75002 Paris, est responsable du traitement des données."]),
    ("Vos droits", ["Vous pouvez demander l’accès à vos données, leur rectification ou leur effacement."]),
]
GERMAN_BASE = [
    ("Wer wir sind", ["Verantwortlich für die Datenverarbeitung ist die Beispiel GmbH, Hauptstraße 1, 10115 Berlin."]),
    ("Ihre Rechte", ["Sie haben das Recht auf Auskunft, Berichtigung und Löschung Ihrer personenbezogenen Daten."]),
]
BASES = {"fr": FRENCH_BASE, "de": GERMAN_BASE}


def _versions(lang: str, heading: str, old: str, new: str) -> tuple[PolicyDocument, PolicyDocument]:
    base = BASES[lang]
    before = [*base, (heading, [old] if old else [])]
    after = [*base, (heading, [new] if new else [])]
    return doc(*before), doc(*after)


def _one_change(lang: str, heading: str, old: str, new: str) -> SectionChange:
    a, b = _versions(lang, heading, old, new)
    diff = classify(run_diff(a, b), a, b)
    (change,) = diff.changes
    return change


# --------------------------------------------------------------------------- detection and stems


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Nous ne partageons jamais vos données personnelles avec des annonceurs sans votre consentement.", "fr"),
        ("Wir geben Ihre personenbezogenen Daten niemals ohne Ihre Einwilligung an Werbepartner weiter.", "de"),
        ("We never share your personal data with advertisers without your consent.", "en"),
        ("Esta política describe cómo tratamos sus datos personales. No vendemos sus datos a terceros.", "es"),
        ("Privacy [policy](https://example.com/fr/politique-de-confidentialite) v2", "en"),  # too short: English
    ],
)
def test_detect_language(text: str, lang: str) -> None:
    assert detect_language(text) == lang


def test_links_do_not_make_a_french_text_english() -> None:
    text = (
        "Pour en savoir plus, consultez [notre page d’aide](https://www.example.com/help/privacy-settings-and-sharing) "
        "ou écrivez à privacy-team@example.com : nous répondons à toutes les demandes."
    )
    assert detect_language(text) == "fr"


def test_supported_languages_and_snowball_stems() -> None:
    assert supported_languages() == ("en", "fr", "de")
    english, french, german = rules_for("en"), rules_for("fr"), rules_for("de")
    assert english.stem("gathers") == english.stem("gather")
    assert french.stem("partenaires") == french.stem("partenaire")
    assert french.stem("conservées") == french.stem("conserverons")
    assert german.stem("Nutzers") == german.stem("Nutzer")
    assert english.stems(["third parties"]) == english.stems(["third party"])
    assert not rules_for("es").supported and rules_for("es").name == "Spanish"


def test_french_verb_endings_snowball_keeps_are_one_word_with_the_infinitive() -> None:
    french = rules_for("fr")
    assert french.stem("partageons") == french.stem("partagent") == french.stem("partager")
    assert french.stem("conservons") == french.stem("conserver")
    # nouns keep their endings: "informations" is still "information", "consentements" "consentement"
    assert french.stem("informations") == french.stem("information")
    assert french.stem("consentements") == french.stem("consentement")


def test_french_present_tense_is_not_new_text_on_a_topic() -> None:
    change = _one_change(
        "fr", "Partage", "Nous partageons vos données avec nos prestataires de paiement.",
        "Vos données, nous les partageons avec nos prestataires de paiement.",
    )  # fmt: skip
    assert not any("new text on" in r for r in change.reasons), change.reasons


def test_durations_and_ages_in_each_language() -> None:
    # in hours, so that "72 hours" and "3 days" compare
    assert rules_for("fr").durations("pendant cinq ans, puis 30 jours et 6 mois") == [43800, 720, 4320]
    assert rules_for("de").durations("nach 24 Monaten oder zehn Jahren") == [17280, 87600]
    assert rules_for("en").durations("within 72 hours") == rules_for("de").durations("binnen drei Tagen")
    assert rules_for("fr").ages("aux personnes de moins de 15 ans") == {15}
    assert rules_for("de").ages("Nutzer unter 16 Jahren") == {16}


def test_french_and_german_lexicons_tag_the_same_topics() -> None:
    english = {t.name for t in load_lexicon().topics}
    for lang in ("fr", "de"):
        assert {t.name for t in load_lexicon(lang=lang).topics} == english


# --------------------------------------------------------------------------- French rules


@pytest.mark.parametrize(
    ("heading", "old", "new", "reason"),
    [
        ("Partage", "Nous ne vendons jamais vos données personnelles à des tiers.",
         "Nous pouvons vendre vos données personnelles à des tiers.", "negation removed"),
        ("Partage", "Nous ne partageons pas votre adresse e-mail avec nos partenaires publicitaires.",
         "Nous partageons votre adresse e-mail avec nos partenaires publicitaires.",
         "negation removed ('ne partageons pas')"),
        ("Modifications", "Nous vous informerons par e-mail de toute modification importante de la présente politique.",
         "Nous pouvons vous informer par e-mail de toute modification importante de la présente politique.",
         "commitment shift"),
        ("Partage", "Nous communiquons vos données uniquement à nos prestataires de paiement.",
         "Nous communiquons vos données à nos prestataires de paiement.", "'uniquement' removed"),
        ("Partage", "Nous partageons vos données avec nos partenaires avec votre consentement préalable.",
         "Nous partageons vos données avec nos partenaires.", "condition removed: 'avec votre consentement préalable'"),
        ("Durée de conservation", "Nous conservons vos données de facturation pendant trois ans.",
         "Nous conservons vos données de facturation pendant cinq ans.", "longer or new retention period"),
        ("Enfants", "Nos services ne sont pas destinés aux personnes de moins de 16 ans.",
         "Nos services ne sont pas destinés aux personnes de moins de 13 ans.", "age threshold changed (16 → 13)"),
    ],
)  # fmt: skip
def test_french_commitment_and_period_rules(heading: str, old: str, new: str, reason: str) -> None:
    change = _one_change("fr", heading, old, new)
    assert change.materiality == "material", change.reasons
    assert any(reason in r for r in change.reasons), change.reasons


def test_french_commitment_phrase_removed_with_its_clause_is_material() -> None:
    change = _one_change(
        "fr", "Sécurité", "Nous nous engageons à supprimer vos données dans un délai de trente jours.", ""
    )
    assert change.materiality == "material"
    assert any("commitment removed with its clause" in r for r in change.reasons), change.reasons


def test_french_new_recipient_is_material_with_its_topic() -> None:
    change = _one_change(
        "fr", "Partage", "Nous partageons vos données avec nos prestataires de services.",
        "Nous partageons vos données avec nos prestataires de services et des courtiers en données.",
    )  # fmt: skip
    assert change.materiality == "material"
    assert "third_party_sharing" in {t.topic for t in change.topics}


def test_french_new_negative_promise_is_not_a_sale() -> None:
    change = _one_change("fr", "Partage", "", "Nous ne vendons pas vos données personnelles.")
    assert not any("sale" in r for r in change.reasons), change.reasons


def test_french_inflection_only_is_editorial() -> None:
    change = _one_change(
        "fr", "Partage", "Nous partageons vos données avec notre partenaire.",
        "Nous partageons vos données avec nos partenaires.",
    )  # fmt: skip
    assert change.materiality != "material", change.reasons


# --------------------------------------------------------------------------- German rules


@pytest.mark.parametrize(
    ("heading", "old", "new", "reason"),
    [
        ("Weitergabe", "Wir geben Ihre Gesundheitsdaten nicht an Versicherungen weiter.",
         "Wir geben Ihre Gesundheitsdaten an Versicherungen weiter.", "negation removed ('nicht')"),
        ("Weitergabe", "Wir verkaufen Ihre Daten niemals an Dritte.", "Wir verkaufen Ihre Daten an Dritte.",
         "negation removed ('niemals')"),
        ("Änderungen", "Über wesentliche Änderungen werden wir Sie vorab per E-Mail informieren.",
         "Über wesentliche Änderungen können wir Sie per E-Mail informieren.", "commitment shift"),
        ("Weitergabe", "Wir übermitteln Ihre Anschrift nur an unseren Versanddienstleister.",
         "Wir übermitteln Ihre Anschrift an unseren Versanddienstleister.", "'nur' removed"),
        ("Newsletter", "Mit Ihrer ausdrücklichen Einwilligung senden wir Ihnen unseren Newsletter.",
         "Wir senden Ihnen unseren Newsletter.", "condition removed"),
        ("Speicherdauer", "Ihr Kundenkonto wird nach 24 Monaten Inaktivität gelöscht.",
         "Ihr Kundenkonto wird nach 36 Monaten Inaktivität gelöscht.", "longer or new retention period"),
        ("Cookies", "Wir verwenden nur technisch notwendige Cookies.",
         "Wir verwenden technisch notwendige Cookies sowie Cookies zu Marketingzwecken.", "cookies"),
    ],
)  # fmt: skip
def test_german_commitment_and_period_rules(heading: str, old: str, new: str, reason: str) -> None:
    change = _one_change("de", heading, old, new)
    assert change.materiality == "material", change.reasons
    assert any(reason in r.lower() or reason in r for r in change.reasons), change.reasons


def test_german_commitment_phrase_removed_with_its_clause_is_material() -> None:
    change = _one_change(
        "de", "Sicherheit", "Wir verpflichten uns, Ihre Daten ausschließlich verschlüsselt zu übertragen.", ""
    )
    assert change.materiality == "material"
    assert any("commitment removed with its clause" in r for r in change.reasons), change.reasons


def test_german_new_processor_in_the_usa_tags_sharing_and_transfers() -> None:
    change = _one_change(
        "de", "Auftragsverarbeiter", "Für den Versand des Newsletters nutzen wir den Dienst eines Anbieters in Köln.",
        "Für den Versand des Newsletters nutzen wir den Dienst eines Anbieters mit Sitz in den USA.",
    )  # fmt: skip
    assert change.materiality == "material"
    assert "cross_border_transfers" in {t.topic for t in change.topics}


def test_german_typo_fix_is_not_material() -> None:
    change = _one_change(
        "de", "Newsletter", "Den Newsletter können Sie jederzeit über den Abmeldelink abbestelen.",
        "Den Newsletter können Sie jederzeit über den Abmeldelink abbestellen.",
    )  # fmt: skip
    assert change.materiality != "material", change.reasons


# --------------------------------------------------------------------------- switch, unsupported


def test_a_policy_that_changes_language_is_one_language_change_record() -> None:
    french = doc(
        ("Partage", ["Nous ne vendons jamais vos données personnelles.",
                     "Nous partageons vos données avec nos prestataires."]),
        ("Durée de conservation", ["Nous conservons vos données pendant trois ans après la fin de votre contrat."]),
        ("Vos droits", ["Vous pouvez demander l’accès à vos données ou leur effacement à tout moment."]),
    )  # fmt: skip
    english = doc(
        ("Sharing", ["We never sell your personal data.", "We share your data with our service providers."]),
        ("Retention", ["We keep your data for three years after your contract ends."]),
        ("Your rights", ["You may ask for access to your data or for its deletion at any time."]),
    )  # fmt: skip
    raw = run_diff(french, english)
    assert len(raw.changes) > 1  # the diff alone sees sections removed and added
    diff = classify(raw, french, english)
    (change,) = diff.changes
    assert change.materiality == "review"
    assert change.note == "language changed: French → English"
    assert "language changed from French to English" in change.reasons[0]
    assert LANGUAGE_CHANGED_FLAG in diff.flags
    (clause,) = change.clauses
    assert clause.materiality == "review" and clause.old_text and clause.new_text
    assert "vendons" in clause.old_text and "sell" in clause.new_text


def test_same_language_keeps_every_change() -> None:
    a, b = _versions("fr", "Partage", "Nous partageons vos données.", "Nous partageons vos données avec des tiers.")
    diff = classify(run_diff(a, b), a, b)
    assert LANGUAGE_CHANGED_FLAG not in diff.flags
    assert diff.changes[0].note != "language changed: French → French"


def test_unsupported_language_is_review_never_material() -> None:
    base = [
        ("Quiénes somos", ["Ejemplo S.L., Calle Mayor 1, Madrid, es responsable del tratamiento de sus datos."]),
        ("Sus derechos", ["Puede solicitar el acceso, la rectificación o la supresión de sus datos personales."]),
    ]  # fmt: skip
    old = doc(*base, ("Compartir", ["No vendemos sus datos personales a terceros ni a anunciantes."]))
    new = doc(*base, ("Compartir", ["Vendemos sus datos personales a terceros y a anunciantes."]))
    diff = classify(run_diff(old, new), old, new)
    (change,) = diff.changes
    assert change.materiality == "review"
    assert change.reasons[0].startswith("language not supported: Spanish (es)")
    assert change.topics == ()


def test_unsupported_language_keeps_an_editorial_change_editorial() -> None:
    base = [("Sus derechos", ["Puede solicitar el acceso, la rectificación o la supresión de sus datos personales."])]
    old = doc(*base, ("Compartir", ["No vendemos sus datos personales a terceros, ni a anunciantes."]))
    new = doc(*base, ("Compartir", ["No vendemos sus datos personales a terceros ni a anunciantes."]))
    (change,) = classify(run_diff(old, new), old, new).changes
    assert change.materiality == "editorial"
