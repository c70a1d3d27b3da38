"""The one writer of a change's files: ``report.html``, ``diff.json`` and the notice drafts, in the
change's folder (``Store.report_dir``), and the published URL of its report."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from tracker.config import Config, PolicyConfig
from tracker.models import DiffResult, PolicyDocument, sha256_hex
from tracker.report.notice import FILE_NAMES, Notices, draft_notices, notice_files
from tracker.report.render import render_report_html
from tracker.store import DIFF_NAME, REPORT_NAME, atomic_write_files, report_relpath


def published_report_url(policy: PolicyConfig, old_id: str, new_id: str) -> str | None:
    """Where the report of the change old → new is published, if the policy's
    ``notice.report_base_url`` says where the store is published; else None."""
    base = policy.notice.report_base_url
    if not base:
        return None
    return f"{base.rstrip('/')}/{report_relpath(policy.id, old_id, new_id)}/{REPORT_NAME}"


@dataclass(frozen=True)
class ChangeFiles:
    """The files written for one change (paths), by kind."""

    report: Path
    diff_json: Path | None = None
    notices: dict[str, Path] = field(default_factory=dict)
    drafts: Notices | None = None  # the notice drafts written (subject, effective date ...)
    # SHA-256 of every file this call wrote, by file name (what the check record chains)
    hashes: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class RenderedChange:
    """A change's files made but not yet written: their texts and SHA-256 by file name, and the
    notice drafts when made. Pure data: made where the CPU is free, written by the run."""

    contents: dict[str, str]
    hashes: dict[str, str]
    drafts: Notices | None = None


def render_change_files(
    templates: Path | None,
    policy: PolicyConfig,
    diff: DiffResult,
    new_document: PolicyDocument,
    *,
    report_url: str | None,
    with_diff_json: bool = True,
    with_notices: bool = True,
    with_report: bool = True,
    today: date | None = None,
) -> RenderedChange:
    """The texts ``write_change_files`` writes (``templates``: the user template folder), made
    without touching the disk; ``with_report=False`` leaves ``report.html`` out."""
    contents: dict[str, str] = {}
    if with_report:
        links = {"source": diff.new.url} if diff.new.url else {}
        if report_url:
            links["published report"] = report_url
        title = f"Changes to {policy.name}"
        contents[REPORT_NAME] = render_report_html(diff, templates_dir=templates, title=title, links=links or None)
    if with_diff_json:
        contents[DIFF_NAME] = json.dumps(diff.to_dict(), ensure_ascii=False, indent=2) + "\n"
    drafts = None
    if with_notices:
        drafts = draft_notices(
            diff, policy=policy, new_document=new_document, today=today, templates_dir=templates, report_url=report_url
        )
        contents.update(notice_files(drafts))
    return RenderedChange(contents, {name: sha256_hex(text) for name, text in contents.items()}, drafts)


def write_rendered(
    directory: Path,
    rendered: RenderedChange,
    *,
    before_writing: Callable[[dict[str, str]], None] | None = None,
) -> ChangeFiles:
    """Write the files of ``rendered`` into ``directory`` (``before_writing``: see
    ``write_change_files``) and say where they are."""
    if before_writing is not None:
        before_writing(rendered.hashes)
    atomic_write_files(directory, rendered.contents)  # each file flushed, the folder once: not once per file
    drafts = rendered.drafts
    notices = {kind: directory / name for kind, name in FILE_NAMES.items()} if drafts is not None else {}
    return ChangeFiles(
        report=directory / REPORT_NAME,
        diff_json=directory / DIFF_NAME if DIFF_NAME in rendered.contents else None,
        notices=notices,
        drafts=drafts,
        hashes=rendered.hashes,
    )


def write_change_files(
    config: Config,
    policy: PolicyConfig,
    diff: DiffResult,
    new_document: PolicyDocument,
    directory: Path,
    *,
    report_url: str | None,
    with_diff_json: bool = True,
    with_notices: bool = True,
    keep_existing_report: bool = False,
    today: date | None = None,
    before_writing: Callable[[dict[str, str]], None] | None = None,
) -> ChangeFiles:
    """Write the change's report (and its ``diff.json``, and notice drafts when ``with_notices``).

    ``report_url`` is the published report's URL (linked from the report and the notices);
    ``keep_existing_report`` leaves a report that is already there untouched (``notice`` adds
    drafts beside the report ``check`` wrote); ``today`` is the day notice is given.
    ``before_writing`` is called with the SHA-256 of every file (by name) once all are rendered
    and before the first is written (``notice`` records them in the log first).
    """
    rendered = render_change_files(
        config.templates_path,
        policy,
        diff,
        new_document,
        report_url=report_url,
        with_diff_json=with_diff_json,
        with_notices=with_notices,
        with_report=not (keep_existing_report and (directory / REPORT_NAME).exists()),
        today=today,
    )
    return write_rendered(directory, rendered, before_writing=before_writing)
