"""Issue 17, ninth round (h17n): French and German rewordings read as editorial — the equivalents
table of the paraphrase rules (``tracker/data/equivalents.toml``), separable German verbs, an
acronym spelled out with accented initials, identity documents as collected data — and the guards
that keep a real change hidden in a reworded sentence from passing as one.

Every passage is written for these tests (realistic policy wording, not copied from a policy and
not from the labelled set).
"""

from __future__ import annotations

import re

import pytest

from tests.test_classify_language import _one_change
from tracker.classify.equivalents import shipped_tables
from tracker.classify.language import rules_for, use
from tracker.classify.paraphrase import meaning_words, same_meaning
from tracker.models import ClauseChange


def _judged(lang: str, heading: str, old: str, new: str) -> ClauseChange:
    (clause,) = _one_change(lang, heading, old, new).clauses
    return clause


# --------------------------------------------------------------------------- French rewordings


@pytest.mark.parametrize(
    ("heading", "old", "new"),
    [
        ("Finalités", "Afin de traiter votre demande, nous utilisons vos données à caractère personnel.",
         "Pour traiter votre demande, nous utilisons vos données personnelles."),
        ("Vos droits", "En vertu de la réglementation, vous pouvez demander l’effacement de vos données.",
         "Conformément à la réglementation, vous pouvez demander la suppression de vos données."),
        ("Votre compte", "Lorsque vous résiliez votre abonnement, nous fermons votre compte.",
         "Quand vous résiliez votre abonnement, nous clôturons votre compte."),
        ("Durée de conservation", "Nous conservons vos factures pendant une période de dix ans.",
         "Nous gardons vos factures pendant dix ans."),
        ("Réclamations", "Vous pouvez déposer une plainte auprès de la CNIL.",
         "Vous pouvez introduire une réclamation auprès de la CNIL."),
        ("Autorisations", "Vous pouvez retirer votre accord soit dans l’application, soit dans les réglages.",
         "Vous pouvez retirer votre accord dans l’application ou dans les réglages."),
    ],
)  # fmt: skip
def test_a_french_rewording_with_the_same_meaning_is_editorial(heading: str, old: str, new: str) -> None:
    clause = _judged("fr", heading, old, new)
    assert clause.materiality == "editorial", clause.reasons


# --------------------------------------------------------------------------- German rewordings


@pytest.mark.parametrize(
    ("heading", "old", "new"),
    [
        ("Ihre Rechte", "Gemäß Art. 17 DSGVO können Sie die Löschung Ihrer personenbezogenen Daten verlangen.",
         "Nach Art. 17 DSGVO können Sie die Löschung Ihrer Daten verlangen."),
        ("Cookies", "Wir verwenden Cookies, um die Reichweite zu analysieren, wenn Sie zugestimmt haben.",
         "Wenn Sie eingewilligt haben, setzen wir Cookies ein, um die Reichweite auszuwerten."),
        ("Werbung", "Sie können der Nutzung Ihrer Daten zu Werbezwecken jederzeit widersprechen.",
         "Der Nutzung Ihrer Daten für Werbung können Sie jederzeit widersprechen."),
    ],
)  # fmt: skip
def test_a_german_rewording_with_the_same_meaning_is_editorial(heading: str, old: str, new: str) -> None:
    clause = _judged("de", heading, old, new)
    assert clause.materiality == "editorial", clause.reasons


def test_a_separable_verb_split_is_the_same_verb() -> None:
    with use(rules_for("de")):
        assert same_meaning(
            "Wir übermitteln Ihre Bestelldaten an unseren Zahlungsdienstleister.",
            "Wir geben Ihre Bestelldaten an unseren Zahlungsdienstleister weiter.",
        )
        # the particle must stand in the text: "geben" alone is another verb
        assert not same_meaning("Wir geben Ihre Bestelldaten an den Zahlungsdienstleister weiter.",
                                "Wir geben Ihre Bestelldaten an den Zahlungsdienstleister.")  # fmt: skip


# --------------------------------------------------------------------------- guards


@pytest.mark.parametrize(
    ("lang", "heading", "old", "new"),
    [
        # a negation dropped behind the connective swapped
        ("fr", "Partage", "Afin de vous protéger, nous ne partageons pas vos données à caractère personnel.",
         "Pour vous protéger, nous partageons vos données personnelles."),
        # a number changed behind the phrase dropped
        ("fr", "Durée de conservation", "Nous conservons vos factures pendant une période de dix ans.",
         "Nous gardons vos factures pendant cinq ans."),
        # an e-mail address changed behind « afin de » → « pour »
        ("fr", "Contact", "Afin d’exercer vos droits, écrivez à dpo@exemple-asso.fr.",
         "Pour exercer vos droits, écrivez à privacy@exemple-asso.fr."),
        # a recipient that is no synonym
        ("fr", "Partage", "Nous partageons vos données à caractère personnel avec nos prestataires.",
         "Nous partageons vos données personnelles avec nos annonceurs."),
        ("de", "Weitergabe", "Gemäß unserer Richtlinie geben wir personenbezogene Daten nicht an Dritte weiter.",
         "Nach unserer Richtlinie geben wir Ihre Daten an Dritte weiter."),
    ],
)  # fmt: skip
def test_a_real_change_behind_equivalent_wording_is_material(lang: str, heading: str, old: str, new: str) -> None:
    clause = _judged(lang, heading, old, new)
    assert clause.materiality == "material", clause.reasons


@pytest.mark.parametrize(
    ("lang", "heading", "old", "new"),
    [
        ("fr", "Conservation", "En vertu de la loi, nous pouvons conserver vos données de facturation.",
         "Conformément à la loi, nous devons conserver vos données de facturation."),
        ("de", "Behörden", "Wir können Ihre Daten gemäß § 24 BDSG an Behörden übermitteln.",
         "Wir müssen Ihre Daten nach § 24 BDSG an Behörden weitergeben."),
        ("de", "Zahlung", "Wir übermitteln Ihre Zahlungsdaten an Stripe.",
         "Wir geben Ihre Zahlungsdaten an Adyen weiter."),
    ],
)  # fmt: skip
def test_a_changed_modal_or_name_behind_equivalent_wording_is_never_editorial(
    lang: str, heading: str, old: str, new: str
) -> None:
    clause = _judged(lang, heading, old, new)
    assert clause.materiality != "editorial", clause.reasons


def test_quand_is_a_condition_like_lorsque() -> None:
    clause = _judged("fr", "Notifications", "Nous vous envoyons des notifications.",
                     "Nous vous envoyons des notifications quand vous êtes inactif.")  # fmt: skip
    assert clause.materiality != "editorial", clause.reasons


def test_the_table_lists_no_negation_modal_only_word_or_number() -> None:
    """The paraphrase rules compare those separately: a table entry holding one would let a
    reworded clause drop it unseen."""
    for code, table in shipped_tables().items():
        rules = rules_for(code)
        patterns = (rules.negation, rules.strong_modal, rules.weak_modal, rules.only)
        entries = [str(e) for key in ("phrases", "words") for group in table.get(key, []) for e in group]
        assert entries, code
        for entry in entries:
            assert not re.search(r"\d", entry), (code, entry)
            assert not any(p.search(entry) for p in patterns), (code, entry)


def test_meaning_words_read_a_listed_phrase_as_its_group() -> None:
    with use(rules_for("fr")):
        assert meaning_words("les tierces parties") == meaning_words("les tiers")
        assert meaning_words("vos données à caractère personnel") == meaning_words("vos données")
        assert meaning_words("vos données") != meaning_words("vos factures")


# --------------------------------------------------------------------------- acronyms, identity documents


def test_an_acronym_spelled_out_with_accented_initials_is_editorial() -> None:
    clause = _judged("fr", "Vos droits", "Si vous résidez dans l’EEE, vous pouvez saisir la CNIL.",
                     "Si vous résidez dans l’Espace économique européen, vous pouvez saisir la CNIL.")  # fmt: skip
    assert clause.materiality == "editorial", clause.reasons
    assert clause.reasons == ("only an acronym spelled out (or a name shortened to it)",)


def test_another_region_is_no_acronym_spelled_out() -> None:
    clause = _judged("fr", "Vos droits", "Si vous résidez dans l’EEE, vous pouvez saisir la CNIL.",
                     "Si vous résidez en Suisse, vous pouvez saisir la CNIL.")  # fmt: skip
    assert clause.materiality != "editorial", clause.reasons


@pytest.mark.parametrize(
    ("lang", "heading", "old", "new"),
    [
        ("fr", "Inscription", "Lors de l’inscription, nous vérifions votre adresse e-mail.",
         "Lors de l’inscription, nous vérifions votre adresse e-mail et une copie de votre pièce d’identité."),
        ("de", "Registrierung", "Bei der Registrierung prüfen wir Ihre E-Mail-Adresse.",
         "Bei der Registrierung prüfen wir Ihre E-Mail-Adresse und Ihren Personalausweis."),
    ],
)  # fmt: skip
def test_an_identity_document_added_is_material(lang: str, heading: str, old: str, new: str) -> None:
    clause = _judged(lang, heading, old, new)
    assert clause.materiality == "material", clause.reasons
    assert "first_party_collection" in clause.topics, clause.topics
