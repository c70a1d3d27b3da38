"""Acceptance tests for tracker.diff.sections: one crafted pair per change kind, cosmetics, date line."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.diff_helpers import BASE, deleted, doc, inserted, run_diff
from tracker.diff.words import editorial_key, word_diff
from tracker.models import ClauseChange


def _replace(sections, index, heading=None, clauses=None):  # type: ignore[no-untyped-def]
    out = list(sections)
    h, c = out[index]
    out[index] = (heading if heading is not None else h, clauses if clauses is not None else c)
    return out


def test_identical_documents_have_no_changes() -> None:
    result = run_diff(doc(*BASE), doc(*BASE))
    assert result.changes == ()
    assert result.unchanged_sections == len(BASE)
    assert not result.date_changed


def test_cosmetic_only_whitespace_and_quotes_is_no_change() -> None:
    old = doc(("Cookies", ['We don\'t sell "personal data" - ever.', "Line  one   two."]))
    new = doc(("Cookies", ["We don\u2019t  sell \u201cpersonal data\u201d \u2013 ever.", "Line one two. "]))
    result = run_diff(old, new)
    assert result.changes == ()
    assert result.unchanged_sections == 1


def test_move_is_reported_once_with_positions() -> None:
    new_order = [BASE[i] for i in (0, 1, 2, 4, 5, 3, 6)]  # Cookies moved after Your Rights
    result = run_diff(doc(*BASE), doc(*new_order))
    assert len(result.changes) == 1
    change = result.changes[0]
    assert (change.kind, change.old_section_id, change.new_section_id) == ("moved", "cookies", "cookies")
    assert (change.old_position, change.new_position) == (3, 5)
    assert change.clauses == ()
    assert change.editorial is False
    assert result.unchanged_sections == 6


def test_moved_section_with_edit_inside() -> None:
    moved = ("Cookies", ["We use cookies to remember your preferences and to show ads.", BASE[3][1][1]])
    new_order = [BASE[0], moved, BASE[1], BASE[2], BASE[4], BASE[5], BASE[6]]
    result = run_diff(doc(*BASE), doc(*new_order))
    assert [(c.kind, c.new_section_id, c.old_position, c.new_position) for c in result.changes] == [
        ("moved", "cookies", 3, 1)
    ]
    (clause,) = result.changes[0].clauses
    assert clause.kind == "modified" and clause.editorial is False
    assert inserted(clause.words) == ["and to show ads"]
    assert deleted(clause.words) == []


def test_renamed_heading_same_body() -> None:
    sections = _replace(BASE, 3, heading="Cookies and Similar Technologies")
    result = run_diff(doc(*BASE), doc(*sections))
    (change,) = result.changes
    assert change.kind == "renamed"
    assert (change.old_heading, change.new_heading) == ("Cookies", "Cookies and Similar Technologies")
    assert (change.old_section_id, change.new_section_id) == ("cookies", "cookies-and-similar-technologies")
    assert (change.old_position, change.new_position) == (3, 3)
    assert change.clauses == () and change.editorial is False


def test_renamed_heading_with_body_change() -> None:
    body = ["We use cookies to remember your preferences.", "You can disable cookies in your browser settings."]
    sections = _replace(BASE, 3, heading="Cookies and Similar Technologies", clauses=body)
    result = run_diff(doc(*BASE), doc(*sections))
    (change,) = result.changes
    assert change.kind == "renamed" and change.editorial is False
    (clause,) = change.clauses
    assert (clause.kind, clause.old_index, clause.new_index) == ("modified", 1, 1)
    assert inserted(clause.words) == ["settings"]


def test_renumbered_heading_is_editorial_rename() -> None:
    # Issue 21: this test listed one editorial "renamed" record per shifted section ("3. How We
    # Use Information" → "4. …" and four more); the issue asks for ONE record naming the range.
    old = doc(*[(f"{k + 1}. {h}", c) for k, (h, c) in enumerate(BASE)])
    new_sections = [(f"{k + 1}. {h}", c) for k, (h, c) in enumerate(BASE)]
    new_sections.insert(2, ("3. Children", ["We do not knowingly collect data from children under 13."]))
    new = doc(*[(f"{k + 1}. {h.split('. ', 1)[1]}", c) for k, (h, c) in enumerate(new_sections)])
    result = run_diff(old, new)
    kinds = [(c.kind, c.old_heading, c.new_heading, c.editorial) for c in result.changes]
    assert ("added", None, "3. Children", False) in kinds
    assert not [c for c in result.changes if c.kind == "renamed"]
    (renumbered,) = [c for c in result.changes if c.kind == "renumbered"]
    assert [(h.old_heading, h.new_heading) for h in renumbered.renumbered] == [
        ("3. How We Use Information", "4. How We Use Information"),
        ("4. Cookies", "5. Cookies"),
        ("5. Sharing", "6. Sharing"),
        ("6. Your Rights", "7. Your Rights"),
        ("7. Contact", "8. Contact"),
    ]
    assert renumbered.note == "sections 3–7 renumbered to 4–8"
    assert renumbered.editorial and renumbered.clauses == ()
    assert not any(c.kind == "moved" for c in result.changes)


def test_added_and_removed_sections() -> None:
    sections = [s for s in BASE if s[0] != "Contact"]
    sections.insert(4, ("Data Retention", ["We keep account data for 2 years after closure."]))
    result = run_diff(doc(*BASE), doc(*sections))
    summary = [(c.kind, c.old_section_id, c.new_section_id, c.old_position, c.new_position) for c in result.changes]
    assert summary == [("added", None, "data-retention", None, 4), ("removed", "contact", None, 6, None)]
    added, removed = result.changes
    assert [(c.kind, c.new_text) for c in added.clauses] == [
        ("added", "We keep account data for 2 years after closure.")
    ]
    assert [(c.kind, c.old_text) for c in removed.clauses] == [
        ("removed", "Write to privacy@acme.example with any question.")
    ]


def test_split_section() -> None:
    old_sharing = (
        "Sharing",
        [
            "We share data with service providers.",
            "We share data when required by law.",
            "We transfer data to the United States.",
            "Transfers rely on standard contractual clauses.",
        ],
    )
    old = _replace(BASE, 4, clauses=old_sharing[1])
    new = _replace(BASE, 4, clauses=old_sharing[1][:2])
    new.insert(5, ("International Transfers", old_sharing[1][2:]))
    result = run_diff(doc(*old), doc(*new))
    (change,) = result.changes
    assert change.kind == "split"
    assert change.old_section_id == "sharing"
    assert change.new_section_ids == ("sharing", "international-transfers")
    assert change.clauses == ()


def test_merged_sections() -> None:
    merged = (
        "Your Rights",
        BASE[5][1] + BASE[6][1],
    )
    new = [*BASE[:5], merged]
    result = run_diff(doc(*BASE), doc(*new))
    (change,) = result.changes
    assert change.kind == "merged"
    assert change.new_section_id == "your-rights"
    assert change.old_section_ids == ("your-rights", "contact")  # document order
    assert change.clauses == ()


def test_editorial_only_section_change() -> None:
    body = [
        "We use cookies to remember your preferences",  # full stop dropped
        "You can disable Cookies in your browser.",  # case
    ]
    sections = _replace(BASE, 3, clauses=body)
    sections = _replace(
        sections,
        2,
        clauses=["We use your data to provide the service.", "We use data to improve the product; we analyse usage."],
    )
    base = _replace(
        BASE,
        2,
        clauses=["We use your data to provide the service.", "We use data to improve the product, we analyze usage."],
    )
    result = run_diff(doc(*base), doc(*sections))
    assert [(c.kind, c.new_section_id, c.editorial) for c in result.changes] == [
        ("modified", "how-we-use-information", True),
        ("modified", "cookies", True),
    ]
    assert all(cl.editorial for c in result.changes for cl in c.clauses)
    assert len(result.changes[1].clauses) == 2


def test_substantive_edit_is_not_editorial_and_words_are_whole() -> None:
    sections = _replace(BASE, 4, clauses=["We sell data to advertising partners.", BASE[4][1][1]])
    result = run_diff(doc(*BASE), doc(*sections))
    (change,) = result.changes
    assert (change.kind, change.editorial) == ("modified", False)
    (clause,) = change.clauses
    assert clause.editorial is False
    assert deleted(clause.words) == ["share", "with service providers"]
    assert inserted(clause.words) == ["sell", "to advertising partners"]
    old_text, new_text = clause.old_text or "", clause.new_text or ""
    rebuilt_old = "".join(r.text for r in clause.words if r.op != "insert")
    rebuilt_new = "".join(r.text for r in clause.words if r.op != "delete")
    assert (rebuilt_old, rebuilt_new) == (old_text, new_text)


def test_date_line_change_is_not_a_section_change() -> None:
    old = doc(("", ["Last updated: March 3, 2024", "Intro text."]), *BASE, last_updated="2024-03-03")
    new = doc(("", ["Last updated: 1 June 2025", "Intro text."]), *BASE, last_updated="2025-06-01")
    result = run_diff(old, new)
    assert result.changes == ()
    assert result.date_changed is True


@pytest.mark.parametrize(
    ("old_line", "new_line"),
    [
        ("This Privacy Policy applies from July 1, 2024. The previous version applies until then.",
         "This Privacy Policy applies from August 25, 2024. The previous version applies until then."),
        ("Cette politique de confidentialité s’applique à partir de 29/04/2022.",
         "Cette politique de confidentialité s’applique à partir de 13/12/2022."),
        ("Cette politique a été mise à jour le 26 novembre 2025 et remplace la précédente.",
         "Cette politique a été mise à jour le 3 décembre 2025 et remplace la précédente."),
        ("Diese Erklärung gilt in der Fassung vom Stand: 1. März 2024.",
         "Diese Erklärung gilt in der Fassung vom Stand: 5. April 2025."),
    ],
)  # fmt: skip
def test_date_sentence_in_any_supported_language_is_only_a_date_change(old_line: str, new_line: str) -> None:
    result = run_diff(doc(("", [old_line, "Intro text."]), *BASE), doc(("", [new_line, "Intro text."]), *BASE))
    assert result.changes == ()


def test_a_date_sentence_whose_words_change_too_is_a_change() -> None:
    old_line = "Cette politique s’applique à partir du 1 mars 2024 aux clients en France."
    new_line = "Cette politique s’applique à partir du 1 mars 2025 à tous les clients."
    result = run_diff(doc(("", [old_line, "Intro text."]), *BASE), doc(("", [new_line, "Intro text."]), *BASE))
    (change,) = result.changes
    assert change.clauses[0].new_text == new_line


def test_clause_moved_within_section_and_added_clause() -> None:
    body = [BASE[5][1][1], BASE[5][1][0], "You can object to processing."]
    result = run_diff(doc(*BASE), doc(*_replace(BASE, 5, clauses=body)))
    (change,) = result.changes
    kinds = sorted((c.kind, c.new_index) for c in change.clauses)
    assert ("added", 2) in kinds
    assert any(k == "moved" for k, _ in kinds)
    added = next(c for c in change.clauses if c.kind == "added")
    assert added.new_text == "You can object to processing."


def test_to_dict_is_json_with_schema() -> None:
    sections = _replace(BASE, 4, clauses=["We sell data to advertising partners.", BASE[4][1][1]])
    data = run_diff(doc(*BASE), doc(*sections)).to_dict()
    encoded = json.loads(json.dumps(data))
    assert encoded["schema"] == "policy-tracker/diff/2"
    assert encoded["changes"][0]["kind"] == "modified"
    assert encoded["changes"][0]["clauses"][0]["words"]


def test_clause_judgement_round_trips_and_schema_1_json_still_loads() -> None:
    clause = ClauseChange(
        "modified", "We keep data for one year.", "We keep data for ten years.",
        materiality="material", topics=("data_retention",), reasons=("longer or new retention period",),
    )  # fmt: skip
    assert ClauseChange.from_dict(json.loads(json.dumps(clause.to_dict()))) == clause
    schema_1 = {"kind": "added", "old_text": None, "new_text": "We sell data.", "words": [], "editorial": False}
    loaded = ClauseChange.from_dict(schema_1)
    assert (loaded.materiality, loaded.topics, loaded.reasons) == (None, (), ())


def test_editorial_key_folds_spelling_variants_and_numbering() -> None:
    assert editorial_key("1. The Organisation's behaviour") == editorial_key("The organization's Behavior.")
    assert editorial_key("We share data") != editorial_key("We sell data")


_words = st.lists(st.sampled_from(["we", "share", "sell", "data", "with", "partners", "the", ",", "."]), max_size=30)


@given(_words, _words)
def test_word_diff_rebuilds_both_texts(a: list[str], b: list[str]) -> None:
    old, new = " ".join(a), " ".join(b)
    runs = word_diff(old, new)
    assert "".join(r.text for r in runs if r.op != "insert") == old
    assert "".join(r.text for r in runs if r.op != "delete") == new


def test_every_heading_reworded_matches_by_text() -> None:
    renamed = [(f"About {h.lower()}", c) for h, c in BASE]
    result = run_diff(doc(*BASE), doc(*renamed))
    assert [(c.kind, c.old_position, c.new_position, c.clauses) for c in result.changes] == [
        ("renamed", k, k, ()) for k in range(len(BASE))
    ]


def test_empty_parent_headings_do_not_pair_with_unrelated_ones() -> None:
    old = doc(("Part A", []), *BASE[:3])
    new = doc(("Annex Z", []), *BASE[:3])
    result = run_diff(old, new)
    # Issue 21: bare headings hold no changed text; they were "removed"/"added" change records and
    # are now structure notes (still unpaired: Part A is not called a rename of Annex Z).
    assert result.changes == ()
    assert [(n.kind, n.old_heading, n.new_heading) for n in result.structure] == [
        ("heading_removed", "Part A", None),
        ("heading_added", None, "Annex Z"),
    ]


def test_split_with_renamed_heading_and_reverse_merge() -> None:
    clauses = [
        "We share data with service providers.",
        "We share data when required by law.",
        "We transfer data to the United States.",
        "Transfers rely on standard contractual clauses.",
    ]
    old = _replace(BASE, 4, heading="Sharing and Transfers", clauses=clauses)
    new = _replace(BASE, 4, clauses=clauses[:2])
    new.insert(5, ("International Transfers", clauses[2:]))
    (split,) = run_diff(doc(*old), doc(*new)).changes
    assert (split.kind, split.old_section_id) == ("split", "sharing-and-transfers")
    assert split.new_section_ids == ("sharing", "international-transfers")  # document order
    (merged,) = run_diff(doc(*new), doc(*old)).changes
    assert (merged.kind, merged.new_section_id) == ("merged", "sharing-and-transfers")
    assert merged.old_section_ids == ("sharing", "international-transfers")
