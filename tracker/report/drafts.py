"""Notice drafts for a stored policy: the latest change, or every change since a date.

The library behind ``policy-tracker notice ID [--since DATE]``. It compares two stored
snapshots (the one in force on DATE, else the previous one, against the latest), classifies the
diff, and — when a change is material — renders and writes the drafts beside the change's report
(``<store>/<id>/reports/<old>__<new>/``), writing that report too if it is not there yet.
"""

from __future__ import annotations

import contextlib
import functools
import re
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from tracker.classify import highest_materiality, summarize
from tracker.config import Config
from tracker.errors import TrackerError
from tracker.models import DiffResult, SectionChange, utc_now
from tracker.report.compare import compare_versions
from tracker.report.files import published_report_url, write_change_files
from tracker.report.notice import Notices
from tracker.review import Review, reviews_by_change
from tracker.sources import load_snapshot
from tracker.store import Store, change_key, refuse_inside_store

# the log record of notice drafts written into a change's folder after its check (``tracker.evidence.changes``)
NOTICE_RECORD = "notice"


@dataclass(frozen=True)
class PolicyNotices:
    """What ``notice`` produced for one policy: the compared snapshots, the diff and any drafts."""

    policy_id: str
    old_snapshot_id: str
    new_snapshot_id: str
    diff: DiffResult
    materiality: str | None
    summary: str
    notices: Notices | None
    paths: dict[str, Path] = field(default_factory=dict)
    review: Review | None = None  # with ``reviewed_only``: the review that let (or did not let) it through
    held_back: str | None = None  # why no notice was drafted for a material change (``reviewed_only``)

    def to_dict(self) -> dict[str, object]:
        """The ``notice --json`` record (schema ``policy-tracker/notice/1``)."""
        return {
            "schema": "policy-tracker/notice/1",
            "policy_id": self.policy_id,
            "old_snapshot_id": self.old_snapshot_id,
            "new_snapshot_id": self.new_snapshot_id,
            "materiality": self.materiality,
            "summary": self.summary,
            "flags": list(self.diff.flags),
            "subject": self.notices.subject if self.notices else None,
            "effective_date": self.notices.effective_date.isoformat() if self.notices else None,
            "paths": {kind: str(path) for kind, path in self.paths.items()},
            "review": self.review.to_dict() if self.review else None,
            "held_back": self.held_back,
        }


def draft_policy_notices(
    config: Config,
    policy_id: str,
    *,
    store: Store | None = None,
    since: str | None = None,
    today: date | None = None,
    out_dir: Path | None = None,
    reviewed_only: bool = False,
) -> PolicyNotices:
    """Classify the latest change of ``policy_id`` (or all changes since ``since``, YYYY-MM-DD)
    and, if any is material, write the notice drafts; ``today`` is the day notice is given
    (effective date = today + the policy's notice period).

    With ``reviewed_only`` drafts are written only when a reviewer's decision in force on the
    change (or on one of the changes since ``since``) is ``material``; then every change the
    classifier left for review counts as material too (the reviewer decided)."""
    policy = config.policy(policy_id)
    store = store or Store(config.store_path)
    if since is not None and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", since):
        raise TrackerError(f"policy {policy_id!r}: --since {since!r} is not a date YYYY-MM-DD")
    metas = store.snapshots(policy_id)
    if len(metas) < 2 and since is None:
        raise TrackerError(f"policy {policy_id!r}: {len(metas)} snapshot(s) stored, need two to find a change")
    old_id = store.resolve(policy_id, since or "previous").snapshot_id
    new_id = metas[-1].snapshot_id
    if old_id == new_id:
        raise TrackerError(f"policy {policy_id!r}: no snapshot after {since} (latest is {new_id})")
    old, new = load_snapshot(store, policy_id, old_id), load_snapshot(store, policy_id, new_id)
    diff = compare_versions(old, new, policy_id=policy_id).diff
    review = _reviewed_material(store, policy_id, old_id, new_id) if reviewed_only else None
    if reviewed_only and (review is None or review.decision != "material"):
        held = f"latest decision: {review.decision}" if review else "awaiting review"
        result = PolicyNotices(policy_id, old_id, new_id, diff, highest_materiality(diff), summarize(diff), None)
        return replace(result, review=review, held_back=f"not reviewed as material ({held})")
    if reviewed_only:
        diff = replace(diff, changes=tuple(_promoted(c) for c in diff.changes))
    materiality = highest_materiality(diff)
    result = PolicyNotices(policy_id, old_id, new_id, diff, materiality, summarize(diff), None, review=review)
    if materiality != "material":
        return result
    if out_dir is not None:  # drafts elsewhere are not chained: never into the store, over chained files
        refuse_inside_store(store.root, out_dir, "notice drafts given --out")
    directory = out_dir or store.report_dir(policy_id, old_id, new_id)
    with contextlib.ExitStack() as in_store:
        chain = None
        if out_dir is None:  # drafts shown to readers from the store are chained, under the store's lock
            in_store.enter_context(store.lock(timeout=10))
            chain = functools.partial(_record_notice, store, policy_id, old_id, new_id)
        files = write_change_files(
            config, policy, diff, new.document, directory, report_url=published_report_url(policy, old_id, new_id),
            with_diff_json=False, keep_existing_report=True, today=today, before_writing=chain,
        )  # fmt: skip
    paths = {"report": files.report, **files.notices}
    return replace(result, notices=files.drafts, paths=paths)


def _record_notice(store: Store, policy_id: str, old_id: str, new_id: str, hashes: dict[str, str]) -> None:
    """Append the ``notice`` record naming the files about to be written into the change's folder
    (before they are: a kill between the two leaves files matching an earlier hash in the chain)."""
    store.append_record(
        policy_id,
        {"type": NOTICE_RECORD, "old_snapshot_id": old_id, "snapshot_id": new_id, "files": dict(sorted(hashes.items())),
         "at": utc_now()},
    )  # fmt: skip


def _reviewed_material(store: Store, policy_id: str, old_id: str, new_id: str) -> Review | None:
    """The review that decides whether a notice goes out for old → new: a ``material`` decision in
    force on that change or on any consecutive change between them, else the latest decision found."""
    reviews = reviews_by_change(store, policy_id)
    ids = [m.snapshot_id for m in store.snapshots(policy_id)]
    span = ids[ids.index(old_id) : ids.index(new_id) + 1]
    keys = [change_key(old_id, new_id)] + [change_key(a, b) for a, b in zip(span, span[1:], strict=False)]
    in_force = [reviews[k][-1] for k in keys if k in reviews]
    material = [r for r in in_force if r.decision == "material"]
    if material:
        return material[-1]
    return max(in_force, key=lambda r: r.seq) if in_force else None


def _promoted(change: SectionChange) -> SectionChange:
    return replace(change, materiality="material") if change.materiality == "review" else change
