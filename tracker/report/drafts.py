"""Notice drafts for a stored policy: the latest change, or every change since a date.

The library behind ``policy-tracker notice ID [--since DATE]``. It compares two stored
snapshots (the one in force on DATE, else the previous one, against the latest), classifies the
diff, and — when a change is material — renders and writes the drafts beside the change's report
(``<store>/<id>/reports/<old>__<new>/``), writing that report too if it is not there yet.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from tracker.classify.topics import highest_materiality, summarize
from tracker.config import Config
from tracker.errors import TrackerError
from tracker.models import DiffResult
from tracker.report.compare import compare_versions
from tracker.report.files import published_report_url, write_change_files
from tracker.report.notice import Notices
from tracker.sources import load_snapshot
from tracker.store import Store


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
        }


def draft_policy_notices(
    config: Config,
    policy_id: str,
    *,
    store: Store | None = None,
    since: str | None = None,
    today: date | None = None,
    out_dir: Path | None = None,
) -> PolicyNotices:
    """Classify the latest change of ``policy_id`` (or all changes since ``since``, YYYY-MM-DD)
    and, if any is material, write the notice drafts; ``today`` is the day notice is given
    (effective date = today + the policy's notice period)."""
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
    materiality = highest_materiality(diff)
    result = PolicyNotices(policy_id, old_id, new_id, diff, materiality, summarize(diff), None)
    if materiality != "material":
        return result
    directory = out_dir or store.report_dir(policy_id, old_id, new_id)
    files = write_change_files(
        config, policy, diff, new.document, directory, report_url=published_report_url(policy, old_id, new_id),
        with_diff_json=False, keep_existing_report=True, today=today,
    )  # fmt: skip
    paths = {"report": files.report, **files.notices}
    return PolicyNotices(policy_id, old_id, new_id, diff, materiality, result.summary, files.drafts, paths)
