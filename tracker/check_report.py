"""Writing one detected change: snapshot, classified diff, report, diff JSON, notice drafts."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from tracker.config import Config, PolicyConfig
from tracker.models import DocumentRef, FetchResult, PolicyDocument, Snapshot, SnapshotMeta
from tracker.store import Store, atomic_write

if TYPE_CHECKING:
    from tracker.check import CheckOutcome


def _ref(policy_id: str, meta: SnapshotMeta, last_updated: str | None) -> DocumentRef:
    return DocumentRef(
        label=f"{policy_id}@{meta.snapshot_id}",
        fetched_at=meta.fetched_at,
        last_updated=last_updated,
        url=meta.final_url,
    )


def published_report_url(policy: PolicyConfig, old_id: str, new_id: str) -> str | None:
    """Where the report of the change old → new is published, if the policy's
    ``notice.report_base_url`` says where the store is published; else None."""
    if not policy.notice.report_base_url:
        return None
    return f"{policy.notice.report_base_url.rstrip('/')}/{policy.id}/reports/{old_id}__{new_id}/report.html"


def write_change(
    config: Config,
    store: Store,
    policy: PolicyConfig,
    fetched: FetchResult,
    old: Snapshot,
    document: PolicyDocument,
    outcome: CheckOutcome,
) -> None:
    """Diff ``document`` against ``old``; if anything changed, store it and write the report.

    A diff without change records (cosmetic differences only) leaves ``outcome`` as
    ``unchanged`` and stores nothing.
    """
    from tracker.classify import classify, highest_materiality, summarize
    from tracker.diff import diff_documents
    from tracker.extract import EXTRACTOR_VERSION

    provisional = DocumentRef(
        label=f"{policy.id}@new",
        fetched_at=fetched.fetched_at,
        last_updated=document.last_updated,
        url=fetched.final_url,
    )
    old_ref = _ref(policy.id, old.meta, old.document.last_updated)
    diff = diff_documents(old.document, document, old_ref=old_ref, new_ref=provisional, policy_id=policy.id)
    if not diff.changes:
        outcome.status, outcome.snapshot_id = "unchanged", old.meta.snapshot_id
        return
    meta = store.save_snapshot(policy.id, fetched, document, EXTRACTOR_VERSION)
    diff = classify(diff, old.document, document)
    from dataclasses import replace

    diff = replace(diff, new=_ref(policy.id, meta, document.last_updated))
    outcome.status, outcome.snapshot_id = "changed", meta.snapshot_id
    outcome.summary = summarize(diff)
    outcome.materiality = highest_materiality(diff)
    outcome.changed_sections = list(
        dict.fromkeys((c.new_heading or c.old_heading or "(preamble)") for c in diff.changes if not c.editorial)
    ) or list(dict.fromkeys((c.new_heading or c.old_heading or "(preamble)") for c in diff.changes))
    directory = store.report_dir(policy.id, old.meta.snapshot_id, meta.snapshot_id)
    from tracker.render import render_report_html

    links = {"source": fetched.final_url}
    report_url = published_report_url(policy, old.meta.snapshot_id, meta.snapshot_id)
    if report_url:
        links["published report"] = report_url
    html = render_report_html(
        diff, templates_dir=config.settings.templates, title=f"Changes to {policy.name}", links=links
    )
    atomic_write(directory / "report.html", html)
    atomic_write(directory / "diff.json", json.dumps(diff.to_dict(), ensure_ascii=False, indent=2) + "\n")
    outcome.report_path = str(directory / "report.html")
    if outcome.materiality == "material":
        from tracker.notice import draft_notices, write_notices

        notices = draft_notices(
            diff, policy=policy, new_document=document, templates_dir=config.settings.templates, report_url=report_url
        )
        outcome.notice_paths = {k: str(v) for k, v in write_notices(notices, directory).items()}
