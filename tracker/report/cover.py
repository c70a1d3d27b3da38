"""The facts on a redline's cover, whatever its format: the policy, its URL, both versions' dates
and text hashes, and the changes counted by materiality.

The hash of a version is the SHA-256 of its canonical Markdown (``PolicyDocument.to_markdown``):
for a stored snapshot that is the ``normalized_sha256`` its log record holds, so a reader can
match a Word or PDF redline to the snapshots ``verify`` vouches for.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from tracker.classify import summarize
from tracker.models import DiffResult, DocumentRef, PolicyDocument, sha256_hex

MATERIALITY_LEVELS = ("material", "review", "editorial")


@dataclass(frozen=True)
class Side:
    """One version as the cover names it."""

    label: str
    fetched_at: str | None
    policy_date: str | None
    text_sha256: str

    @property
    def date(self) -> str:
        """The version's date for headers: the fetch date, else the policy's own date, else "undated"."""
        if self.fetched_at:
            return self.fetched_at[:10]
        return self.policy_date or "undated"


@dataclass(frozen=True)
class Cover:
    """Everything a redline's cover and page headers show."""

    title: str
    policy: str
    url: str | None
    old: Side
    new: Side
    counts: dict[str, int]  # materiality -> number of changes ("unrated" for changes not classified)
    unchanged_sections: int
    summary: str
    flags: tuple[str, ...]

    @property
    def revision_date(self) -> str:
        """The date Word revisions carry (``w:date``): when the new version was fetched, else its own
        date, else now — ISO 8601 UTC."""
        if self.new.fetched_at:
            return self.new.fetched_at
        if self.new.policy_date:
            return f"{self.new.policy_date}T00:00:00Z"
        return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _side(ref: DocumentRef, document: PolicyDocument) -> Side:
    return Side(ref.label, ref.fetched_at, ref.last_updated, sha256_hex(document.to_markdown()))


def cover_facts(
    diff: DiffResult, old_doc: PolicyDocument, new_doc: PolicyDocument, *, title: str | None = None
) -> Cover:
    """The cover of the redline of ``diff`` (between ``old_doc`` and ``new_doc``)."""
    counts = dict.fromkeys(MATERIALITY_LEVELS, 0)
    for change in diff.changes:
        key = change.materiality or ("editorial" if change.editorial else "unrated")
        counts[key] = counts.get(key, 0) + 1
    policy = diff.policy_id or new_doc.title or diff.new.label
    return Cover(
        title=title or f"Changes to {policy}",
        policy=policy,
        url=diff.new.url or diff.old.url,
        old=_side(diff.old, old_doc),
        new=_side(diff.new, new_doc),
        counts=counts,
        unchanged_sections=diff.unchanged_sections,
        summary=summarize(diff),
        flags=diff.flags,
    )
