"""The three-line Python API: ``tracker.diff_text`` and ``tracker.diff_files``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import tracker
from tracker.errors import TrackerError
from tracker.models import DiffResult
from tracker.report.compare import compare_versions

OLD = "# Policy\n\n## Sharing\n\nWe do not sell your personal data to anyone.\n\n## Contact\n\nWrite to us.\n"
NEW = "# Policy\n\n## Sharing\n\nWe sell your personal data to advertisers.\n\n## Contact\n\nWrite to us.\n"


def test_diff_text_returns_the_classified_result() -> None:
    result = tracker.diff_text(OLD, NEW)
    assert isinstance(result, DiffResult)
    [change] = result.changes
    assert change.new_heading == "Sharing" and change.materiality == "material"


def test_diff_text_renders_each_format() -> None:
    as_json = json.loads(tracker.diff_text(OLD, NEW, format="json"))
    assert as_json["schema"].startswith("policy-tracker/diff/")
    assert "advertisers" in tracker.diff_text(OLD, NEW, format="markdown")
    html = tracker.diff_text(OLD, NEW, format="html")
    assert html.lstrip().lower().startswith("<!doctype html") and "<ins" in html


def test_diff_files_reads_files_by_extension(tmp_path: Path) -> None:
    (tmp_path / "old.md").write_text(OLD, encoding="utf-8")
    (tmp_path / "new.html").write_text(
        "<html><body><main><h1>Policy</h1><h2>Sharing</h2><p>We sell your personal data to advertisers.</p>"
        "<h2>Contact</h2><p>Write to us.</p></main></body></html>",
        encoding="utf-8",
    )
    result = tracker.diff_files(tmp_path / "old.md", str(tmp_path / "new.html"))
    assert [c.new_heading for c in result.changes] == ["Sharing"]


def test_wrong_types_are_a_clear_type_error(tmp_path: Path) -> None:
    with pytest.raises(TypeError, match="old must be the policy text as str, not bytes"):
        tracker.diff_text(OLD.encode(), NEW)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="new must be a path"):
        tracker.diff_files(tmp_path / "a.md", 3)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="old must be a LoadedVersion"):
        compare_versions("acme@latest", "acme@previous")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="format must be one of"):
        tracker.diff_text(OLD, NEW, format="pdf")  # type: ignore[call-overload]


def test_missing_file_names_the_file(tmp_path: Path) -> None:
    with pytest.raises(TrackerError, match="missing.md: no such file"):
        tracker.diff_files(tmp_path / "missing.md", tmp_path / "missing.md")


def test_import_tracker_stays_cheap() -> None:
    import subprocess
    import sys

    code = "import sys, tracker; print('tracker.report' in sys.modules, 'httpx' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False"]
