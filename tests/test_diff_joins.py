"""Issue 21, no empty records: text that moved and was cut or joined into paragraphs on the way,
a repeated block that lost a copy, and clauses that only gained a number. Each test asserts the
exact records and structure notes."""

from __future__ import annotations

import json

from tests.diff_helpers import BASE, doc, inserted, run_diff
from tracker.models import ClausePosition, DiffResult
from tracker.report.render import render_markdown
from tracker.report.whole import accepted, document_paragraphs, rejected, whole_document

ITEMS = [
    "Your name, postal address and telephone number.",
    "A description of the material that was removed and where it appeared.",
    "A statement that you consent to the jurisdiction of the courts of Springfield.",
]


def _notes(result: DiffResult) -> list[tuple[str, int | None, int | None, str]]:
    return [(n.kind, n.old_position, n.new_position, n.note) for n in result.structure]


def _rebuilds(result: DiffResult, old, new) -> bool:  # type: ignore[no-untyped-def]
    entries = whole_document(result, old, new)
    return accepted(entries) == document_paragraphs(new) and rejected(entries) == document_paragraphs(old)


def test_list_items_moved_and_joined_into_one_paragraph_are_one_moved_record() -> None:
    old = doc(*BASE[:2], ("Copyright", ["We respect the rights of others."]), ("Counter-notice", ITEMS), *BASE[2:])
    joined = "A counter-notice must include: " + " ".join(ITEMS)
    new = doc(*BASE[:2], ("Copyright", ["We respect the rights of others.", joined]), *BASE[2:])
    result = run_diff(old, new)
    assert [(c.kind, c.old_position, c.new_position, [cl.kind for cl in c.clauses]) for c in result.changes] == [
        ("modified", 2, 2, ["moved"])
    ]
    (moved,) = result.changes[0].clauses
    assert moved.old_text == "\n\n".join(ITEMS) and moved.new_text == joined
    assert moved.moved_from == ClausePosition(3, "counter-notice", "Counter-notice", 0)
    assert moved.moved_to == ClausePosition(2, "copyright", "Copyright", 1)
    assert [(w.op, w.text) for w in moved.words] == [
        ("insert", "A counter-notice must include: "),
        ("equal", ITEMS[0]), ("delete", "\n\n"), ("insert", " "),
        ("equal", ITEMS[1]), ("delete", "\n\n"), ("insert", " "),
        ("equal", ITEMS[2]),
    ]  # fmt: skip
    assert _notes(result) == [("heading_removed", 3, None, "heading “Counter-notice” (§4) removed")]
    assert DiffResult.from_dict(json.loads(json.dumps(result.to_dict()))) == result
    assert _rebuilds(result, old, new)


def test_one_paragraph_moved_and_cut_into_several_is_one_moved_record() -> None:
    paragraph = "To get a copy of your data, write to us. We answer within 30 days."
    old = doc(*BASE[:5], ("Your Rights", [*BASE[5][1], paragraph]), BASE[6])
    parts = ["To get a copy of your data, write to us.", "We answer within 30 days."]
    new = doc(*BASE[:5], BASE[5], ("Getting a copy", parts), BASE[6])
    result = run_diff(old, new)
    assert [(c.kind, c.new_heading, [cl.kind for cl in c.clauses]) for c in result.changes] == [
        ("added", "Getting a copy", ["moved"])
    ]
    (moved,) = result.changes[0].clauses
    assert moved.old_text == paragraph
    assert moved.new_text == "\n\n".join(parts)
    assert moved.words == ()  # only the paragraph cut differs
    assert moved.moved_from == ClausePosition(5, "your-rights", "Your Rights", 2)
    assert _notes(result) == [("moved_out", 5, 5, "text of “Your Rights” (§6) moved to other sections")]
    assert _rebuilds(result, old, new)


def test_a_section_removed_with_its_heading_stays_a_record_even_when_its_text_repeats_another() -> None:
    cookies = BASE[3][1]
    old = doc(*BASE[:4], ("Cookie Statement", list(cookies)), *BASE[4:])
    result = run_diff(old, doc(*BASE))
    assert [(c.kind, c.old_heading, [cl.kind for cl in c.clauses]) for c in result.changes] == [
        ("removed", "Cookie Statement", ["removed", "removed"])
    ]
    assert result.structure == ()


def test_a_block_printed_twice_losing_a_copy_keeps_the_other_changes_of_its_section() -> None:
    block = ["You must be 18 or older to register.", "One account per person."]
    old = doc(BASE[0], ("Account", [*block, "Keep your password safe.", *block]), *BASE[1:])
    new = doc(BASE[0], ("Account", [*block, "Keep your password secret."]), *BASE[1:])
    result = run_diff(old, new)
    assert [(c.kind, [(cl.kind, cl.old_index) for cl in c.clauses]) for c in result.changes] == [
        ("modified", [("modified", 2)])
    ]
    assert _notes(result) == [
        ("repeat_removed", 1, 1, "paragraphs 4–5 of “Account” (§2) removed: a repeated copy of §2 “Account”,"
         " paragraphs 1–2, which stay"),
    ]  # fmt: skip
    (note,) = result.structure
    assert [(c.kind, c.old_text, c.old_index) for c in note.clauses] == [
        ("removed", block[0], 3),
        ("removed", block[1], 4),
    ]
    data = json.loads(json.dumps(result.to_dict()))
    assert data["structure"][0]["kind"] == "repeat_removed"
    assert [c["old_text"] for c in data["structure"][0]["clauses"]] == block
    assert DiffResult.from_dict(data) == result
    entries = whole_document(result, old, new)
    (account,) = [e for e in entries if e.heading == "Account"]
    assert [p.op for p in account.pieces] == ["equal", "equal", "equal", "modified", "removed", "removed"]
    assert _rebuilds(result, old, new)


def test_a_single_paragraph_that_also_stands_elsewhere_stays_a_record() -> None:
    law = "We share data when required by law."
    old = doc(*BASE[:4], ("Sharing", ["We share data with service providers.", law]), ("Retention", [law]))
    new = doc(*BASE[:4], ("Sharing", ["We share data with service providers."]), ("Retention", [law]))
    result = run_diff(old, new)
    assert [(c.kind, c.new_heading, [(cl.kind, cl.old_text) for cl in c.clauses]) for c in result.changes] == [
        ("modified", "Sharing", [("removed", law)])
    ]
    assert result.structure == ()


def test_a_clause_that_only_gained_a_number_is_a_renumbered_record() -> None:
    old = doc(BASE[0], ("Purposes", ["We use data to run the service.", "Why we process your data"]), *BASE[1:])
    new = doc(BASE[0], ("Purposes", ["We use data to run the service.", "2. Why we process your data"]), *BASE[1:])
    result = run_diff(old, new)
    assert [(c.kind, c.note, c.editorial) for c in result.changes] == [
        ("renumbered", "clause numbered 2 in “Purposes”", True)
    ]
    assert inserted(result.changes[0].clauses[0].words) == ["2."]


def test_a_number_gained_beside_a_real_edit_stays_in_the_modified_record() -> None:
    old = doc(("Purposes", ["We use data to run the service.", "Why we process your data"]))
    new = doc(("Purposes", ["We use data to run and sell the service.", "2. Why we process your data"]))
    result = run_diff(old, new)
    assert [(c.kind, [(cl.kind, cl.editorial) for cl in c.clauses]) for c in result.changes] == [
        ("modified", [("modified", False), ("modified", True)])
    ]


def test_joined_paragraphs_read_as_one_quote_in_markdown() -> None:
    old = doc(("Copyright", ["We respect the rights of others."]), ("Counter-notice", ITEMS), BASE[0])
    new = doc(("Copyright", ["We respect the rights of others.", "Include: " + " ".join(ITEMS)]), BASE[0])
    markdown = render_markdown(run_diff(old, new))
    assert "> *(moved from §2 “Counter-notice”, clause 1)* **Include:** " + " ".join(ITEMS) + "\n" in markdown
