"""A run keeps every ``CheckOutcome`` to its end: the ones that fill no collection share read-only
empty ones, and filled collections are assigned whole (``tracker.check.outcome``)."""

from __future__ import annotations

import json

import pytest

from tracker.check.outcome import CheckOutcome, CheckRun


def _outcome(policy_id: str = "acme") -> CheckOutcome:
    return CheckOutcome(policy_id=policy_id, name="Acme", status="not_modified", url="http://127.0.0.1/p")


def test_outcomes_that_fill_nothing_share_their_empty_collections() -> None:
    first, second = _outcome("a"), _outcome("b")
    for name in ("notice_paths", "change_files", "record_details", "changed_sections", "redirects"):
        assert getattr(first, name) is getattr(second, name), name
        assert len(getattr(first, name)) == 0


def test_the_shared_empty_mappings_cannot_be_written_into() -> None:
    outcome = _outcome()
    with pytest.raises(TypeError):
        outcome.record_details["cause"] = "x"  # type: ignore[index]
    with pytest.raises(TypeError):
        outcome.notice_paths["banner"] = "x"  # type: ignore[index]
    assert len(_outcome().record_details) == 0


def test_add_details_gives_this_outcome_its_own_details() -> None:
    outcome, other = _outcome("a"), _outcome("b")
    outcome.add_details({"anomaly": {"id": "x1"}})
    outcome.add_details({"recovered_at": "2026-12-08T00:00:00Z"})
    assert dict(outcome.record_details) == {"anomaly": {"id": "x1"}, "recovered_at": "2026-12-08T00:00:00Z"}
    assert len(other.record_details) == 0


def test_the_json_of_an_outcome_with_shared_and_assigned_collections() -> None:
    changed = _outcome("a")
    changed.status, changed.changed_sections, changed.redirects = "changed", ("Sharing",), ("http://127.0.0.1/o",)
    changed.notice_paths = {"banner": "/s/notice-banner.txt"}
    run = CheckRun(started_at="s", finished_at="f", outcomes=[changed, _outcome("b")])
    document = json.loads("".join(run.json_pieces()))
    assert document == json.loads(json.dumps(run.to_dict()))
    first, second = document["policies"]
    assert first["changed_sections"] == ["Sharing"] and first["redirects"] == ["http://127.0.0.1/o"]
    assert first["notice_paths"] == {"banner": "/s/notice-banner.txt"}
    assert second["notice_paths"] == {} and second["redirects"] == [] and second["changed_sections"] == []
