"""A detected change in a check: diff against the previous snapshot, store, classify, write its files."""

from __future__ import annotations

from dataclasses import replace

from tracker.check.outcome import CheckOutcome
from tracker.check.pause import pause_at
from tracker.classify import classify, highest_materiality, summarize
from tracker.config import Config, PolicyConfig
from tracker.diff import diff_documents
from tracker.extract import EXTRACTOR_VERSION
from tracker.models import DiffResult, DocumentRef, FetchResult, PolicyDocument, Snapshot, SnapshotMeta
from tracker.report.files import published_report_url, write_change_files
from tracker.store import Store


def snapshot_ref(policy_id: str, meta: SnapshotMeta, last_updated: str | None) -> DocumentRef:
    """The diff side for a stored snapshot: ``<policy>@<snapshot id>`` with its dates and URL."""
    return DocumentRef(
        label=f"{policy_id}@{meta.snapshot_id}",
        fetched_at=meta.fetched_at,
        last_updated=last_updated,
        url=meta.final_url,
    )


def provisional_ref(policy_id: str, fetched_at: str, last_updated: str | None, url: str) -> DocumentRef:
    """The new side of a diff before its snapshot is stored (its id is not known yet)."""
    return DocumentRef(label=f"{policy_id}@new", fetched_at=fetched_at, last_updated=last_updated, url=url)


def _provisional_diff(policy_id: str, old: Snapshot, document: PolicyDocument, fetched_at: str, url: str) -> DiffResult:
    """The unclassified diff ``old`` → ``document``, its new side provisional: made the same way
    by a run that found the change and by one completing it after an interruption."""
    provisional = provisional_ref(policy_id, fetched_at, document.last_updated, url)
    old_ref = snapshot_ref(policy_id, old.meta, old.document.last_updated)
    return diff_documents(old.document, document, old_ref=old_ref, new_ref=provisional, policy_id=policy_id)


def classified_change(
    policy: PolicyConfig, fetched: FetchResult, old: Snapshot, document: PolicyDocument
) -> DiffResult | None:
    """The classified diff ``old`` → ``document`` (its new side provisional), None when it has no
    change records (cosmetic differences only). Computes only: nothing is stored."""
    diff = _provisional_diff(policy.id, old, document, fetched.fetched_at, fetched.final_url)
    if not diff.changes:
        return None
    # classified before anything is stored: a page over its time budget stores nothing
    return classify(diff, old.document, document)


def store_change(
    config: Config,
    store: Store,
    policy: PolicyConfig,
    fetched: FetchResult,
    old: Snapshot,
    document: PolicyDocument,
    outcome: CheckOutcome,
    diff: DiffResult,
) -> None:
    """Store ``document`` as the new snapshot and write the files of its classified ``diff``."""
    meta = store.save_snapshot(policy.id, fetched, document, EXTRACTOR_VERSION)
    pause_at("snapshot")
    complete_change(config, store, policy, old, meta, document, outcome, diff=diff)


def complete_change(
    config: Config,
    store: Store,
    policy: PolicyConfig,
    old: Snapshot,
    meta: SnapshotMeta,
    document: PolicyDocument,
    outcome: CheckOutcome,
    *,
    diff: DiffResult | None = None,
) -> None:
    """Classify the change ``old`` → the stored snapshot ``meta`` and write its files; fills ``outcome``.

    ``diff`` is the classified diff already made against the provisional new side; without it
    (completing a snapshot an interrupted run stored) it is made again exactly as
    ``classified_change`` makes it, so the files are the ones that run would have written.
    """
    if diff is None:
        diff = _provisional_diff(policy.id, old, document, meta.fetched_at, meta.final_url)
        diff = classify(diff, old.document, document)
    diff = replace(diff, new=snapshot_ref(policy.id, meta, document.last_updated))
    outcome.status, outcome.snapshot_id = "changed", meta.snapshot_id
    outcome.previous_snapshot_id = old.meta.snapshot_id
    outcome.summary = summarize(diff)
    outcome.materiality = highest_materiality(diff)
    outcome.has_changes = diff.has_changes
    outcome.changed_sections = list(
        dict.fromkeys((c.new_heading or c.old_heading or "(preamble)") for c in diff.changes if not c.editorial)
    ) or list(dict.fromkeys((c.new_heading or c.old_heading or "(preamble)") for c in diff.changes))
    files = write_change_files(
        config,
        policy,
        diff,
        document,
        store.report_dir(policy.id, old.meta.snapshot_id, meta.snapshot_id),
        report_url=published_report_url(policy, old.meta.snapshot_id, meta.snapshot_id),
        with_notices=outcome.materiality == "material",
    )
    outcome.report_path = str(files.report)
    outcome.notice_paths = {kind: str(path) for kind, path in files.notices.items()}
    outcome.change_files = dict(files.hashes)
    pause_at("report")
