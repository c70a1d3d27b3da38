"""What the fetch step returns and what the store records about each snapshot and each check.

Bottom layer: plain frozen dataclasses with ``to_dict``/``from_dict`` for the JSON stored on
disk; ``tracker.models`` re-exports every name here.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal

# --------------------------------------------------------------------------- fetching


@dataclass(frozen=True)
class FetchResult:
    """What one HTTP fetch returned (a successful response; failures raise ``FetchError``).

    ``redirects`` lists every URL that answered with a redirect, in order; ``headers`` keeps the
    headers that matter (content-type, etag, last-modified, date, content-length,
    content-language, cache-control) with lower-case names. ``not_modified`` is True for a 304
    answer to a conditional request, in which case ``content`` is empty.
    """

    url: str
    final_url: str
    status: int
    headers: dict[str, str]
    content: bytes
    content_type: str
    encoding: str | None
    fetched_at: str  # ISO 8601 UTC, "2026-11-25T10:15:00Z"
    redirects: tuple[str, ...] = ()
    elapsed_ms: float = 0.0
    not_modified: bool = False
    rendered_by: str = "static"  # "static" (the served HTML) or "browser" (the DOM after the page's scripts)


# --------------------------------------------------------------------------- snapshots


@dataclass(frozen=True)
class SnapshotMeta:
    """Metadata stored beside one snapshot (``meta.json``)."""

    policy_id: str
    snapshot_id: str  # "20261125T101500Z": the UTC fetch time, sortable, unique per policy
    url: str
    final_url: str
    status: int
    headers: dict[str, str]
    fetched_at: str
    raw_sha256: str
    normalized_sha256: str  # SHA-256 of the canonical Markdown
    extractor_version: str
    content_type: str
    raw_filename: str  # "raw.html", "raw.pdf" or "raw.txt"
    last_updated: str | None = None
    redirects: tuple[str, ...] = ()
    source: str = "live"  # "live", "wayback", "file"
    rendered_by: str = "static"  # "static" or "browser": how the page was read (tracker.fetch.render)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["redirects"] = list(self.redirects)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SnapshotMeta:
        known = {f for f in cls.__dataclass_fields__}
        values = {k: v for k, v in data.items() if k in known}
        values["redirects"] = tuple(values.get("redirects", ()))
        return cls(**values)


CheckStatus = Literal["new", "unchanged", "changed", "not_modified", "error", "anomaly"]


@dataclass(frozen=True)
class CheckRecord:
    """One check of one policy, appended to the policy's history whatever its outcome."""

    policy_id: str
    checked_at: str
    status: CheckStatus
    snapshot_id: str | None = None  # the snapshot now current (new or unchanged)
    previous_snapshot_id: str | None = None
    error: str | None = None  # one-line cause for "error" / "anomaly"
    summary: str | None = None  # one-line change summary for "changed"
    materiality: str | None = None  # highest materiality of the changes, if classified
    details: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """The record's fields as ``asdict`` gives them (its ``details`` copied)."""
        if not all(isinstance(v, _SCALARS) for v in self.details.values()):
            return asdict(self)
        data = {name: getattr(self, name) for name in _CHECK_FIELDS}
        data["details"] = dict(self.details)  # flat (a cause, a status): the copy asdict would make
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CheckRecord:
        known = {f for f in cls.__dataclass_fields__}
        return cls(**{k: v for k, v in data.items() if k in known})


_CHECK_FIELDS = tuple(CheckRecord.__dataclass_fields__)
_SCALARS = (str, int, float, bool, type(None))
_NOW: list[tuple[datetime, str]] = []  # the last second formatted (a run asks many times a second)


def utc_now() -> str:
    """The current UTC time as ``2026-11-25T10:15:00Z``."""
    now = datetime.now(UTC).replace(microsecond=0)
    last = _NOW[-1] if _NOW else None  # (one read: another thread may replace it meanwhile)
    if last is None or last[0] != now:
        last = (now, now.strftime("%Y-%m-%dT%H:%M:%SZ"))
        _NOW[:] = [last]
    return last[1]
