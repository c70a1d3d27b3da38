"""Issue 21: a redline that survives real rewrites (repeated headings, moved+edited clauses,
renumbering, no empty records). The pairs are in tests/data/diff (see its README.md); each
test asserts the exact records."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from tests.diff_helpers import BASE, deleted, doc, inserted, run_diff
from tracker.diff import diff_documents
from tracker.extract.document import extract
from tracker.models import ClausePosition, DiffResult, DocumentRef
from tracker.report.notice import group_material_changes
from tracker.report.render import render_markdown, render_report_html
from tracker.report.whole import accepted, document_paragraphs, rejected, whole_document

PAIRS = Path(__file__).resolve().parent / "data" / "diff"


def _pair(name: str) -> DiffResult:
    old = extract((PAIRS / f"{name}_v1.md").read_bytes(), "text/markdown")
    new = extract((PAIRS / f"{name}_v2.md").read_bytes(), "text/markdown")
    return diff_documents(old, new, old_ref=DocumentRef("v1"), new_ref=DocumentRef("v2"), policy_id="example")


def _summary(result: DiffResult) -> list[tuple]:  # type: ignore[type-arg]
    return [
        (c.kind, c.old_position, c.new_position, c.old_heading, c.new_heading, [cl.kind for cl in c.clauses])
        for c in result.changes
    ]


def test_repeated_heading_boxes_pair_by_their_text() -> None:
    # A section (with its own GOOD TO KNOW box) inserted, one box edited: three records, no
    # bogus moves, splits or merges, no unchanged safeguard struck out.
    result = _pair("repeated_headings")
    assert _summary(result) == [
        ("added", None, 4, None, "Children", ["added"]),
        ("added", None, 5, None, "GOOD TO KNOW", ["added"]),
        ("modified", 7, 9, "GOOD TO KNOW", "GOOD TO KNOW", ["modified"]),
    ]
    (edit,) = result.changes[2].clauses
    assert deleted(edit.words) == ["30"] and inserted(edit.words) == ["14"]
    struck = [c.old_text for ch in result.changes for c in ch.clauses if c.kind in ("removed", "modified")]
    assert struck == ["Closed accounts are deleted within 30 days, backups within 90 days."]
    assert result.structure == ()
    assert result.unchanged_sections == 9


def test_moved_and_edited_paragraph_is_one_record_with_its_redline() -> None:
    result = _pair("moved_edited")
    assert _summary(result) == [("added", None, 2, None, "Getting a copy of your data", ["moved"])]
    (moved,) = result.changes[0].clauses
    assert moved.moved_from == ClausePosition(0, "your-rights", "Your rights", 1)
    assert moved.moved_to == ClausePosition(2, "getting-a-copy-of-your-data", "Getting a copy of your data", 0)
    assert (moved.old_index, moved.new_index, moved.editorial) == (1, 0, False)
    assert deleted(moved.words) == ["write to us by post at 1 Example Street, Springfield"]
    assert inserted(moved.words) == ["use the download form in your account settings"]
    rebuilt_old = "".join(w.text for w in moved.words if w.op != "insert")
    assert rebuilt_old == moved.old_text
    # the section it left has no record of its own, only a structure note
    assert [(n.kind, n.old_position, n.new_position, n.note) for n in result.structure] == [
        ("moved_out", 0, 0, "text of “Your rights” (§1) moved to other sections")
    ]


def test_moved_clause_round_trips_through_json_and_shows_in_reports() -> None:
    result = _pair("moved_edited")
    data = json.loads(json.dumps(result.to_dict()))
    clause = data["changes"][0]["clauses"][0]
    assert clause["moved_from"] == {
        "section_position": 0, "section_id": "your-rights", "heading": "Your rights", "clause_index": 1,
    }  # fmt: skip
    assert clause["moved_to"]["section_id"] == "getting-a-copy-of-your-data"
    assert DiffResult.from_dict(data) == result
    html = render_report_html(result)
    assert "moved from §1 “Your rights”" in html
    assert "<del>write to us by post at 1 Example Street, Springfield</del>" in html
    markdown = render_markdown(result)
    assert "moved from §1 “Your rights”, clause 2" in markdown
    assert "~~write to us by post at 1 Example Street, Springfield~~" in markdown


def test_renumbered_policy_with_one_insert_is_one_record() -> None:
    result = _pair("renumbered")
    assert _summary(result) == [
        ("added", None, 2, None, "3. Children", ["added"]),
        ("renumbered", 2, 3, "3. What we collect", "4. What we collect", []),
    ]
    record = result.changes[1]
    assert record.note == "sections 3–10 renumbered to 4–11"
    assert record.editorial is True
    assert [(h.old_position, h.new_position) for h in record.renumbered] == [(k, k + 1) for k in range(2, 10)]
    assert record.renumbered[-1].old_heading == "10. Contact" and record.renumbered[-1].new_heading == "11. Contact"
    assert DiffResult.from_dict(json.loads(json.dumps(result.to_dict()))) == result
    assert result.to_dict()["changes"][1]["note"] == "sections 3–10 renumbered to 4–11"
    assert "sections 3–10 renumbered to 4–11" in render_markdown(result)
    assert "sections 3–10 renumbered to 4–11" in render_report_html(result)


def test_renumbered_section_with_edited_text_keeps_a_modified_record() -> None:
    old = doc(*[(f"{k + 1}. {h}", c) for k, (h, c) in enumerate(BASE)])
    new_items = [(h, list(c)) for h, c in BASE]
    new_items.insert(1, ("Children", ["We do not knowingly collect data from children under 13."]))
    new_items[4][1][0] = "We use cookies to remember your preferences and measure visits."
    new = doc(*[(f"{k + 1}. {h}", c) for k, (h, c) in enumerate(new_items)])
    result = run_diff(old, new)
    assert [(c.kind, c.old_heading, c.new_heading) for c in result.changes] == [
        ("added", None, "2. Children"),
        ("renumbered", "2. Information We Collect", "3. Information We Collect"),
        ("modified", "4. Cookies", "5. Cookies"),
    ]
    assert result.changes[1].note == "sections 2–7 renumbered to 3–8"
    assert inserted(result.changes[2].clauses[0].words) == ["and measure visits"]


def test_renamed_and_renumbered_section_is_listed_by_itself() -> None:
    old = doc(*[(f"{k + 1}. {h}", c) for k, (h, c) in enumerate(BASE)])
    headings = [h for h, _ in BASE]
    headings[3] = "Cookies and Similar Technologies"
    new = doc(
        ("1. Summary", ["A short summary."]),
        *[(f"{k + 2}. {h}", c) for k, (h, (_, c)) in enumerate(zip(headings, BASE, strict=True))],
    )
    result = run_diff(old, new)
    assert [(c.kind, c.note) for c in result.changes] == [
        ("added", None),
        ("renumbered", "sections 1–3 renumbered to 2–4"),
        ("renamed", None),
        ("renumbered", "sections 5–7 renumbered to 6–8"),
    ]
    assert result.changes[2].new_heading == "5. Cookies and Similar Technologies"


def test_clause_moved_and_edited_inside_its_section() -> None:
    rights = [
        "You can access your data.",
        "You can ask us to delete your data.",
        "You can object to direct marketing at any time.",
    ]
    old = doc(*BASE[:5], ("Your Rights", rights))
    new = doc(
        *BASE[:5],
        ("Your Rights", [rights[2].replace("at any time", "at any time, free of charge"), rights[0], rights[1]]),
    )
    (change,) = run_diff(old, new).changes
    assert change.kind == "modified"
    (moved,) = change.clauses
    assert moved.kind == "moved" and (moved.old_index, moved.new_index) == (2, 0)
    assert moved.moved_from == ClausePosition(5, "your-rights", "Your Rights", 2)
    assert moved.moved_to == ClausePosition(5, "your-rights", "Your Rights", 0)
    assert inserted(moved.words) == [", free of charge"]


def test_records_without_changed_text_become_structure_notes() -> None:
    old = doc(
        ("Part A", []), *BASE[:3], ("Cookies", ["We use cookies to remember your preferences. You can disable them."])
    )
    new = doc(
        *BASE[:3], ("Part A", []), ("Annex", []),
        ("Cookies", ["We use cookies to remember your preferences.", "You can disable them."]),
    )  # fmt: skip
    result = run_diff(old, new)
    assert result.changes == ()
    assert [(n.kind, n.old_position, n.new_position) for n in result.structure] == [
        ("heading_moved", 0, 3),
        ("reflowed", 4, 5),
        ("heading_added", None, 4),
    ]
    assert result.structure[0].note == "heading “Part A” (§4) moved from §1 to §4"
    assert result.to_dict()["structure"][1]["kind"] == "reflowed"
    assert DiffResult.from_dict(json.loads(json.dumps(result.to_dict()))) == result
    assert not result.has_changes and result.counts() == {}
    assert "cut into paragraphs differently" in render_markdown(result)
    assert "<li>heading “Annex” (§5) added</li>" in render_report_html(result)


def test_paragraph_joined_with_an_edit_is_one_modified_clause() -> None:
    old = doc(("Sharing", ["We share data with service providers.", "They act on our instructions only."]))
    new = doc(("Sharing", ["We share data with service providers, who act on our instructions only."]))
    (change,) = run_diff(old, new).changes
    (clause,) = change.clauses
    assert clause.kind == "modified" and clause.old_index == 0
    assert clause.old_text == "We share data with service providers.\n\nThey act on our instructions only."
    assert inserted(clause.words) == [", who"]


def test_short_identical_text_does_not_move_across_sections() -> None:
    old = doc(("Cookies", ["Learn more.", "We use cookies."]), ("Ads", ["We show ads."]))
    new = doc(("Cookies", ["We use cookies."]), ("Ads", ["We show ads.", "Learn more."]))
    result = run_diff(old, new)
    assert [(c.kind, [cl.kind for cl in c.clauses]) for c in result.changes] == [
        ("modified", ["removed"]),
        ("modified", ["added"]),
    ]


def test_notice_quotes_a_moved_and_edited_clause() -> None:
    result = _pair("moved_edited")
    rated = replace(result, changes=tuple(replace(c, materiality="material") for c in result.changes))
    ((item,),) = [g.items for g in group_material_changes(rated)]
    assert item.what == "We added a new section, “Getting a copy of your data”."
    assert item.quotes == (result.changes[0].clauses[0].new_text,) and item.removed == ()


def test_notice_describes_a_clause_moved_into_an_existing_section() -> None:
    moving = "We keep your data for as long as the law requires and no longer than five years."
    old = doc(*BASE[:3], ("Retention", [moving, "Backups are deleted within 90 days."]), *BASE[3:])
    new_rights = [*BASE[5][1], moving.replace("five", "three")]
    new = doc(
        *BASE[:3],
        ("Retention", ["Backups are deleted within 90 days."]),
        *BASE[3:5],
        ("Your Rights", new_rights),
        BASE[6],
    )
    result = run_diff(old, new)
    assert [(c.kind, c.new_heading, [cl.kind for cl in c.clauses]) for c in result.changes] == [
        ("modified", "Your Rights", ["moved"])
    ]
    rated = replace(result, changes=tuple(replace(c, materiality="material") for c in result.changes))
    ((item,),) = [g.items for g in group_material_changes(rated)]
    assert item.what == "We moved a passage to “Your Rights”."
    assert item.before == moving and item.after == moving.replace("five", "three")


def test_numbered_clauses_shifted_by_an_insert_are_one_record() -> None:
    items = ["You are responsible for your account.", "Keep your password secret.", "Tell us of any misuse."]
    old = doc(("6. Your account", [f"6.{k + 1} {t}" for k, t in enumerate(items)]))
    new_items = ["You must be 18 or older.", *items]
    new = doc(("6. Your account", [f"6.{k + 1} {t}" for k, t in enumerate(new_items)]))
    result = run_diff(old, new)
    assert [(c.kind, c.note, [cl.kind for cl in c.clauses]) for c in result.changes] == [
        ("modified", None, ["added"]),
        ("renumbered", "clauses 6.1–6.3 renumbered to 6.2–6.4 in “6. Your account”", ["modified"] * 3),
    ]
    assert result.changes[0].clauses[0].new_text == "6.1 You must be 18 or older."
    assert result.changes[1].editorial is True
    assert [(deleted(c.words), inserted(c.words)) for c in result.changes[1].clauses] == [
        (["1"], ["2"]), (["2"], ["3"]), (["3"], ["4"]),
    ]  # fmt: skip


def test_unnumbered_subsections_do_not_break_a_renumbered_run() -> None:
    parts = [("Purposes", ["We use data to run the service."]), ("Legal basis", ["Our contract with you."])]
    old_sections = [(f"4.{k + 1} {h}", c) for k, (h, c) in enumerate(BASE[:3])]
    new_sections = [("4.1 Children", ["We do not knowingly collect data from children under 13."])]
    new_sections += [(f"4.{k + 2} {h}", c) for k, (h, c) in enumerate(BASE[:3])]
    old = doc(old_sections[0], *parts, old_sections[1], old_sections[2])
    new = doc(new_sections[0], new_sections[1], *parts, new_sections[2], new_sections[3])
    result = run_diff(old, new)
    assert [(c.kind, c.note) for c in result.changes] == [
        ("added", None),
        ("renumbered", "sections 4.1–4.3 renumbered to 4.2–4.4"),
    ]


def test_whole_view_rebuilds_both_versions_for_every_rewrite_case() -> None:
    # The whole-document view (and the Word redline built from it) must give exactly one version
    # when every change is accepted and the other when every change is rejected.
    for name in ("repeated_headings", "moved_edited", "renumbered"):
        old = extract((PAIRS / f"{name}_v1.md").read_bytes(), "text/markdown")
        new = extract((PAIRS / f"{name}_v2.md").read_bytes(), "text/markdown")
        entries = whole_document(_pair(name), old, new)
        assert accepted(entries) == document_paragraphs(new), name
        assert rejected(entries) == document_paragraphs(old), name


def test_whole_view_rebuilds_both_versions_on_the_test_corpus(corpus_dir: Path) -> None:
    checked = 0
    for folder in sorted(corpus_dir.glob("*/versions")):
        versions = sorted(folder.glob("*.md"))
        for a, b in zip(versions, versions[1:], strict=False):
            old, new = extract(a.read_bytes(), "text/markdown"), extract(b.read_bytes(), "text/markdown")
            result = diff_documents(old, new, old_ref=DocumentRef(a.name), new_ref=DocumentRef(b.name))
            entries = whole_document(result, old, new)
            assert accepted(entries) == document_paragraphs(new), (a, b)
            assert rejected(entries) == document_paragraphs(old), (a, b)
            checked += 1
    assert checked >= 10
