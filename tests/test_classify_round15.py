"""Issue 17 (h17v): false "material" calls on edits whose changed words carry no practice — a
purpose named by the collection it refers back to, a party's line cut by the diff into a removed
and an added clause, "no longer" said as "stop", a definition's quoted label renamed — and, for
each, a near miss of the same shape that stays material.

Every passage is written for these tests (realistic policy wording, not copied from a policy and
not from the labelled set).
"""

from __future__ import annotations

import pytest

from tests.classify_helpers import INTRO, classified_clauses
from tests.classify_helpers import judged_clause as _judged
from tracker.classify.cessation import cessation_restated
from tracker.classify.language import rules_for, use
from tracker.classify.names import titles
from tracker.classify.parties import party_restated
from tracker.models import ClauseChange


def _clauses(lang: str, heading: str, old: list[str], new: list[str]) -> list[ClauseChange]:
    return classified_clauses(lang, INTRO[lang], heading, old, new)


# --- a purpose named by the collection it refers back to -----------------------------------

BACK_REFERENCES = [
    ("en", "How long we keep your data",
     "We keep your order history only as long as we need it to run your account.",
     "We keep your order history only as long as we need it for the purposes for which it was collected."),
    ("fr", "Durée de conservation",
     "Nous conservons votre historique de commandes tant que nous en avons besoin pour gérer votre compte.",
     "Nous conservons votre historique de commandes tant que nous en avons besoin pour les finalités "
     "pour lesquelles il a été collecté."),
    ("de", "Speicherdauer",
     "Wir speichern Ihre Bestellhistorie, solange wir sie für Ihr Kundenkonto benötigen.",
     "Wir speichern Ihre Bestellhistorie, solange wir sie für die Zwecke benötigen, für die sie erhoben wurde."),
]  # fmt: skip


@pytest.mark.parametrize(("lang", "heading", "old", "new"), BACK_REFERENCES)
def test_a_purpose_said_by_the_collection_it_refers_back_to_is_no_new_collection(
    lang: str, heading: str, old: str, new: str
) -> None:
    clause = _judged(lang, heading, old, new)
    assert clause.materiality != "material", clause.reasons
    assert not any("collection" in r for r in clause.reasons), clause.reasons


@pytest.mark.parametrize(
    ("lang", "heading", "old", "new"),
    [
        ("en", "How long we keep your data",
         "We keep your order history only as long as we need it to run your account.",
         "We keep your order history and the precise location we collect from your phone only as long as we "
         "need them for the purposes for which they were collected."),
        ("fr", "Durée de conservation",
         "Nous conservons votre historique de commandes tant que nous en avons besoin pour gérer votre compte.",
         "Nous conservons votre historique de commandes et les données de géolocalisation que nous recueillons "
         "tant que nous en avons besoin pour les finalités pour lesquelles elles ont été collectées."),
    ],
)  # fmt: skip
def test_new_data_beside_the_back_reference_is_still_new_collection(
    lang: str, heading: str, old: str, new: str
) -> None:
    clause = _judged(lang, heading, old, new)
    assert clause.materiality == "material", clause.reasons
    assert any(r.startswith("new text on collection") for r in clause.reasons), clause.reasons


# --- a party's line cut into a removed and an added clause ---------------------------------

ADDRESS = "12 avenue des Tilleuls, 69003 Lyon"


def test_an_office_spelled_out_on_a_line_cut_in_two_is_no_party_change() -> None:
    old = [f"Exemple Voyages SAS, Bureau du DPD  \n{ADDRESS}"]
    new = [f"Exemple Voyages SAS, Délégué à la Protection des Données  \n{ADDRESS}"]
    clauses = _clauses("fr", "Nous contacter", old, new)
    assert clauses
    assert all(c.materiality != "material" for c in clauses), [(c.kind, c.reasons) for c in clauses]


def test_another_entity_on_a_line_cut_in_two_stays_a_party_change() -> None:
    old = [f"Exemple Voyages SAS, Bureau du DPD  \n{ADDRESS}"]
    new = [f"Autre Groupe SA, Délégué à la Protection des Données  \n{ADDRESS}"]
    clauses = _clauses("fr", "Nous contacter", old, new)
    assert any(c.materiality == "material" for c in clauses), [(c.kind, c.reasons) for c in clauses]


def test_party_restated_needs_the_same_party_in_the_counterpart() -> None:
    with use(rules_for("fr")):
        removed = ClauseChange("removed", "Exemple Voyages SAS, Bureau du DPD", None)
        assert party_restated(removed, ["Exemple Voyages SAS, Délégué à la Protection des Données"])
        assert not party_restated(removed, ["Autre Groupe SA, Délégué à la Protection des Données"])
        assert not party_restated(removed, ["Nous répondons sous un mois."])  # no party named beside it


# --- "no longer" said as "stop" -----------------------------------------------------------

CESSATIONS = [
    ("en", "Newsletter",
     "If you no longer want to receive our newsletter, you can unsubscribe at any time.",
     "If you want to stop receiving our newsletter, you can unsubscribe at any time."),
    ("fr", "Lettre d'information",
     "Si vous ne souhaitez plus recevoir notre lettre d'information, vous pouvez vous désabonner à tout moment.",
     "Si vous souhaitez arrêter de recevoir notre lettre d'information, vous pouvez vous désabonner à tout moment."),
    ("de", "Newsletter",
     "Wenn Sie unseren Newsletter nicht mehr erhalten möchten, können Sie sich jederzeit abmelden.",
     "Wenn Sie den Bezug unseres Newsletters beenden möchten, können Sie sich jederzeit abmelden."),
]  # fmt: skip


@pytest.mark.parametrize(("lang", "heading", "old", "new"), CESSATIONS)
def test_no_longer_said_as_stop_removes_no_negation(lang: str, heading: str, old: str, new: str) -> None:
    clause = _judged(lang, heading, old, new)
    assert not any("negation removed" in r for r in clause.reasons), clause.reasons
    assert clause.materiality != "material", clause.reasons


@pytest.mark.parametrize(
    ("lang", "heading", "old", "new"),
    [
        ("en", "Sharing", "We will no longer share your e-mail address with our partners.",
         "We will share your e-mail address with our partners."),
        ("fr", "Partage", "Nous ne partagerons plus votre adresse e-mail avec nos partenaires.",
         "Nous partagerons votre adresse e-mail avec nos partenaires."),
        ("de", "Weitergabe", "Wir geben Ihre E-Mail-Adresse nicht mehr an unsere Partner weiter.",
         "Wir geben Ihre E-Mail-Adresse an unsere Partner weiter."),
    ],
)  # fmt: skip
def test_no_longer_dropped_without_a_stop_stays_material(lang: str, heading: str, old: str, new: str) -> None:
    clause = _judged(lang, heading, old, new)
    assert clause.materiality == "material", clause.reasons
    assert any("negation removed" in r for r in clause.reasons), clause.reasons


def test_cessation_counts_every_negation() -> None:
    with use(rules_for("en")):
        assert cessation_restated("no longer", "stop")
        assert not cessation_restated("no longer", "continue to")  # no act of stopping put in
        assert not cessation_restated("not never", "stop")  # a denial that is no "no longer"
        assert not cessation_restated("no longer", "stop never")  # a negation put in


# --- a definition's quoted label renamed ---------------------------------------------------


def test_a_definitions_quoted_label_renamed_is_no_party() -> None:
    old = "These terms cover all of our apps (“Apps” or “Acme Apps”) and the accounts you open in them."
    new = "These terms cover all of our websites (“Websites” or “Acme Websites”) and the accounts you open in them."
    clause = _judged("en", "Who shares your data", old, new)
    assert not any(r.startswith("names in a clause") for r in clause.reasons), clause.reasons
    assert clause.materiality != "material", clause.reasons


def test_a_name_quoted_in_running_text_stays_a_name() -> None:
    old = "We share your card details with our payment partner “Paylane” to take your payment."
    new = "We share your card details with our payment partner “Paystar” to take your payment."
    clause = _judged("en", "Who we share your data with", old, new)
    assert clause.materiality == "material", clause.reasons
    with use(rules_for("en")):
        assert ("Paystar",) in titles(new)
        assert ("Websites",) not in titles("all of our websites (“Websites”)")


# --- a purpose a clause removed beside it already named ------------------------------------

RECOMMENDER_OLD = (
    "The order of the profiles we show you is set by a recommendation system based on distance and common interests."
)


def test_a_purpose_the_removed_neighbour_named_is_not_new() -> None:
    new = "Algorithmic recommendation systems are part of how the app works. Further details are in our help centre."
    clauses = _clauses("en", "Matching", [RECOMMENDER_OLD], [new])
    assert {c.kind for c in clauses} == {"removed", "added"}  # the diff cut the rewrite in two
    assert not any(r.startswith("new purpose") for c in clauses for r in c.reasons), [c.reasons for c in clauses]


def test_a_purpose_no_removed_neighbour_named_is_new() -> None:
    new = "Algorithmic recommendation systems are part of how the app works and also choose personalised advertising."
    clauses = _clauses("en", "Matching", [RECOMMENDER_OLD], [new])
    assert {c.kind for c in clauses} == {"removed", "added"}
    added = next(c for c in clauses if c.kind == "added")
    assert any(r.startswith("new purpose") for r in added.reasons), added.reasons
