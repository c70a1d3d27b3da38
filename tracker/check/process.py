"""One policy's fetched answer → its outcome: not modified, unchanged, new, changed, or an anomaly.

Before a body may become a version it must be text (``tracker.fetch.sniff``: the bytes decide
how it is read), whole, and the policy (``tracker.extract.sanity``: enough text for a first
snapshot, the same document as the previous version); the diff and classification must fit
the ``time_budget``. Anything else is an ``Anomaly`` whose body the caller keeps as evidence.

``process_fetched`` decides and stores (snapshot, change files); ``record_outcome`` appends the
check record and updates the policy's state (failure streak, validators).
"""

from __future__ import annotations

import threading
from concurrent.futures import Executor
from typing import Any

from tracker.check.arenas import trim
from tracker.check.outcome import CheckOutcome
from tracker.config import Config, PolicyConfig
from tracker.errors import Anomaly
from tracker.fetch.challenge import challenge_reason
from tracker.fetch.sniff import sniff
from tracker.models import CheckRecord, FetchResult, PolicyDocument, SnapshotMeta
from tracker.store import Store


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
    pool: Executor | None = None,
) -> None:
    """Turn one successful fetch into an outcome, storing a snapshot and report when it changed.

    ``document`` is the already extracted page, if the caller extracted it (e.g. in a worker)
    from the body as ``sniff`` read it; ``challenge`` the caller's ``challenge_reason`` for it,
    when the caller already asked; ``pool`` the worker processes to work out a change in (the
    diff, classification and rendering: ``tracker.check.work``), None to work it out here.
    Raises ``ExtractionError`` or an ``Anomaly`` for pages that are not a usable policy (see
    ``tracker.errors.ANOMALY_CAUSES``).
    """
    outcome.checked_at = fetched.fetched_at
    outcome.previous_snapshot_id = latest.snapshot_id if latest else None
    if fetched.not_modified:
        if latest is None:
            raise Anomaly(f"{policy.url}: 304 Not Modified but nothing stored yet", "not_modified_unknown")
        outcome.status, outcome.snapshot_id = "not_modified", latest.snapshot_id
        return
    from tracker.extract import extract  # a body to read: the extractors load only for one

    reason = challenge if challenge is not None or document is not None else challenge_reason(fetched)
    if reason:
        raise Anomaly(f"{policy.url}: {reason}", "challenge")
    fetched = sniffed(policy, fetched, outcome)
    document = document or extract(
        fetched.content,
        fetched.content_type,
        url=fetched.final_url,
        select=policy.select,
        remove=policy.remove,
        name=policy.name,
    )
    _decide(config, store, policy, fetched, latest, document, outcome, pool)


# How many changes are worked out at once (previous version loaded, compared, diffed, classified).
# That work holds the GIL, so more threads doing it at once are not faster, but each holds both
# versions and the diff's intermediate objects: the run's memory grew with how many overlapped.
# The writes that follow (snapshot, change files, with their fsyncs) are outside it.
CHANGE_TURNS = threading.BoundedSemaphore(2)


def _decide(
    config: Config,
    store: Store,
    policy: PolicyConfig,
    fetched: FetchResult,
    latest: SnapshotMeta | None,
    document: PolicyDocument,
    outcome: CheckOutcome,
    pool: Executor | None = None,
) -> None:
    """The extracted page against the latest version: unchanged, new, changed or an anomaly."""
    from tracker.extract import EXTRACTOR_VERSION
    from tracker.extract.sanity import first_reason

    if latest is not None and latest.extractor_version != EXTRACTOR_VERSION:
        latest = _with_current_extractor(store, policy, latest)
    normalized = document.markdown_sha256
    if latest is not None and normalized == latest.normalized_sha256:
        outcome.status, outcome.snapshot_id = "unchanged", latest.snapshot_id
        return
    if latest is None:
        first = first_reason(document)
        if first:
            raise Anomaly(f"{policy.url}: {first[1]}", first[0])
        meta = store.save_snapshot(policy.id, fetched, document, EXTRACTOR_VERSION)
        outcome.status, outcome.snapshot_id = "new", meta.snapshot_id
        outcome.summary = f"first snapshot: {document.section_count} sections, {document.word_count} words"
        return
    if pool is not None:  # the diff's work in a worker: this process only loads and stores
        _decide_in(pool, config, store, policy, fetched, latest, document, outcome)
        return
    from tracker.check.change import store_change  # diff, classify, render: only for a change
    from tracker.check.work import judged_change

    effective = config.effective(policy)
    with CHANGE_TURNS:  # the previous version and the diff's work held by a few changes at a time
        old = store.load(policy.id, latest.snapshot_id)
        budget = config.settings.time_budget
        diff = judged_change(policy, effective.max_shrink, budget, fetched.fetched_at, fetched.final_url, old, document)
    if diff is None:
        _unchanged(outcome, latest, document)
        return
    store_change(config, store, policy, fetched, old, document, outcome, diff)
    del old, diff
    trim()  # the change's versions and diff are let go (``tracker.check.arenas``)


def _decide_in(
    pool: Executor,
    config: Config,
    store: Store,
    policy: PolicyConfig,
    fetched: FetchResult,
    latest: SnapshotMeta,
    document: PolicyDocument,
    outcome: CheckOutcome,
) -> None:
    """``_decide``'s change worked out in ``pool`` (``tracker.check.work``), stored here."""
    from tracker.check.change import store_worked_change
    from tracker.check.work import work_in

    result = work_in(pool, config, store, policy, fetched, latest, document)
    if result.worked is None or result.document is None:
        _unchanged(outcome, latest, document)
        return
    store_worked_change(config, store, policy, fetched, latest, result.document, outcome, result.worked)
    del result
    trim()


def _unchanged(outcome: CheckOutcome, latest: SnapshotMeta, document: PolicyDocument) -> None:
    """``outcome`` of a page whose diff against ``latest`` has no change records: ``unchanged``,
    with the re-dating said when its own date moved (``date_only_summary``)."""
    outcome.status, outcome.snapshot_id = "unchanged", latest.snapshot_id
    outcome.summary = date_only_summary(latest, document)


def date_only_summary(latest: SnapshotMeta, document: PolicyDocument) -> str | None:
    """The summary of an ``unchanged`` check whose page states another date of its own with the
    same text ("only the policy's date moved: 2024-03-01 → 2025-06-01"): no change to alert on,
    but the re-dating is said; None when the date is the same."""
    if document.last_updated == latest.last_updated:
        return None
    return f"only the policy's date moved: {latest.last_updated or 'none'} → {document.last_updated or 'none'}"


def sniffed(policy: PolicyConfig, fetched: FetchResult, outcome: CheckOutcome | None = None) -> FetchResult:
    """``fetched`` with the content type its bytes show (noted in ``outcome``); raises an
    ``Anomaly`` (``binary``, ``truncated``) for a body that cannot be the policy."""
    result, problem = sniff(fetched)
    if problem:
        raise Anomaly(f"{policy.url}: {problem[1]}", problem[0])
    if outcome is not None and result.content_type != fetched.content_type:
        outcome.add_details({"content_type_sniffed": f"{result.content_type} (labelled {fetched.content_type!r})"})
    return result


def _with_current_extractor(store: Store, policy: PolicyConfig, latest: SnapshotMeta) -> SnapshotMeta:
    """The previous snapshot as the current extractor reads it, so that an upgraded extractor is
    never reported as a policy change. The re-extraction is recorded beside the original (as
    ``reextract`` does); a raw body that no longer extracts keeps its stored text."""
    from tracker.check.reextract import reextract_snapshot

    result = reextract_snapshot(store, policy.id, latest, select=policy.select, remove=policy.remove, name=policy.name)
    if result.status != "updated":
        return latest
    return next(m for m in store.snapshots(policy.id) if m.snapshot_id == latest.snapshot_id)


# outcomes that store nothing: their check records are group-committed (``Store.sync`` at the end
# of the run) instead of each waiting for its own fsync; a crash before the flush can lose only these
QUIET = ("not_modified", "unchanged")


def record_outcome(
    store: Store, policy: PolicyConfig, outcome: CheckOutcome, state: dict[str, Any], fetched: FetchResult | None,
    *, durable: bool = True,
) -> None:  # fmt: skip
    """Append the check record of ``outcome`` and update the policy's state (failure streak,
    ETag/Last-Modified); sets ``outcome.failures``. ``durable=False``: see ``QUIET``."""
    new_state = dict(state)
    if outcome.failed:
        new_state["failures"] = int(state.get("failures", 0)) + 1
        new_state["last_error"] = outcome.error
    else:
        outcome.recovered_after = int(state.get("failures", 0))
        new_state["failures"] = 0
        new_state.pop("last_error", None)
        if fetched is not None and not fetched.not_modified:
            new_state["rendered_by"] = fetched.rendered_by  # how render = "auto" reads it next time
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
        details["redirects"] = list(outcome.redirects)
        details["final_url"] = outcome.final_url
    if outcome.changed_sections:
        details["changed_sections"] = list(outcome.changed_sections)
    if outcome.report_path:
        details["report"] = outcome.report_path
    if outcome.rendered_by == "browser" or outcome.render_reason:
        details["rendered_by"] = outcome.rendered_by
        details["render_reason"] = outcome.render_reason
    if outcome.notice_paths:
        details["notices"] = dict(outcome.notice_paths)
    if outcome.change_files:  # what a reader is shown is in the chain (``tracker.evidence.changes``)
        details["files"] = dict(sorted(outcome.change_files.items()))
    if outcome.status == "changed":
        details["deliver"] = True  # its feed entry and alert are due until a delivery record says done
    details.update(outcome.record_details)
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
        ), durable=durable,
    )  # fmt: skip
