"""The text before a policy's first heading is named by where it is in every view of a change:
the report (Markdown, HTML, terminal text), an alert's excerpt and the structure notes, never as
an empty title or "(untitled part)"."""

from __future__ import annotations

from tests.diff_helpers import doc, run_diff
from tracker.models import OPENING_SECTION
from tracker.report.alert_message import excerpt
from tracker.report.headings import OPENING_LABEL, shown_heading
from tracker.report.render import render_markdown, render_report_html
from tracker.report.terminal import render_text

SHARING = ("Sharing", ["We share data with service providers.", "We share data when required by law."])


def _opening_removed():  # type: ignore[no-untyped-def]
    old = doc(
        ("", ["Welcome to Acme.", "Please read this policy carefully before you use the app."]),
        SHARING,
    )
    new = doc(("", ["Welcome to Acme."]), SHARING)
    return run_diff(old, new)


def test_the_opening_is_named_in_the_markdown_html_and_text_reports() -> None:
    result = _opening_removed()
    [change] = result.changes
    assert (change.old_heading, change.new_heading) == ("", "")
    assert shown_heading(change) == OPENING_LABEL == f"({OPENING_SECTION})"
    assert f"### §1 {OPENING_LABEL}" in render_markdown(result)
    assert OPENING_LABEL in render_text(result)
    assert OPENING_LABEL in render_report_html(result)
    assert excerpt(change).heading == OPENING_LABEL
    for view in (render_markdown(result), render_text(result), render_report_html(result)):
        assert "untitled" not in view


def test_a_headed_section_keeps_its_own_heading() -> None:
    old = doc(("", ["Welcome to Acme."]), SHARING)
    new = doc(("", ["Welcome to Acme."]), ("Sharing", ["We share data with service providers."]))
    [change] = run_diff(old, new).changes
    assert shown_heading(change) == "Sharing"
