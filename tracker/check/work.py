"""A changed page's CPU-heavy work, given both versions: the same-document and shrink checks, the
diff, its classification and its files rendered, inline or in one of the run's worker processes.

That work reads nothing and writes nothing, so it can run in the extraction workers while the
run's process, its one busy core otherwise, goes on with the fetches and the store. What is
stored stays there, in the order ``store_change`` stores it (the snapshot, then the change's
files, then the check record): a run cut short while the work is in a worker has stored nothing
of that change, and the next run fetches and works it out again (``tracker.check.recover``
completes the ones whose snapshot was stored).
"""

from __future__ import annotations

from concurrent.futures import Executor
from dataclasses import dataclass
from pathlib import Path

from tracker.budget import OverBudget, time_budget
from tracker.check.change import WorkedChange, classified_change, new_ref, work_change
from tracker.config import Config, PolicyConfig
from tracker.errors import Anomaly
from tracker.extract.lanes import Lanes
from tracker.fetch.challenge import shrink_reason
from tracker.models import DiffResult, FetchResult, PolicyDocument, Snapshot, SnapshotMeta
from tracker.store import Store
from tracker.store.document import parse_document


def judged_change(
    policy: PolicyConfig,
    max_shrink: float,
    budget: float | None,
    fetched_at: str,
    final_url: str,
    old: Snapshot,
    document: PolicyDocument,
) -> DiffResult | None:
    """The classified diff ``old`` → ``document`` (``classified_change``), after the checks that
    it is the same document and did not shrink past ``max_shrink``; each failed check, and work
    over the time ``budget``, raises its ``Anomaly``. Computes only: nothing is stored."""
    from tracker.extract.sanity import same_document_reason

    other = same_document_reason(old.document, document)
    if other:
        raise Anomaly(f"{policy.url}: {other[1]}", other[0])
    shrunk = shrink_reason(old.document, document, max_shrink)
    if shrunk:
        raise Anomaly(f"{policy.url}: {shrunk}", "shrank")
    try:
        with time_budget(budget):
            return classified_change(policy, fetched_at, final_url, old, document)
    except OverBudget as exc:
        raise Anomaly(f"{policy.url}: diff and classification {exc}", "too_slow") from None


@dataclass(frozen=True)
class ChangeJob:
    """What a worker needs to work out one change: the policy, the previous version (its
    metadata and its ``policy.json`` bytes), the new document, when and where it was fetched,
    and the id its snapshot will get (the change's files name it)."""

    policy: PolicyConfig
    templates: Path | None
    max_shrink: float
    budget: float | None
    old_meta: SnapshotMeta
    old_bytes: bytes
    document: PolicyDocument
    fetched_at: str
    final_url: str
    snapshot_id: str


@dataclass(frozen=True)
class JobResult:
    """A worked-out change: an anomaly (its message and cause), no change records (all None), or
    the change with the new document to store (packed with its ``policy.json`` bytes)."""

    anomaly: tuple[str, str] | None = None
    worked: WorkedChange | None = None
    document: PolicyDocument | None = None


def change_job(job: ChangeJob) -> JobResult:
    """Work out ``job`` (in a worker process): an ``Anomaly`` comes back as a value, since it
    does not survive pickling; any other error is raised, as it would be in the run."""
    from tracker.extract.packed import pack

    old = Snapshot(meta=job.old_meta, document=parse_document(job.policy.id, job.old_meta.snapshot_id, job.old_bytes))
    try:
        diff = judged_change(job.policy, job.max_shrink, job.budget, job.fetched_at, job.final_url, old, job.document)
    except Anomaly as exc:
        return JobResult(anomaly=(str(exc), exc.cause))
    if diff is None:
        return JobResult()
    new = new_ref(job.policy.id, job.snapshot_id, job.fetched_at, job.document.last_updated, job.final_url)
    worked = work_change(job.templates, job.policy, old.meta.snapshot_id, new, job.snapshot_id, job.document, diff)
    return JobResult(worked=worked, document=pack(job.document, structured=True))


def work_in(
    pool: Executor,
    config: Config,
    store: Store,
    policy: PolicyConfig,
    fetched: FetchResult,
    latest: SnapshotMeta,
    document: PolicyDocument,
) -> JobResult:
    """Work out the change ``latest`` → ``document`` in ``pool`` and wait for it (from a thread of
    the run); raises the ``Anomaly`` it found."""
    job = ChangeJob(
        policy=policy,
        templates=config.templates_path,
        max_shrink=config.effective(policy).max_shrink,
        budget=config.settings.time_budget,
        old_meta=latest,
        old_bytes=store.document_bytes(policy.id, latest.snapshot_id),
        document=document,
        fetched_at=fetched.fetched_at,
        final_url=fetched.final_url,
        snapshot_id=store.next_snapshot_id(policy.id, fetched.fetched_at),
    )
    # in lanes, always the first: the one process that loads the classifier (``extract.lanes``)
    submit = pool.submit_pinned if isinstance(pool, Lanes) else pool.submit
    result = submit(change_job, job).result()
    if result.anomaly is not None:
        raise Anomaly(*result.anomaly)
    return result
