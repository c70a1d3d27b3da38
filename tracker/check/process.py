"""One policy's fetched answer → its outcome: not modified, unchanged, new, changed, or an anomaly.

``process_fetched`` decides and stores (snapshot, change files); ``record_outcome`` appends the
check record and updates the policy's state (failure streak, validators).
"""

from __future__ import annotations

from typing import Any

from tracker.check.change import write_change
from tracker.check.outcome import CheckOutcome
from tracker.check.reextract import reextract_snapshot
from tracker.config import Config, PolicyConfig
from tracker.errors import TrackerError
from tracker.extract import EXTRACTOR_VERSION, extract
from tracker.fetch.challenge import challenge_reason, shrink_reason
from tracker.models import CheckRecord, FetchResult, PolicyDocument, SnapshotMeta, sha256_hex
from tracker.store import Store


class Anomaly(TrackerError):
    """A page that is not a usable policy (challenge, shrunk body ...): recorded, never stored."""

    def __init__(self, message: str, cause: str) -> None:
        super().__init__(message)
        self.cause = cause


def process_fetched(
    config: Config,
    store: Store,
    policy: PolicyConfig,
    fetched: FetchResult,
    latest: SnapshotMeta | None,
    outcome: CheckOutcome,
    *,
    document: PolicyDocument | None = None,
    challenge: str | None = None,
) -> None:
    """Turn one successful fetch into an outcome, storing a snapshot and report when it changed.

    ``document`` is the already extracted page, if the caller extracted it (e.g. in a worker);
    ``challenge`` the caller's ``challenge_reason`` for it, when the caller already asked.
    Raises ``ExtractionError`` or an anomaly for pages that are not a usable policy.
    """
    outcome.checked_at = fetched.fetched_at
    outcome.previous_snapshot_id = latest.snapshot_id if latest else None
    if fetched.not_modified:
        if latest is None:
            raise Anomaly(f"{policy.url}: 304 Not Modified but nothing stored yet", "not_modified_unknown")
        outcome.status, outcome.snapshot_id = "not_modified", latest.snapshot_id
        return
    reason = challenge if challenge is not None or document is not None else challenge_reason(fetched)
    if reason:
        raise Anomaly(f"{policy.url}: {reason}", "challenge")
    document = document or extract(
        fetched.content,
        fetched.content_type,
        url=fetched.final_url,
        select=policy.select,
        remove=policy.remove,
        name=policy.name,
    )
    if latest is not None and latest.extractor_version != EXTRACTOR_VERSION:
        latest = _with_current_extractor(store, policy, latest)
    normalized = sha256_hex(document.to_markdown())
    if latest is not None and normalized == latest.normalized_sha256:
        outcome.status, outcome.snapshot_id = "unchanged", latest.snapshot_id
        return
    if latest is None:
        meta = store.save_snapshot(policy.id, fetched, document, EXTRACTOR_VERSION)
        outcome.status, outcome.snapshot_id = "new", meta.snapshot_id
        outcome.summary = f"first snapshot: {len(document.sections)} sections, {document.word_count} words"
        return
    old = store.load(policy.id, latest.snapshot_id)
    shrunk = shrink_reason(old.document, document, config.effective(policy).max_shrink)
    if shrunk:
        raise Anomaly(f"{policy.url}: {shrunk}", "shrank")
    write_change(config, store, policy, fetched, old, document, outcome)


def _with_current_extractor(store: Store, policy: PolicyConfig, latest: SnapshotMeta) -> SnapshotMeta:
    """The previous snapshot as the current extractor reads it, so that an upgraded extractor is
    never reported as a policy change. The re-extraction is recorded beside the original (as
    ``reextract`` does); a raw body that no longer extracts keeps its stored text."""
    result = reextract_snapshot(
        store, policy.id, latest, select=policy.select, remove=policy.remove, name=policy.name
    )
    if result.status != "updated":
        return latest
    return next(m for m in store.snapshots(policy.id) if m.snapshot_id == latest.snapshot_id)


def record_outcome(
    store: Store, policy: PolicyConfig, outcome: CheckOutcome, state: dict[str, Any], fetched: FetchResult | None
) -> None:
    """Append the check record of ``outcome`` and update the policy's state (failure streak,
    ETag/Last-Modified); sets ``outcome.failures``."""
    new_state = dict(state)
    if outcome.failed:
        new_state["failures"] = int(state.get("failures", 0)) + 1
        new_state["last_error"] = outcome.error
    else:
        outcome.recovered_after = int(state.get("failures", 0))
        new_state["failures"] = 0
        new_state.pop("last_error", None)
        if fetched is not None and not fetched.not_modified:
            for key, header in (("etag", "etag"), ("last_modified", "last-modified")):
                if fetched.headers.get(header):
                    new_state[key] = fetched.headers[header]
                else:
                    new_state.pop(key, None)
    outcome.failures = new_state["failures"]
    if new_state != state:
        store.save_state(policy.id, new_state)
    details: dict[str, Any] = {}
    if outcome.cause:
        details["cause"] = outcome.cause
    if outcome.http_status is not None:
        details["http_status"] = outcome.http_status
    if outcome.redirects:
        details["redirects"] = outcome.redirects
        details["final_url"] = outcome.final_url
    if outcome.changed_sections:
        details["changed_sections"] = outcome.changed_sections
    if outcome.report_path:
        details["report"] = outcome.report_path
    store.record_check(
        CheckRecord(
            policy_id=policy.id,
            checked_at=outcome.checked_at,
            status=outcome.status,  # type: ignore[arg-type]
            snapshot_id=outcome.snapshot_id,
            previous_snapshot_id=outcome.previous_snapshot_id,
            error=outcome.error,
            summary=outcome.summary,
            materiality=outcome.materiality,
            details=details,
        )
    )
