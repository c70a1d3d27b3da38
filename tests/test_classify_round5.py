"""Issue 17, fifth round (h17e): edits a lawyer reads as editorial but whose changed words the
commitment and rights rules read — a promise restated in another tense, the reader named as
"members" / "users" instead of "you" (or back) — and the changes next to them that stay material.

Every passage is written for these tests (realistic policy wording, not copied from a policy and
not from the labelled set).
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from tests.diff_helpers import doc, run_diff
from tests.test_classify_language import _one_change
from tests.test_classify_light import _clause
from tracker.classify import classify
from tracker.models import ClauseChange

# --------------------------------------------------------------------------- tense


@pytest.mark.parametrize(
    ("old", "new", "heading"),
    [
        ("We will tell you by e-mail at least 30 days before a significant change takes effect.",
         "We tell you by e-mail at least 30 days before a significant change takes effect.", "Policy changes"),
        ("We delete inactive accounts after two years.",
         "We will delete inactive accounts after two years.", "Retention"),
        ("We will not sell your personal information to data brokers.",
         "We do not sell your personal information to data brokers.", "Sharing"),
        ("We'll ask for your consent before we use your photos in advertising.",
         "We ask for your consent before we use your photos in advertising.", "Advertising"),
    ],
)  # fmt: skip
def test_a_promise_restated_in_another_tense_is_editorial(old: str, new: str, heading: str) -> None:
    clause = _clause(old, new, heading)
    assert clause.materiality == "editorial", clause.reasons
    assert clause.reasons[0].startswith("a promise restated in another tense"), clause.reasons


def test_a_german_promise_restated_in_the_present_is_editorial() -> None:
    old = "Wir werden Sie rechtzeitig vor dem Inkrafttreten einer Änderung per E-Mail benachrichtigen."
    new = "Wir benachrichtigen Sie rechtzeitig vor dem Inkrafttreten einer Änderung per E-Mail."
    (clause,) = _one_change("de", "Änderungen", old, new).clauses
    assert clause.materiality == "editorial", clause.reasons


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("We will tell you by e-mail before a significant change takes effect.",
         "We may tell you by e-mail before a significant change takes effect."),
        ("We will tell you by e-mail before a significant change takes effect.",
         "We tell you in the app before a significant change takes effect."),
    ],
)  # fmt: skip
def test_a_tense_change_with_another_change_is_not_editorial(old: str, new: str) -> None:
    clause = _clause(old, new, "Policy changes")
    assert clause.materiality == "material", clause.reasons


def test_a_german_weakened_promise_stays_material() -> None:
    change = _one_change("de", "Änderungen",
                         "Wir werden Sie vor dem Inkrafttreten einer Änderung per E-Mail benachrichtigen.",
                         "Wir können Sie vor dem Inkrafttreten einer Änderung per E-Mail benachrichtigen.")  # fmt: skip
    (clause,) = change.clauses
    assert clause.materiality == "material", clause.reasons


# --------------------------------------------------------------------------- the reader


@pytest.mark.parametrize(
    ("old", "new", "heading"),
    [
        ("You can correct your date of birth once from the profile screen.",
         "Users can correct their date of birth once from the profile screen.", "Your rights"),
        ("Members may withdraw their consent to marketing messages at any time.",
         "You may withdraw your consent to marketing messages at any time.", "Your choices"),
        ("Customers have the right to receive their order history in a portable format.",
         "You have the right to receive your order history in a portable format.", "Your rights"),
    ],
)  # fmt: skip
def test_the_reader_named_instead_of_addressed_is_editorial(old: str, new: str, heading: str) -> None:
    clause = _clause(old, new, heading)
    assert clause.materiality == "editorial", clause.reasons
    assert clause.reasons[0].startswith("the reader named as users or members"), clause.reasons


@pytest.mark.parametrize(
    ("lang", "heading", "old", "new"),
    [
        ("fr", "Vos droits",
         "Vous pouvez retirer votre consentement aux messages promotionnels à tout moment.",
         "Les utilisateurs peuvent retirer leur consentement aux messages promotionnels à tout moment."),
        ("de", "Ihre Rechte",
         "Sie können Ihre Einwilligung in Werbe-E-Mails jederzeit widerrufen.",
         "Nutzer können ihre Einwilligung in Werbe-E-Mails jederzeit widerrufen."),
    ],
)  # fmt: skip
def test_the_reader_named_in_french_and_german_is_editorial(lang: str, heading: str, old: str, new: str) -> None:
    (clause,) = _one_change(lang, heading, old, new).clauses
    assert clause.materiality == "editorial", clause.reasons


@pytest.mark.parametrize(
    ("old", "new"),
    [
        # the right narrowed to some users
        ("You can export your playlists at any time.", "Paying members can export their playlists at any time."),
        # a right weakened while the reader is renamed
        ("You can export your playlists at any time.", "Members can export their playlists once a year."),
    ],
)  # fmt: skip
def test_the_reader_renamed_with_another_change_is_not_editorial(old: str, new: str) -> None:
    clause = _clause(old, new, "Your rights")
    assert clause.materiality == "material", clause.reasons


def test_one_group_of_users_for_another_is_not_the_reader_renamed() -> None:
    clause = _clause("Customers can export their playlists at any time.",
                     "Visitors can export their playlists at any time.", "Your rights")  # fmt: skip
    assert not any(r.startswith("the reader named") for r in clause.reasons), clause.reasons
    assert clause.materiality != "editorial", clause.reasons  # other people have the right now: read it


# --------------------------------------------------------------------------- German nominal style


@pytest.mark.parametrize(
    ("heading", "old", "new"),
    [
        ("Löschung", "Die Löschung Ihrer Kontodaten erfolgt nach Ablauf der gesetzlichen Fristen.",
         "Wir löschen Ihre Kontodaten nach Ablauf der gesetzlichen Fristen."),
        ("Speicherdauer", "Wir speichern Ihre Rechnungen zehn Jahre lang.",
         "Die Speicherung Ihrer Rechnungen erfolgt zehn Jahre lang."),
    ],
)  # fmt: skip
def test_a_german_noun_phrase_turned_into_its_verb_is_editorial(heading: str, old: str, new: str) -> None:
    (clause,) = _one_change("de", heading, old, new).clauses
    assert clause.materiality == "editorial", clause.reasons


@pytest.mark.parametrize(
    ("heading", "old", "new"),
    [
        ("Weitergabe", "Eine Weitergabe Ihrer Kontodaten an Werbepartner erfolgt nicht.",
         "Wir geben Ihre Kontodaten an Werbepartner weiter."),
        ("Speicherdauer", "Die Löschung Ihrer Rechnungen erfolgt nach zehn Jahren.",
         "Wir speichern Ihre Rechnungen zehn Jahre lang."),
    ],
)  # fmt: skip
def test_a_german_noun_phrase_turned_verb_with_another_meaning_is_not_editorial(
    heading: str, old: str, new: str
) -> None:
    (clause,) = _one_change("de", heading, old, new).clauses
    assert clause.materiality != "editorial", clause.reasons


# --------------------------------------------------------------------------- pointers


@pytest.mark.parametrize(
    ("lang", "heading", "old", "new"),
    [
        ("fr", "Cookies", "Vous trouverez de plus amples informations dans notre charte cookies.",
         "Pour en savoir plus, consultez notre charte cookies."),
        ("fr", "Conditions d'utilisation",
         "Vous trouverez plus d’informations sur les données que nous traitons et sur quelle base juridique dans "
         "nos informations sur la protection des données.",
         "Vous trouverez de plus amples informations à ce sujet dans nos informations sur la protection des données."),
        ("de", "Newsletter", "Weitere Informationen finden Sie in unseren Datenschutzhinweisen.",
         "Näheres entnehmen Sie bitte unseren Datenschutzhinweisen."),
    ],
)  # fmt: skip
def test_a_reworded_pointer_to_a_charter_or_privacy_notice_is_editorial(
    lang: str, heading: str, old: str, new: str
) -> None:
    (clause,) = _one_change(lang, heading, old, new).clauses
    assert clause.materiality == "editorial", clause.reasons
    assert clause.reasons == ("only the wording of a pointer to another text changed",), clause.reasons


# --------------------------------------------------------------------------- names


@pytest.mark.parametrize(
    ("old", "new", "heading"),
    [
        # a list item's first word is a sentence's first word, not a name
        ("3.2 If you ask us, we will correct your profile data.",
         "3.2. When you ask us, we will correct your profile data.", "Your rights"),
        # "You" capitalised as a defined term is the reader, not a name
        ("We use your contacts to suggest friends.", "We use your contacts to suggest people You may know.",
         "How we use your data"),
        # a possessive and its apostrophe: the same company
        ("This processing is based on Acme’s legitimate interest in keeping the service secure.",
         "This processing is based on the legitimate interest of Acme in keeping the service secure for members.",
         "Legal basis"),
        # a defined term written in lower case: the same role
        ("Acme Ltd is the Data Controller of your personal data under this policy.",
         "Acme Ltd is the data controller of your personal data.", "Who we are"),
    ],
)  # fmt: skip
def test_no_name_is_gained_or_lost(old: str, new: str, heading: str) -> None:
    clause = _clause(old, new, heading)
    assert clause.materiality != "material", clause.reasons
    assert not any("names in a clause" in r or r.startswith("responsible party") for r in clause.reasons)


def test_a_vendor_replaced_in_a_table_row_stays_material() -> None:
    clause = _clause("Klaro | Customer support | Estonia", "Helpwise | Customer support | USA", "Our sub-processors")
    assert clause.materiality == "material", clause.reasons


# --------------------------------------------------------------------------- cross-references


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("Sections 14 (Arbitration) and/or 14.6 (Class Action Waiver) do not apply to residents of Quebec.",
         "Sections 14 (Arbitration) and/or 14.9 (Class Action Waiver) do not apply to residents of Quebec."),
        ("Sections 4 and 6 explain how you can object.", "Sections 4 and 7 explain how you can object."),
        ("Section 9.2 explains how you can object.", "Section 9.4 explains how you can object."),
    ],
)  # fmt: skip
def test_a_number_in_a_list_of_cross_references_renumbered_is_editorial(old: str, new: str) -> None:
    clause = _clause(old, new, "Disputes")
    assert clause.reasons == ("only the number of a cross-reference changed",), clause.reasons


def test_a_number_after_a_list_that_is_no_cross_reference_is_not_editorial() -> None:
    clause = _clause("We keep your data for 4 and 6 months.", "We keep your data for 4 and 7 months.", "Retention")
    assert clause.materiality == "material", clause.reasons


# --------------------------------------------------------------------------- postal addresses


@pytest.mark.parametrize(
    ("old", "new", "heading"),
    [
        ("Our office is at 1760 Mission Street, San Francisco.", "Our office is at 55 Market Street, San Francisco.",
         "About us"),
        ("You can also reach us by mail at 8 Rue du Sentier, 75002 Paris (France).",
         "You can also reach us by mail at 5 rue Feydeau, 75002 Paris (France).", "Terms"),
        ("Letters reach us at PO Box 1234, Los Angeles.", "Letters reach us at PO Box 9876, Los Angeles.", "About us"),
    ],
)  # fmt: skip
def test_a_postal_address_replaced_is_material(old: str, new: str, heading: str) -> None:
    clause = _clause(old, new, heading)
    assert clause.materiality == "material", clause.reasons
    assert any(r.startswith("postal address changed") for r in clause.reasons), clause.reasons


def test_a_postal_address_added_to_a_clause_is_material() -> None:
    clause = _clause("If you have questions, please write to us.",
                     "If you have questions, please write to us at 20 Harbour Road, Dublin.", "Questions")  # fmt: skip
    assert clause.materiality == "material", clause.reasons


def test_a_postal_address_written_another_way_is_not_a_change() -> None:
    old = "Our office is at 1760 Mission Street, San Francisco, where visitors are welcome."
    clause = _clause(old, "Our office is at 1760 MISSION STREET, San Francisco, where guests are welcome.", "About us")
    assert not any(r.startswith("postal address") for r in clause.reasons), clause.reasons


# --------------------------------------------------------------------------- list numbers


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("4.2 To run the app and our other services, we rely on outside hosting providers.",
         "To run the app and our services, we rely on outside hosting providers."),
        ("(c) We rely on outside hosting providers to run the app.",
         "We rely on outside hosting providers for running the app."),
    ],
)  # fmt: skip
def test_a_list_number_dropped_beside_a_minor_rewording_is_editorial(old: str, new: str) -> None:
    clause = _clause(old, new, "Service providers")
    assert clause.materiality == "editorial", clause.reasons


def test_a_duration_at_the_start_of_a_clause_is_no_list_number() -> None:
    clause = _clause("30 days after you close your account, we delete your messages.",
                     "After you close your account, we delete your messages.", "Retention")  # fmt: skip
    assert clause.materiality != "editorial", clause.reasons


# --------------------------------------------------------------------------- the company's own name

DEFINED = ("Who we are", ['Brightwave Media Ltd ("Brightwave", "we", "us" or "our") publishes the Brightwave app.'])


def _in_policy(
    old: str, new: str, title: str = "Privacy Policy", intro: tuple[str, list[str]] = DEFINED
) -> ClauseChange:
    a = replace(doc(intro, ("How we use your data", [old])), title=title)
    b = replace(doc(intro, ("How we use your data", [new])), title=title)
    (change,) = classify(run_diff(a, b), a, b).changes
    (clause,) = change.clauses
    return clause


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("We use your listening history to recommend podcasts.",
         "Brightwave uses your listening history to recommend podcasts."),
        ("Brightwave Media's editors may read your comments.", "Our editors may read your comments."),
    ],
)  # fmt: skip
def test_the_company_named_instead_of_we_is_editorial(old: str, new: str) -> None:
    clause = _in_policy(old, new)
    assert clause.materiality == "editorial", clause.reasons
    assert clause.reasons == ("the company named instead of 'we' (or back); the same words otherwise",)


def test_the_company_named_in_the_title_is_its_own_name() -> None:
    intro = ("Who we are", ["This policy explains our practices."])
    old, new = "We use your listening history.", "Brightwave uses your listening history."
    clause = _in_policy(old, new, title="Brightwave Privacy Policy", intro=intro)
    assert clause.materiality == "editorial", clause.reasons


@pytest.mark.parametrize(
    ("old", "new"),
    [
        # another company does it now
        ("We use your listening history to recommend podcasts.",
         "Spotify uses your listening history to recommend podcasts."),
        # the company named, and something else changed
        ("We use your listening history to recommend podcasts.",
         "Brightwave uses your listening history and your contacts to recommend podcasts."),
    ],
)  # fmt: skip
def test_another_name_instead_of_we_is_not_editorial(old: str, new: str) -> None:
    clause = _in_policy(old, new)
    assert clause.materiality != "editorial", clause.reasons
