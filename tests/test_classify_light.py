"""Issue 17 (h17): rules that generalise to unseen policies — catch-all and region topics,
swapped-letter typos, minor rewordings, date lines, names gained or lost in a clause on a topic,
German nouns, French commitments and rights.

Every passage is written for these tests (realistic policy wording, not copied from a policy).
"""

from __future__ import annotations

import pytest

from tests.diff_helpers import doc, run_diff
from tests.test_classify_language import _one_change
from tracker.classify import classify, load_lexicon
from tracker.classify.names import changed_names
from tracker.errors import TrackerError
from tracker.models import ClauseChange

INTRO = ("Who we are", ["Acme Analytics Ltd runs the Acme booking app and website."])


def _clause(old: str, new: str, heading: str) -> ClauseChange:
    a, b = doc(INTRO, (heading, [old] if old else [])), doc(INTRO, (heading, [new] if new else []))
    (change,) = classify(run_diff(a, b), a, b).changes
    (clause,) = change.clauses
    return clause


# --------------------------------------------------------------------------- topics


def test_collection_is_a_catch_all_when_a_specific_topic_fired() -> None:
    clause = _clause("We may collect data from children under 16 with parental consent.",
                     "We may collect data from children under 13 with parental consent.", "Children")  # fmt: skip
    assert "children" in clause.topics and "first_party_collection" not in clause.topics, clause.topics


def test_collection_alone_is_still_tagged() -> None:
    clause = _clause("We collect your name.", "We collect your name and your precise location.", "What we collect")
    assert clause.topics == ("first_party_collection",), clause.topics


def test_regions_are_tagged_only_when_the_regions_named_changed() -> None:
    same = _clause("Our UK representative is DataRep Ltd, London.",
                   "Our UK representative is Rep Co Ltd, Leeds.", "Contact")  # fmt: skip
    assert "international_audiences" not in same.topics and "contact" in same.topics, same.topics
    wider = _clause("This section applies to users in the EEA.",
                    "This section applies to users in the EEA and the United Kingdom.", "Users in Europe")  # fmt: skip
    assert "international_audiences" in wider.topics and wider.materiality == "material", (wider.topics, wider.reasons)


def test_tag_when_must_be_known(tmp_path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "lexicon.toml"
    bad.write_text('[topics.contact]\ntag_when = "sometimes"\n', encoding="utf-8")
    with pytest.raises(TrackerError, match="tag_when must be always, alone or changed"):
        load_lexicon(bad)


# --------------------------------------------------------------------------- editorial classes


def test_two_swapped_letters_are_a_typo() -> None:
    clause = _clause("We retian your account data for 30 days after you close your account.",
                     "We retain your account data for 30 days after you close your account.", "Retention")  # fmt: skip
    assert clause.materiality == "editorial", clause.reasons


def test_a_different_word_with_the_same_length_is_not_a_typo() -> None:
    clause = _clause("We retain your account data for 30 days.", "We remain your account data for 30 days.", "Keep")
    assert clause.materiality != "editorial", clause.reasons


@pytest.mark.parametrize(
    ("old", "new", "heading"),
    [
        ("This policy covers the following Acme Services:",
         "This policy covers the following Acme Properties:", "Scope"),
        ("Read our Cookie Notice for details.", "Read our Cookie Policy for details.", "Cookies"),
        ("We have tried hard to make this policy as clear as we can.",
         "We have tried to make this policy as clear as we can.", "About this policy"),
    ],
)  # fmt: skip
def test_minor_rewordings_are_editorial(old: str, new: str, heading: str) -> None:
    clause = _clause(old, new, heading)
    # "Read our Cookie Notice" is also a pointer to another text: either editorial reason fits
    said = clause.reasons[0]
    assert clause.materiality == "editorial" and ("minor rewording" in said or "pointer" in said), clause.reasons


@pytest.mark.parametrize(
    ("old", "new", "heading"),
    [
        ("We use Stripe to process payments.", "We use Adyen to process payments.", "Payments"),  # a lone name
        ("We keep logs for 12 months.", "We keep logs for 18 months.", "Logs"),  # a number
        ("We use your data to run the service.",
         "We use your data to run the service and for marketing.", "Use"),  # a topic
        ("We will tell you before we change this policy.",
         "We may tell you before we change this policy.", "Changes"),  # a modal
    ],
)  # fmt: skip
def test_rewordings_touching_a_name_number_topic_or_modal_are_not_minor(old: str, new: str, heading: str) -> None:
    assert _clause(old, new, heading).materiality != "editorial"


@pytest.mark.parametrize("text", ["Last updated: March 3, 2025.", "This policy was last updated on 3 March 2025."])
def test_a_date_line_added_or_removed_is_editorial(text: str) -> None:
    assert _clause("", text, "About this policy").materiality == "editorial"
    assert _clause(text, "", "About this policy").materiality == "editorial"


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "Date of last revision: 4 May 2023"),
        ("en", "Revision date: 2024-03-01"),
        ("fr", "Entrée en vigueur : 26 mars 2026"),
        ("fr", "Date d’entrée en vigueur : 1er janvier 2025"),
        ("fr", "Date de la dernière mise à jour : 3 mars 2024"),
        ("de", "Inkrafttreten: 1. März 2024"),
        ("de", "Gültig ab 1. März 2024"),
        ("de", "Datum der letzten Aktualisierung: 1. März 2024"),
        ("de", "Zuletzt geändert am 3. Mai 2023"),
    ],
)
def test_date_lines_in_their_other_wordings_are_editorial(lang: str, text: str) -> None:
    heading = {"en": "About this policy", "fr": "À propos", "de": "Über diese Erklärung"}[lang]
    for old, new in ((text, ""), ("", text)):
        if lang == "en":
            clause = _clause(old, new, heading)
        else:
            (clause,) = _one_change(lang, heading, old, new).clauses
        assert clause.materiality == "editorial" and "date line" in " ".join(clause.reasons), clause.reasons


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("fr", "Entrée en vigueur des nouvelles conditions de paiement : 26 mars 2026"),
        ("de", "Datum der letzten Änderung Ihres Passworts: 3. Mai 2023"),
        ("de", "Diese Regelung gilt ab 1. März 2024 für alle Kunden in Bayern."),
    ],
)
def test_a_dated_line_about_something_else_is_not_a_date_line(lang: str, text: str) -> None:
    (clause,) = _one_change(lang, "Sonstiges" if lang == "de" else "Divers", "", text).clauses
    assert "date line" not in " ".join(clause.reasons), clause.reasons


def test_a_dated_sentence_that_says_more_is_not_a_date_line() -> None:
    clause = _clause("", "From 1 May 2025 we share your location with our partners.", "About this policy")
    assert clause.materiality == "material", clause.reasons


# --------------------------------------------------------------------------- names


def test_names_gained_lost_or_renamed() -> None:
    assert changed_names("We use Stripe to process payments.", "We use Stripe and Adyen to process payments.") == (
        [], ["Adyen"], False)  # fmt: skip
    assert changed_names("Read our Cookie Notice.", "Read our Cookie Policy.") == ([], [], True)
    assert changed_names("Write to our DPO.", "Write to our Data Protection Officer (DPO).")[:2] == ([], [])
    assert changed_names("We use the App.", "We use the Services.")[:2] == ([], [])  # defined terms


@pytest.mark.parametrize(
    ("old", "new", "heading"),
    [
        ("We use Stripe to process payments.",
         "We use Stripe and Adyen to process payments.", "Service providers"),
        ("We share your data with Acme Cloud and Mailjet.",
         "We share your data with Acme Cloud.", "How we share information"),
    ],
)  # fmt: skip
def test_a_recipient_named_or_dropped_on_a_topic_is_material(old: str, new: str, heading: str) -> None:
    clause = _clause(old, new, heading)
    assert clause.materiality == "material" and any("names in a clause on" in r for r in clause.reasons), clause.reasons


def test_a_german_recipient_noun_dropped_is_material() -> None:
    change = _one_change("de", "Weitergabe an Dritte",
                         "Wir übermitteln Ihre Daten an unsere Steuerberater und an den Dachverband.",
                         "Wir übermitteln Ihre Daten an unsere Steuerberater.")  # fmt: skip
    assert change.materiality == "material", change.reasons
    assert any("names in a clause on sharing" in r and "Dachverband" in r for r in change.reasons), change.reasons


def test_a_german_noun_elsewhere_is_no_name_and_never_a_minor_rewording() -> None:
    change = _one_change("de", "Welche Daten wir erheben", "Wir erheben Ihren Namen und Ihr Geburtsdatum.",
                         "Wir erheben Ihren Namen und Ihr Geburtsjahr.")  # fmt: skip
    assert change.materiality != "editorial", change.reasons
    assert not any("names in a clause" in r for r in change.reasons), change.reasons


# --------------------------------------------------------------------------- French commitments and rights


def test_a_french_commitment_added_is_material() -> None:
    change = _one_change("fr", "Modifications", "Nous pouvons modifier la présente politique.",
                         "Nous pouvons modifier la présente politique et nous nous engageons à vous en "
                         "informer par e-mail.")  # fmt: skip
    assert change.materiality == "material", change.reasons


def test_a_french_right_added_with_egalement_is_material() -> None:
    change = _one_change("fr", "Vos droits", "",
                         "Vous pouvez également définir des directives relatives au sort de vos données "
                         "après votre décès.")  # fmt: skip
    assert change.materiality == "material", change.reasons


# --------------------------------------------------------------------------- rewrites split into removed + added


def test_a_topic_word_kept_by_the_rewritten_neighbour_is_not_removed() -> None:
    change = _one_change("de", "Datensicherheit", "Zum Schutz Ihrer Daten setzen wir eine Verschlüsselung ein.",
                         "Wir verschlüsseln Ihre Daten, um sie zu schützen.")  # fmt: skip
    assert not any("removed" in r and "verschlüsselung" in r for r in change.reasons), change.reasons
    assert change.materiality != "material", change.reasons


# --------------------------------------------------------------------------- offices spelled out, people renamed


def test_a_person_named_in_place_of_another_is_two_names_changed() -> None:
    gone, new, _ = changed_names("The Grievance Officer is: Asha Verma Email Address: grievance@acme.in",
                                 "The Grievance Officer is: Vikram Rao Email Address: grievance@acme.in")  # fmt: skip
    assert (gone, new) == (["Asha Verma"], ["Vikram Rao"])


def test_an_office_spelled_out_in_french_is_the_same_party() -> None:
    assert changed_names("Acme SAS, Bureau du DPD, 10 rue de la Paix", "Acme SAS, Délégué à la Protection des Données, "
                         "10 rue de la Paix")[:2] == ([], [])  # fmt: skip
    change = _one_change("fr", "Nous contacter", "Acme SAS, Bureau du DPD, 10 rue de la Paix, 75002 Paris",
                         "Acme SAS, Délégué à la Protection des Données, 10 rue de la Paix, 75002 Paris")  # fmt: skip
    assert change.materiality != "material", change.reasons


def test_an_english_office_spelled_out_keeps_its_address() -> None:
    clause = _clause("You can contact our DPO at dpo@acme.io.",
                     "You can contact our Data Protection Officer (DPO) at dpo@acme.io.", "Contact")  # fmt: skip
    assert clause.materiality != "material", clause.reasons


# --------------------------------------------------------------------------- examples struck out


def test_an_example_struck_out_is_editorial() -> None:
    clause = _clause("You can choose a plan for a fixed term, for example 12 or 24 months, when you sign up.",
                     "You can choose a plan for a fixed term when you sign up.", "Plans")  # fmt: skip
    assert clause.materiality == "editorial" and clause.reasons == ("only an example struck out",), clause.reasons


def test_a_list_struck_out_without_an_example_word_is_not_an_example() -> None:
    clause = _clause("We share your data with partners, advertisers and data brokers.",
                     "We share your data with partners.", "Sharing")  # fmt: skip
    assert clause.materiality == "material", clause.reasons


def test_a_french_example_struck_out_is_editorial() -> None:
    change = _one_change("fr", "Abonnement",
                         "Le client choisit une durée initiale, par exemple 12 ou 24 mois, lors de la commande.",
                         "Le client choisit une durée initiale lors de la commande.")  # fmt: skip
    assert change.materiality == "editorial", change.reasons


# --------------------------------------------------------------------------- synonyms on a topic


def test_a_verb_swapped_for_its_synonym_is_no_new_text() -> None:
    clause = _clause("We may share your personal information with our service providers.",
                     "We may disclose your personal information to our service providers.", "Sharing")  # fmt: skip
    assert clause.materiality == "editorial", clause.reasons


def test_a_new_recipient_is_still_new_text_beside_a_synonym() -> None:
    clause = _clause("We may share your personal information with our service providers.",
                     "We may disclose your personal information to our service providers and data brokers.",
                     "Sharing")  # fmt: skip
    assert clause.materiality == "material" and any("data brokers" in r for r in clause.reasons), clause.reasons


def test_obtaining_is_not_collecting() -> None:
    clause = _clause("We collect your contact details when you sign up.",
                     "We obtain your contact details when you sign up.", "Information we collect")  # fmt: skip
    assert clause.materiality != "editorial", clause.reasons


# --------------------------------------------------------------------------- contractions and connectives


def test_a_contraction_is_the_same_commitment() -> None:
    clause = _clause("We will keep your data for as long as your account is active.",
                     "We'll keep your data for as long as your account is active.", "Retention")  # fmt: skip
    assert clause.materiality == "editorial", clause.reasons


def test_in_order_to_dropped_is_not_words_struck_from_a_section() -> None:
    clause = _clause("We use cookies in order to understand how you use the site.",
                     "We use cookies to understand how you use the site.", "Cookies")  # fmt: skip
    assert clause.materiality == "editorial", clause.reasons


# --------------------------------------------------------------------------- acronyms and lead-ins


@pytest.mark.parametrize(
    ("old", "new", "heading"),
    [
        ("You can contact our DPO at dpo@acme.io.", "You can contact our Data Protection Officer (DPO) at dpo@acme.io.",
         "Contact"),
        ("Complaints go to the ICO.", "Complaints go to the Information Commissioner's Office (ICO).", "Complaints"),
    ],
)  # fmt: skip
def test_an_acronym_spelled_out_is_editorial(old: str, new: str, heading: str) -> None:
    clause = _clause(old, new, heading)
    assert clause.materiality == "editorial" and "acronym" in clause.reasons[0], clause.reasons


def test_a_german_statute_abbreviation_spelled_out_is_editorial() -> None:
    change = _one_change("de", "Speicherdauer", "Wir speichern Bestelldaten zehn Jahre lang (§ 147 AO).",
                         "Wir speichern Bestelldaten zehn Jahre lang (§ 147 Abgabenordnung).")  # fmt: skip
    assert change.materiality == "editorial", change.reasons


def test_another_office_is_no_acronym_spelled_out() -> None:
    clause = _clause("You can contact our DPO at dpo@acme.io.", "You can contact our Privacy Team at dpo@acme.io.",
                     "Contact")  # fmt: skip
    assert clause.materiality != "editorial", clause.reasons


def test_a_lead_in_repeating_the_clause_is_a_paraphrase() -> None:
    clause = _clause("If you would like to opt out of marketing, you can email us at optout@acme.io.",
                     "How to opt out: If you would like to opt out of marketing, you can email us at optout@acme.io.",
                     "Your choices")  # fmt: skip
    assert clause.materiality == "editorial", clause.reasons
    with_label = _clause("You can email us at optout@acme.io to opt out of marketing emails.",
                         "Marketing emails: you can email us at optout@acme.io to opt out of marketing emails.",
                         "Your choices")  # fmt: skip
    assert with_label.materiality == "editorial", with_label.reasons


def test_a_lead_in_that_denies_is_not_a_mere_lead_in() -> None:
    clause = _clause("Sell your personal information to data brokers.",
                     "We never sell your personal information to data brokers.", "Sharing")  # fmt: skip
    assert clause.materiality != "editorial", clause.reasons
