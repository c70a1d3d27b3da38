"""A number written bare at a clause's start ("21 Harbour Street", "16 years") is what the clause
states unless other clauses of the section shift by the same amount: only then is it a list's
number renumbered (``tracker.diff.renumber``)."""

from __future__ import annotations

from tests.diff_helpers import doc, run_diff
from tracker.classify import classify


def _kinds(result):  # type: ignore[no-untyped-def]
    return [(c.kind, [cl.kind for cl in c.clauses]) for c in result.changes]


def test_a_house_number_changed_is_a_modified_clause_and_material() -> None:
    lines = ["You can write to us at:", "Example Ltd", "21 Harbour Street", "Bristol BS1 4XX"]
    old = doc(("Contact", lines))
    new = doc(("Contact", [line.replace("21 Harbour", "40 Harbour") for line in lines]))
    result = run_diff(old, new)
    assert _kinds(result) == [("modified", ["modified"])]
    assert result.changes[0].note is None
    judged = classify(result)
    assert judged.changes[0].materiality == "material"


def test_an_age_at_a_clause_start_changed_is_not_renumbering() -> None:
    old = doc(("Children", ["16 years is the minimum age to open an account.", "We do not sell children's data."]))
    new = doc(("Children", ["13 years is the minimum age to open an account.", "We do not sell children's data."]))
    result = run_diff(old, new)
    assert _kinds(result) == [("modified", ["modified"])]
    assert classify(result).changes[0].materiality == "material"


def test_bare_list_numbers_shifted_together_are_still_renumbered() -> None:
    items = ["Cookies we set", "Cookies others set", "Your choices"]
    old = doc(("Cookies", [f"{k + 1} {t}" for k, t in enumerate(items)]))
    new = doc(("Cookies", ["1 Why we use cookies", *[f"{k + 2} {t}" for k, t in enumerate(items)]]))
    result = run_diff(old, new)
    renumbered = [c for c in result.changes if c.kind == "renumbered"]
    assert len(renumbered) == 1 and renumbered[0].editorial
    assert renumbered[0].note == "clauses 1–3 renumbered to 2–4 in “Cookies”"


def test_a_dotted_clause_number_shifted_alone_is_still_renumbered() -> None:
    old = doc(("6. Your account", ["6.1 Keep your password secret.", "You are responsible for your account."]))
    new = doc(("6. Your account", ["6.4 Keep your password secret.", "You are responsible for your account."]))
    result = run_diff(old, new)
    assert [c.kind for c in result.changes] == ["renumbered"]
