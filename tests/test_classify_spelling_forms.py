"""Issue 17 (h17r): editorial edits that came out "review" or "material" — a word typed twice, a
gender-inclusive spelling, the policy named by another of its usual names, "questions" →
"queries", consent restated as the exception to a denial, a cross-reference renumbered and
renamed, an abbreviation written out, an age or a right worded another way — and the near-miss
changes each rule must leave to the materiality rules.

Every passage is written for these tests (realistic policy wording, not copied from a policy and
not from the labelled set).
"""

from __future__ import annotations

import pytest

from tests.classify_helpers import INTRO, classified_clauses
from tests.classify_helpers import judged_clause as _judged
from tracker.classify.compounds import joined_compounds
from tracker.classify.language import rules_for, use
from tracker.classify.pointers import pointed_title_reason
from tracker.classify.references import references, renamed_reference_reason
from tracker.classify.spelling_forms import doubled_word_reason, inclusive_spelling_reason


@pytest.mark.parametrize(
    ("lang", "heading", "old", "new"),
    [
        ("en", "Contact", "You can can contact our support team by e-mail.",
         "You can contact our support team by e-mail."),
        ("en", "Sharing", "We may share your data with the the payment provider that processes your order.",
         "We may share your data with the payment provider that processes your order."),
        ("fr", "Contact", "Vous pouvez nous contacter par courriel.", "Vous pouvez nous nous contacter par courriel."),
        ("de", "Kontakt", "Sie können können uns jederzeit per E-Mail erreichen.",
         "Sie können uns jederzeit per E-Mail erreichen."),
    ],
)  # fmt: skip
def test_a_word_typed_twice_is_editorial(lang: str, heading: str, old: str, new: str) -> None:
    clause = _judged(lang, heading, old, new)
    assert clause.materiality == "editorial", clause.reasons


def test_a_modal_added_beside_a_doubled_word_is_no_typo() -> None:
    # "can" becomes "can never": a word added that is not the word before it
    old, new = "You can contact our support team by e-mail.", "You can never contact our support team by e-mail."
    clause = _judged("en", "Contact", old, new)
    assert doubled_word_reason(clause) is None
    assert clause.materiality != "editorial"


def test_a_repeated_word_kept_in_both_versions_is_no_edit_of_its_own() -> None:
    with use(rules_for("en")):
        clause = _judged("en", "Sharing", "We share data with partners.", "We sell data to partners.")
        assert doubled_word_reason(clause) is None


@pytest.mark.parametrize(
    ("lang", "heading", "old", "new"),
    [
        ("de", "Speicherung", "Die Daten der Kunden werden nach drei Jahren gelöscht.",
         "Die Daten der Kund:innen werden nach drei Jahren gelöscht."),
        ("de", "Weitergabe", "Wir geben die Daten unserer Kunden nicht an Dritte weiter.",
         "Wir geben die Daten unserer Kund*innen nicht an Dritte weiter."),
        ("de", "Zugriff", "Nur die zuständigen Mitarbeiter haben Zugriff auf Ihre Daten.",
         "Nur die zuständigen MitarbeiterInnen haben Zugriff auf Ihre Daten."),
        ("fr", "Partage", "Nous ne vendons jamais les données de nos clients.",
         "Nous ne vendons jamais les données de nos client·e·s."),
        ("fr", "Accès", "Seuls les salariés habilités ont accès à vos données.",
         "Seul·e·s les salarié·e·s habilité·e·s ont accès à vos données."),
    ],
)  # fmt: skip
def test_a_gender_inclusive_spelling_is_editorial(lang: str, heading: str, old: str, new: str) -> None:
    clause = _judged(lang, heading, old, new)
    assert clause.materiality == "editorial", clause.reasons


def test_other_people_written_inclusively_are_still_other_people() -> None:
    # customers become partners: another group of people, whatever the spelling
    clause = _judged(
        "de",
        "Weitergabe",
        "Wir geben die Daten unserer Kunden nicht an Dritte weiter.",
        "Wir geben die Daten unserer Partner:innen nicht an Dritte weiter.",
    )
    with use(rules_for("de")):
        assert inclusive_spelling_reason(clause) is None
    assert clause.materiality != "editorial"


def test_an_inclusive_spelling_beside_a_longer_period_stays_material() -> None:
    clause = _judged(
        "fr",
        "Conservation",
        "Les données de nos clients sont conservées pendant trois ans.",
        "Les données de nos client·e·s sont conservées pendant dix ans.",
    )
    assert clause.materiality == "material", clause.reasons


def test_the_inclusive_forms_are_read_only_in_their_language() -> None:
    # "and/in" in English is no German "-/innen" ending
    with use(rules_for("en")):
        clause = _judged("en", "Sharing", "We share data and/in some cases documents.", "We share data and some cases.")
        assert inclusive_spelling_reason(clause) is None


@pytest.mark.parametrize(
    ("lang", "heading", "old", "new"),
    [
        ("de", "Änderungen", "Wir können diese Datenschutzerklärung von Zeit zu Zeit ändern.",
         "Wir können diese Datenschutzhinweise von Zeit zu Zeit ändern."),
        ("fr", "Modifications", "Nous pouvons modifier notre politique de confidentialité à tout moment.",
         "Nous pouvons modifier notre politique de protection des données à tout moment."),
        ("en", "Contact", "If you have any questions about this policy, please contact us.",
         "If you have any queries about this policy, please contact us."),
    ],
)  # fmt: skip
def test_the_same_document_or_request_named_another_way_is_editorial(
    lang: str, heading: str, old: str, new: str
) -> None:
    clause = _judged(lang, heading, old, new)
    assert clause.materiality == "editorial", clause.reasons


def test_another_document_named_is_not_the_policy_renamed() -> None:
    # the cookie policy is another document: the clause now points elsewhere
    clause = _judged(
        "de",
        "Änderungen",
        "Wir können diese Datenschutzerklärung von Zeit zu Zeit ändern.",
        "Wir können diese Cookie-Richtlinie von Zeit zu Zeit ändern.",
    )
    assert clause.materiality != "editorial"


@pytest.mark.parametrize(
    ("lang", "heading", "old", "new"),
    [
        ("en", "Sharing", "We do not share your contacts with other members unless you have agreed to it.",
         "We do not share your contacts with other members without your agreement."),
        ("fr", "Partage", "Nous ne partageons pas vos contacts avec d’autres membres sauf si vous y avez consenti.",
         "Nous ne partageons pas vos contacts avec d’autres membres sans votre consentement."),
        ("de", "Weitergabe",
         "Wir geben Ihre Kontakte nicht an andere Mitglieder weiter, es sei denn, Sie haben eingewilligt.",
         "Ohne Ihre Einwilligung geben wir Ihre Kontakte nicht an andere Mitglieder weiter."),
    ],
)  # fmt: skip
def test_consent_restated_as_the_exception_to_the_same_denial_is_editorial(
    lang: str, heading: str, old: str, new: str
) -> None:
    clause = _judged(lang, heading, old, new)
    assert clause.materiality == "editorial", clause.reasons


@pytest.mark.parametrize(
    ("lang", "heading", "old", "new"),
    [
        # the denial is gone: sharing without agreement is now stated as a practice
        ("en", "Sharing", "We do not share your contacts with other members unless you have agreed to it.",
         "We share your contacts with other members without your agreement."),
        # a denial turned into a permission with consent
        ("fr", "Partage", "Nous ne partageons pas vos contacts avec d’autres membres sauf si vous y avez consenti.",
         "Nous partageons vos contacts avec d’autres membres avec votre consentement."),
        # another recipient behind the same consent wording
        ("de", "Weitergabe", "Wir geben Ihre Daten nicht an Dritte weiter, es sei denn, Sie haben eingewilligt.",
         "Ohne Ihre Einwilligung geben wir Ihre Daten nicht an Werbepartner weiter."),
        # more data under the same promise
        ("en", "Sharing", "We do not share your contacts unless you have agreed to it.",
         "We do not share your contacts or your photos without your agreement."),
    ],
)  # fmt: skip
def test_a_changed_denial_behind_reworded_consent_is_not_editorial(lang: str, heading: str, old: str, new: str) -> None:
    clause = _judged(lang, heading, old, new)
    assert clause.materiality != "editorial", clause.reasons


@pytest.mark.parametrize(
    ("lang", "heading", "old", "new"),
    [
        ("en", "Contact", "Questions? Contact us at the address in section 12.",
         "Questions? Contact us at the address in Section 13."),
        ("fr", "Contact", "Pour toute question, écrivez-nous à l’adresse indiquée à l’article 12.",
         "Pour toute question, écrivez-nous à l’adresse indiquée à la section 13."),
        ("de", "Kontakt", "Bei Fragen schreiben Sie uns an die in Ziffer 12 genannte Adresse.",
         "Bei Fragen schreiben Sie uns an die in Abschnitt 13 genannte Adresse."),
    ],
)  # fmt: skip
def test_a_cross_reference_renumbered_and_renamed_is_editorial(lang: str, heading: str, old: str, new: str) -> None:
    clause = _judged(lang, heading, old, new)
    assert clause.materiality == "editorial", clause.reasons


def test_a_statute_article_is_no_cross_reference_of_the_policy() -> None:
    with use(rules_for("en")):
        assert references("We rely on Article 6 GDPR, as section 4 explains.") == []
        assert references("We rely on Article 6(1)(f), as section 4 explains.") == []
        assert references("See section 4 and Section 5.2.") == [(4, 13), (18, 29)]


def test_a_renamed_reference_beside_another_recipient_is_not_editorial() -> None:
    clause = _judged(
        "en",
        "Sharing",
        "We share your data with the payment providers listed in section 12.",
        "We share your data with the advertising partners listed in Section 13.",
    )
    assert renamed_reference_reason(clause) is None
    assert clause.materiality != "editorial"


@pytest.mark.parametrize(
    ("lang", "heading", "old", "new"),
    [
        ("fr", "Partage", "Nous partageons des données avec des prestataires, p. ex. des hébergeurs.",
         "Nous partageons des données avec des prestataires, par exemple des hébergeurs."),
        ("de", "Weitergabe", "Wir geben Daten an Dienstleister weiter, z.B. Hosting-Anbieter.",
         "Wir geben Daten an Dienstleister weiter, zum Beispiel Hosting-Anbieter."),
        ("fr", "Contact", "Vous pouvez nous joindre par e-mail.", "Vous pouvez nous joindre par courriel."),
        ("fr", "Enfants", "Nos services ne s’adressent pas aux enfants de moins de 15 ans.",
         "Nos services ne s’adressent pas aux enfants âgés de moins de 15 ans."),
        ("de", "Kinder", "Unsere Dienste richten sich nicht an Kinder unter 16 Jahren.",
         "Unsere Dienste richten sich nicht an Kinder, die jünger als 16 Jahre sind."),
        ("en", "Rights", "You have the right to ask for a copy of your data.",
         "You are entitled to ask for a copy of your data."),
        ("fr", "Droits", "Vous avez le droit d’accéder à vos données.",
         "Vous disposez du droit d’accéder à vos données."),
    ],
)  # fmt: skip
def test_the_same_words_abbreviated_or_restated_are_editorial(lang: str, heading: str, old: str, new: str) -> None:
    clause = _judged(lang, heading, old, new)
    assert clause.materiality == "editorial", clause.reasons


@pytest.mark.parametrize(
    ("lang", "heading", "old", "new"),
    [
        # another age threshold behind the same wording
        ("fr", "Enfants", "Nos services ne s’adressent pas aux enfants de moins de 15 ans.",
         "Nos services ne s’adressent pas aux enfants âgés de moins de 13 ans."),
        ("de", "Kinder", "Unsere Dienste richten sich nicht an Kinder unter 16 Jahren.",
         "Unsere Dienste richten sich nicht an Kinder, die jünger als 13 Jahre sind."),
        # another right behind the same wording
        ("en", "Rights", "You have the right to ask for a copy of your data.",
         "You are entitled to ask for the deletion of your data."),
        # an example that names another recipient
        ("de", "Weitergabe", "Wir geben Daten an Dienstleister weiter, z.B. Hosting-Anbieter.",
         "Wir geben Daten an Dienstleister weiter, zum Beispiel Werbenetzwerke."),
    ],
)  # fmt: skip
def test_another_age_right_or_recipient_behind_the_same_wording_is_not_editorial(
    lang: str, heading: str, old: str, new: str
) -> None:
    clause = _judged(lang, heading, old, new)
    assert clause.materiality != "editorial", clause.reasons


@pytest.mark.parametrize(
    ("lang", "heading", "old", "new"),
    [
        ("en", "Contact", "Write to us at: Example Ltd, 1 Sample Street, London.",
         "Write to us at: Example Ltd., 1 Sample St., London."),
        ("fr", "Contact", "Écrivez-nous : Exemple SAS, 5 avenue de la Gare, Lyon.",
         "Écrivez-nous : Exemple SAS, 5 av. de la Gare, Lyon."),
        ("fr", "Contact", "Vous pouvez contacter notre DPO à dpo@exemple.fr.",
         "Vous pouvez contacter notre délégué à la protection des données à dpo@exemple.fr."),
        ("fr", "Cookies", "Vous pouvez gérer vos cookies dans les paramètres de votre navigateur.",
         "Vous pouvez gérer les cookies dans les réglages de votre navigateur."),
        ("en", "Rights", "You can exercise these rights by contacting us.",
         "You can exercise these rights by getting in touch with us."),
    ],
)  # fmt: skip
def test_the_same_street_office_or_setting_written_another_way_is_editorial(
    lang: str, heading: str, old: str, new: str
) -> None:
    clause = _judged(lang, heading, old, new)
    assert clause.materiality == "editorial", clause.reasons


@pytest.mark.parametrize(
    ("lang", "heading", "old", "new"),
    [
        ("en", "Contact", "Write to us at: Example Ltd, 1 Sample Street, London.",
         "Write to us at: Example Ltd, 1 Sample Road, London."),
        ("fr", "Contact", "Écrivez-nous : Exemple SAS, 5 avenue de la Gare, Lyon.",
         "Écrivez-nous : Exemple SAS, 5 boulevard de la Gare, Lyon."),
        ("fr", "Contact", "Vous pouvez contacter notre DPO à dpo@exemple.fr.",
         "Vous pouvez contacter notre service client à dpo@exemple.fr."),
    ],
)  # fmt: skip
def test_another_street_or_office_is_not_editorial(lang: str, heading: str, old: str, new: str) -> None:
    clause = _judged(lang, heading, old, new)
    assert clause.materiality != "editorial", clause.reasons


@pytest.mark.parametrize(
    ("lang", "heading", "old", "new"),
    [
        ("fr", "Partage", "Nous pouvons partager vos coordonnées avec nos prestataires de livraison.",
         "Nous partageons vos coordonnées avec nos prestataires de livraison, le cas échéant."),
        ("de", "Weitergabe", "Wir können Ihre Adresse an unsere Versandpartner weitergeben.",
         "Wir geben Ihre Adresse gegebenenfalls an unsere Versandpartner weiter."),
        ("fr", "Publicité", "Nous analysons les interactions que vous avez eues avec nos publicités.",
         "Nous analysons vos interactions avec nos publicités."),
    ],
)  # fmt: skip
def test_a_hedge_moved_or_an_auxiliary_dropped_is_editorial(lang: str, heading: str, old: str, new: str) -> None:
    clause = _judged(lang, heading, old, new)
    assert clause.materiality == "editorial", clause.reasons


@pytest.mark.parametrize(
    ("lang", "heading", "old", "new"),
    [
        # the hedge is gone: a possibility became a practice
        ("fr", "Partage", "Nous pouvons partager vos coordonnées avec nos prestataires de livraison.",
         "Nous partageons vos coordonnées avec nos prestataires de livraison."),
        # the same hedge on another act
        ("fr", "Partage", "Nous pouvons partager vos coordonnées avec nos prestataires de livraison.",
         "Nous vendons vos coordonnées à nos prestataires de livraison, le cas échéant."),
        ("de", "Weitergabe", "Wir können Ihre Adresse an unsere Versandpartner weitergeben.",
         "Wir verkaufen Ihre Adresse gegebenenfalls an unsere Versandpartner."),
    ],
)  # fmt: skip
def test_a_hedge_dropped_or_moved_to_another_act_is_not_editorial(lang: str, heading: str, old: str, new: str) -> None:
    clause = _judged(lang, heading, old, new)
    assert clause.materiality != "editorial", clause.reasons


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("Sie können Cookies in den Einstellungen Ihres Browsers verwalten.",
         "Sie können Cookies in den Browsereinstellungen verwalten."),
        ("Wir speichern die Daten zu Ihrer Zahlung für zehn Jahre.",
         "Wir speichern Ihre Zahlungsdaten für zehn Jahre."),
        ("Wir geben Daten an Werbepartner weiter.", "Wir geben Daten an Partner für Werbung weiter."),
    ],
)  # fmt: skip
def test_a_german_compound_and_its_nouns_written_apart_are_editorial(old: str, new: str) -> None:
    clause = _judged("de", "Datenschutz", old, new)
    assert clause.materiality == "editorial", clause.reasons


@pytest.mark.parametrize(
    ("old", "new"),
    [
        # another first noun: advertising settings are not the browser's
        ("Sie können Cookies in den Einstellungen Ihres Browsers verwalten.",
         "Sie können Cookies in den Werbeeinstellungen verwalten."),
        # another kind of data
        ("Wir speichern die Daten zu Ihrer Zahlung für zehn Jahre.",
         "Wir speichern Ihre Standortdaten für zehn Jahre."),
    ],
)  # fmt: skip
def test_a_compound_of_another_noun_is_not_editorial(old: str, new: str) -> None:
    clause = _judged("de", "Datenschutz", old, new)
    assert clause.materiality != "editorial", clause.reasons


def test_compounds_are_joined_only_where_the_language_asks_for_it() -> None:
    with use(rules_for("en")):
        assert joined_compounds({"brows", "set"}, {"browserset"}) == ({"brows", "set"}, {"browserset"})
    with use(rules_for("de")):
        assert joined_compounds({"brows", "einstell"}, {"browsereinstell"}) == (
            {"brows", "einstell"},
            {"brows", "einstell"},
        )


@pytest.mark.parametrize(
    ("lang", "heading", "old", "new"),
    [
        ("en", "Updates", "This Privacy Policy was last revised on 01/05/2024.",
         "This Privacy Policy was last updated on January 5, 2024."),
        ("de", "Aktualisierung", "Diese Datenschutzerklärung wurde zuletzt am 5. Januar 2024 geändert.",
         "Diese Datenschutzerklärung wurde zuletzt am 05.01.2024 aktualisiert."),
        ("en", "Sharing", "We do not sell your personal information to thrid parties.",
         "We do not sell your personal information to third parties."),
    ],
)  # fmt: skip
def test_a_date_in_digits_or_a_short_word_respelled_is_editorial(lang: str, heading: str, old: str, new: str) -> None:
    clause = _judged(lang, heading, old, new)
    assert clause.materiality == "editorial", clause.reasons


@pytest.mark.parametrize(
    ("lang", "heading", "old", "new"),
    [
        ("en", "Contact", "You can call our privacy team on 020 7946 0958.",
         "You can call our privacy team on 020 7946 0959."),
        ("de", "Kontakt", "Sie erreichen uns unter 040 637 90 491.", "Sie erreichen uns unter 040 637 90 492."),
    ],
)  # fmt: skip
def test_another_telephone_number_stays_material(lang: str, heading: str, old: str, new: str) -> None:
    clause = _judged(lang, heading, old, new)
    assert clause.materiality == "material", clause.reasons


def test_a_short_word_with_a_letter_changed_is_no_typo() -> None:
    # "share" → "shame" is not two letters swapped: another word
    clause = _judged("en", "Sharing", "We never share your data.", "We never shame your data.")
    assert clause.materiality != "editorial", clause.reasons


@pytest.mark.parametrize(
    ("lang", "heading", "old", "new"),
    [
        ("en", "Rights", "See Section 5 (Your Rights) for details.",
         "See Section 6 (Your Choices and Rights) for details."),
        ("fr", "Droits", "Pour plus d’informations, consultez la section « Vos droits » ci-dessous.",
         "Pour plus d’informations, consultez la section « Vos droits et choix » ci-dessous."),
        ("de", "Rechte", "Weitere Informationen finden Sie im Abschnitt „Ihre Rechte“.",
         "Weitere Informationen finden Sie im Abschnitt „Ihre Rechte als betroffene Person“."),
    ],
)  # fmt: skip
def test_a_pointer_naming_a_renamed_section_is_editorial(lang: str, heading: str, old: str, new: str) -> None:
    clause = _judged(lang, heading, old, new)
    assert clause.materiality == "editorial", clause.reasons


@pytest.mark.parametrize(
    ("lang", "heading", "old", "new"),
    [
        # a practice stated beside the pointer: no mere title
        ("en", "Rights", "See Section 5 (Your Rights) for details.",
         "We sell your data to partners; see Section 6 (Your Choices and Rights) for details."),
        # a right granted outside the brackets
        ("en", "Rights", "See Section 5 (Your Rights) for details.",
         "You can object to profiling at any time (see Section 6, Your Rights)."),
    ],
)  # fmt: skip
def test_a_pointer_that_now_states_a_practice_is_not_editorial(lang: str, heading: str, old: str, new: str) -> None:
    clauses = classified_clauses(lang, INTRO[lang], heading, [old], [new])
    with use(rules_for(lang)):
        assert all(pointed_title_reason(c) is None for c in clauses)
    assert any(c.materiality != "editorial" for c in clauses), [c.reasons for c in clauses]
