"""A detected change in a check: diff against the previous snapshot, store, classify, write its files."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from tracker.check.outcome import CheckOutcome
from tracker.check.pause import pause_at
from tracker.classify import classify, highest_materiality, summarize
from tracker.config import Config, PolicyConfig
from tracker.diff import diff_documents
from tracker.extract import EXTRACTOR_VERSION
from tracker.models import DiffResult, DocumentRef, FetchResult, PolicyDocument, Snapshot, SnapshotMeta
from tracker.report.files import RenderedChange, published_report_url, render_change_files, write_rendered
from tracker.report.headings import shown_heading
from tracker.store import Store


def snapshot_ref(policy_id: str, meta: SnapshotMeta, last_updated: str | None) -> DocumentRef:
    """The diff side for a stored snapshot: ``<policy>@<snapshot id>`` with its dates and URL."""
    return new_ref(policy_id, meta.snapshot_id, meta.fetched_at, last_updated, meta.final_url)


def new_ref(policy_id: str, snapshot_id: str, fetched_at: str, last_updated: str | None, url: str) -> DocumentRef:
    """The diff side of the snapshot ``snapshot_id`` about to be stored (as ``snapshot_ref`` reads it)."""
    return DocumentRef(label=f"{policy_id}@{snapshot_id}", fetched_at=fetched_at, last_updated=last_updated, url=url)


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
    policy: PolicyConfig, fetched_at: str, final_url: str, old: Snapshot, document: PolicyDocument
) -> DiffResult | None:
    """The classified diff ``old`` → ``document`` fetched at ``fetched_at`` from ``final_url``
    (its new side provisional), None when it has no change records (cosmetic differences only).
    Computes only: nothing is stored."""
    diff = _provisional_diff(policy.id, old, document, fetched_at, final_url)
    if not diff.changes:
        return None
    # classified before anything is stored: a page over its time budget stores nothing
    return classify(diff, old.document, document)


@dataclass(frozen=True)
class WorkedChange:
    """A classified change worked out for the new snapshot ``snapshot_id``: what its outcome says
    and its files' texts, nothing stored yet (plain data: it may be made in a worker process)."""

    snapshot_id: str
    summary: str
    materiality: str | None
    has_changes: bool
    changed_sections: list[str]
    rendered: RenderedChange


def work_change(
    templates: Path | None,
    policy: PolicyConfig,
    old_id: str,
    new: DocumentRef,
    snapshot_id: str,
    document: PolicyDocument,
    diff: DiffResult,
) -> WorkedChange:
    """The classified ``diff`` (old snapshot ``old_id`` → ``document``) given its stored new side
    ``new`` (snapshot ``snapshot_id``), summed up and its files rendered (``templates``: the
    user template folder). Computes only."""
    diff = replace(diff, new=new)
    materiality = highest_materiality(diff)
    changed_sections = list(dict.fromkeys(shown_heading(c) for c in diff.changes if not c.editorial)) or list(
        dict.fromkeys(shown_heading(c) for c in diff.changes)
    )
    rendered = render_change_files(
        templates,
        policy,
        diff,
        document,
        report_url=published_report_url(policy, old_id, snapshot_id),
        with_notices=materiality == "material",
    )
    return WorkedChange(snapshot_id, summarize(diff), materiality, diff.has_changes, changed_sections, rendered)


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


def store_worked_change(
    config: Config,
    store: Store,
    policy: PolicyConfig,
    fetched: FetchResult,
    old_meta: SnapshotMeta,
    document: PolicyDocument,
    outcome: CheckOutcome,
    worked: WorkedChange,
) -> None:
    """Store ``document`` as the new snapshot and write the files ``worked`` rendered for it, in
    the order ``store_change`` stores them. Had the snapshot got another id than the one they were
    rendered for, the change is completed here instead, as after an interrupted run."""
    meta = store.save_snapshot(policy.id, fetched, document, EXTRACTOR_VERSION)
    pause_at("snapshot")
    if meta.snapshot_id != worked.snapshot_id:
        complete_change(config, store, policy, store.load(policy.id, old_meta.snapshot_id), meta, document, outcome)
        return
    record_change(store, policy, old_meta.snapshot_id, outcome, worked)


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
    new = snapshot_ref(policy.id, meta, document.last_updated)
    worked = work_change(config.templates_path, policy, old.meta.snapshot_id, new, meta.snapshot_id, document, diff)
    record_change(store, policy, old.meta.snapshot_id, outcome, worked)


def record_change(store: Store, policy: PolicyConfig, old_id: str, outcome: CheckOutcome, worked: WorkedChange) -> None:
    """Write the files of the change ``old_id`` → ``worked.snapshot_id`` (stored) and fill ``outcome``."""
    outcome.status, outcome.snapshot_id = "changed", worked.snapshot_id
    outcome.previous_snapshot_id = old_id
    outcome.summary, outcome.materiality = worked.summary, worked.materiality
    outcome.has_changes = worked.has_changes
    outcome.changed_sections = tuple(worked.changed_sections)
    files = write_rendered(store.report_dir(policy.id, old_id, worked.snapshot_id), worked.rendered)
    outcome.report_path = str(files.report)
    outcome.notice_paths = {kind: str(path) for kind, path in files.notices.items()}
    outcome.change_files = dict(files.hashes)
    pause_at("report")
