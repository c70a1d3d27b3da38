"""What a check found: one ``CheckOutcome`` per policy, one ``CheckRun`` per run (the ``check --json``
document, schema ``policy-tracker/check/1``)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from tracker.errors import Anomaly, ExtractionError, FetchError, TrackerError
from tracker.exitcodes import EXIT_CHANGED, EXIT_ERROR, EXIT_OK

JSON_SCHEMA = "policy-tracker/check/1"

# A run keeps every outcome to its end, and most (unchanged, not_modified) fill none of their
# collections: they share these read-only empty ones (an empty dict or list each would be ~6 MB at
# N = 20,000). A filled collection is assigned whole, never written into.
_NO_ENTRIES: Mapping[str, Any] = MappingProxyType({})


def _no_entries() -> Mapping[str, Any]:
    return _NO_ENTRIES  # the shared one, not a new one: a dataclass allows no mapping as a default


@dataclass(slots=True)  # one per policy, all kept to the end of the run: no per-instance __dict__
class CheckOutcome:
    """What one check of one policy found (one ``check --json`` record)."""

    policy_id: str
    name: str
    status: str  # new | unchanged | changed | not_modified | error | anomaly
    url: str = ""
    snapshot_id: str | None = None
    previous_snapshot_id: str | None = None
    summary: str | None = None
    materiality: str | None = None
    error: str | None = None
    cause: str | None = None
    report_path: str | None = None
    notice_paths: Mapping[str, str] = field(default_factory=_no_entries)
    change_files: Mapping[str, str] = field(default_factory=_no_entries)  # SHA-256 of the change's files, by name
    changed_sections: tuple[str, ...] = ()
    final_url: str | None = None
    redirects: tuple[str, ...] = ()
    http_status: int | None = None
    failures: int = 0  # consecutive failures including this one (0 after a success)
    recovered_after: int = 0  # for a success: how many checks in a row had failed before it
    checked_at: str = ""
    rendered_by: str | None = None  # "static" or "browser": how the page was read (None: not read)
    render_reason: str | None = None  # why it was read that way, when something was decided
    recovered: bool = False  # completed by this run after an interrupted run stored it
    # extra details for the check record (``add_details``)
    record_details: Mapping[str, Any] = field(default_factory=_no_entries)
    # a change that ``diff --exit-code`` also calls one (``DiffResult.has_changes``: not editorial only)
    has_changes: bool = False

    @property
    def failed(self) -> bool:
        return self.status in ("error", "anomaly")

    def add_details(self, details: Mapping[str, Any]) -> None:
        """Add ``details`` to the extra details of this outcome's check record."""
        self.record_details = {**self.record_details, **details}

    def to_dict(self) -> dict[str, Any]:
        """The JSON record printed by ``check --json`` for this policy."""
        return {
            "policy_id": self.policy_id,
            "name": self.name,
            "url": self.url,
            "status": self.status,
            "checked_at": self.checked_at,
            "snapshot_id": self.snapshot_id,
            "previous_snapshot_id": self.previous_snapshot_id,
            "summary": self.summary,
            "materiality": self.materiality,
            "changed_sections": list(self.changed_sections),
            "report_path": self.report_path,
            "notice_paths": dict(self.notice_paths),
            "error": self.error,
            "cause": self.cause,
            "http_status": self.http_status,
            "final_url": self.final_url,
            "redirects": list(self.redirects),
            "failures": self.failures,
            "rendered_by": self.rendered_by,
            "render_reason": self.render_reason,
            "has_changes": self.has_changes,
        }

    def line(self) -> str:
        """The one-line status printed for this policy."""
        text = f"{self.policy_id}: {self.status}" + (" (completed after an interrupted run)" if self.recovered else "")
        if self.failed:
            return f"{text} - {self.error}"
        if self.summary:
            text += f" - {self.summary}"
        if self.report_path:
            text += f" (report: {self.report_path})"
        return text


@dataclass
class CheckRun:
    """One ``check`` run: its outcomes in configuration order."""

    started_at: str
    finished_at: str
    outcomes: list[CheckOutcome]
    alerts_failed: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # one line each, e.g. a time-stamp that failed
    # changes an interrupted earlier run stored but did not finish (record, feed or alert), finished now
    recovered: list[CheckOutcome] = field(default_factory=list)
    delivered: set[str] = field(default_factory=set)  # snapshot ids whose delivery is recorded

    def changes(self) -> list[CheckOutcome]:
        """Every change this run delivers: the recovered ones first, then this run's own."""
        return [o for o in self.recovered + self.outcomes if o.status == "changed"]

    @property
    def changed(self) -> bool:
        """True when a policy changed in a way ``diff --exit-code`` also counts (not editorial only),
        including a change this run recovered from an interrupted one."""
        return any(o.has_changes for o in self.changes())

    @property
    def failed(self) -> bool:
        return any(o.failed for o in self.outcomes)

    def exit_code(self, *, exit_code: bool = False) -> int:
        """2 when any policy failed, else 1 for a change (only with ``exit_code``; editorial-only
        changes do not count, as in ``diff --exit-code``), else 0."""
        if self.failed:
            return EXIT_ERROR
        return EXIT_CHANGED if exit_code and self.changed else EXIT_OK

    def counts(self) -> dict[str, int]:
        """How many policies ended in each status."""
        counts: dict[str, int] = {}
        for o in self.outcomes:
            counts[o.status] = counts.get(o.status, 0) + 1
        return counts

    def to_dict(self) -> dict[str, Any]:
        """The whole ``check --json`` document."""
        return {
            "schema": JSON_SCHEMA,
            "started_at": self.started_at,
            "finished_at": self.finished_at,
            "counts": self.counts(),
            "policies": [o.to_dict() for o in self.outcomes],
            "recovered": [o.to_dict() for o in self.recovered],
        }

    def json_pieces(self) -> Iterator[str]:
        """``json.dumps(self.to_dict(), ensure_ascii=False, indent=2)`` in pieces, each policy's
        record made only as it is written: a run of 20,000 policies never holds them all."""
        encode = json.JSONEncoder(ensure_ascii=False, indent=2).encode
        head = {"schema": JSON_SCHEMA, "started_at": self.started_at, "finished_at": self.finished_at}
        fields: list[tuple[str, Any]] = [*head.items(), ("counts", self.counts())]
        fields += [("policies", self.outcomes), ("recovered", self.recovered)]
        for k, (key, value) in enumerate(fields):
            yield ("{\n  " if k == 0 else ",\n  ") + encode(key) + ": "
            if key in ("policies", "recovered"):  # a list at depth 1: its items at depth 2
                for i, outcome in enumerate(value):
                    yield ("[\n    " if i == 0 else ",\n    ") + encode(outcome.to_dict()).replace("\n", "\n    ")
                yield "\n  ]" if value else "[]"
            else:
                yield encode(value).replace("\n", "\n  ")
        yield "\n}"


OutcomeCallback = Callable[[CheckOutcome], None]


def set_failure(outcome: CheckOutcome, policy_id: str, exc: Exception) -> None:
    """Fill ``outcome`` for a policy whose check failed with ``exc``: an error or an anomaly."""
    if isinstance(exc, FetchError):
        status = "anomaly" if exc.cause == "challenge" else "error"
        outcome.status, outcome.cause, outcome.http_status = status, exc.cause, exc.status
        outcome.error = f"policy {policy_id!r}: {exc}"
    elif isinstance(exc, ExtractionError | Anomaly):
        outcome.status, outcome.cause = "anomaly", exc.cause
        outcome.error = f"policy {policy_id!r}: {exc}"
    elif isinstance(exc, TrackerError):
        outcome.status, outcome.cause = "error", "internal"
        outcome.error = f"policy {policy_id!r}: {exc}"
    else:  # a bug or a library failure on one page must not sink the whole run
        outcome.status, outcome.cause = "error", "internal"
        detail = str(exc).splitlines()[0] if str(exc) else ""
        outcome.error = f"policy {policy_id!r}: internal error {type(exc).__name__}: {detail}".rstrip(": ")
