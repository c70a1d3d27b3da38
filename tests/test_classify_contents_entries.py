"""A contents list written without links reaches the diff (extraction drops only linked ones):
its entries, added or removed, are editorial when most of a run of them name headings that both
versions have, even where one entry is worded otherwise than its heading; a lone line repeating
a numbered heading ("Vos droits" for "8. Vos droits ?") likewise. Near misses: lines that name
no heading (a list of data categories) and runs too short to be a contents list stay as they were.
"""

from __future__ import annotations

from tests.diff_helpers import doc, run_diff
from tracker.classify import classify
from tracker.models import ClauseChange, PolicyDocument

FR_SECTIONS = [
    ("1. Qui sommes-nous ?", ["Meetic SAS est responsable du traitement de vos données."]),
    ("5. Modalités de partage des données", ["Nous partageons vos données avec nos prestataires."]),
    ("8. Vos droits", ["Vous pouvez accéder à vos données et les faire supprimer."]),
    ("12. Comment nous contacter", ["Écrivez à notre délégué à la protection des données."]),
]
FR_CONTENTS = ["Qui sommes-nous", "Comment nous partageons les données", "Vos droits", "Comment nous contacter"]


def _judged(old: PolicyDocument, new: PolicyDocument) -> list[ClauseChange]:
    return [clause for change in classify(run_diff(old, new), old, new).changes for clause in change.clauses]


def test_a_removed_contents_list_is_editorial_even_its_entry_worded_otherwise() -> None:
    old = doc(("Politique de confidentialité", FR_CONTENTS), *FR_SECTIONS)
    new = doc(("Politique de confidentialité", []), *FR_SECTIONS)
    judged = _judged(old, new)
    assert [c.old_text for c in judged] == FR_CONTENTS
    assert {c.kind for c in judged} == {"removed"}
    assert [c.materiality for c in judged] == ["editorial"] * 4, [c.reasons for c in judged]
    worded_otherwise = judged[1]  # "partageons" alone would read as text on sharing removed
    assert "contents list" in worded_otherwise.reasons[0]


def test_an_added_english_contents_list_and_a_line_repeating_a_numbered_heading() -> None:
    sections = [
        ("1. Introduction", ["Acme Inc. respects your privacy."]),
        ("3. Personal data we collect", ["We collect your name and e-mail address."]),
        ("5. Provision of personal data", ["We share data with our payment processor."]),
        ("8. Your rights", ["You can ask us to delete your data."]),
    ]
    contents = ["1.Introduction", "3. Personal data we collect", "Sharing your data", "8.Your rights"]
    old = doc(("Privacy Policy", ["Please read this policy."]), *sections)
    new = doc(("Privacy Policy", ["Please read this policy.", *contents]), *sections)
    assert [c.materiality for c in _judged(old, new)] == ["editorial"] * 4

    lone = doc(("Privacy Policy", ["Please read this policy.", "Your rights"]), *sections)
    [clause] = _judged(old, lone)
    assert clause.materiality == "editorial" and "heading" in clause.reasons[0]


def test_data_categories_that_name_no_heading_stay_material() -> None:
    sections = [("Information we collect", ["We collect the following data:"]), ("Your rights", ["You can object."])]
    categories = ["Precise geolocation data", "Biometric identifiers", "Health and fitness data"]
    old = doc(*sections)
    new = doc(("Information we collect", ["We collect the following data:", *categories]), sections[1])
    assert [c.materiality for c in _judged(old, new)] == ["material"] * 3


def test_a_run_too_short_or_naming_too_few_headings_is_no_contents_list() -> None:
    base = [("Privacy", ["Please read this policy."]), *FR_SECTIONS]
    pair = ["Please read this policy.", "Vos droits", "Comment nous partageons les données"]
    short = doc(("Privacy", pair), *FR_SECTIONS)
    judged = {c.new_text: c for c in _judged(doc(*base), short)}
    assert judged["Vos droits"].materiality == "editorial"  # it repeats a heading on its own
    assert judged["Comment nous partageons les données"].materiality != "editorial"

    few = ["Vos droits", "Nous partageons les données de géolocalisation", "Nous vendons vos données"]
    mixed = doc(("Privacy", ["Please read this policy.", *few]), *FR_SECTIONS)
    judged = {c.new_text: c for c in _judged(doc(*base), mixed)}
    assert judged["Nous vendons vos données"].materiality == "material"
    assert judged["Nous partageons les données de géolocalisation"].materiality == "material"
