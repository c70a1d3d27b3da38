"""Comparing two versions end to end: diff, classify, and render in the requested format.

This is the library behind ``policy-tracker diff``; ``check`` uses the same steps.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Literal

from tracker.classify import classify
from tracker.diff.sections import diff_documents
from tracker.models import DiffResult
from tracker.report.render import render_markdown, render_report_html
from tracker.sources import LoadedVersion

OutputFormat = Literal["html", "markdown", "json", "text"]


@dataclass(frozen=True)
class Comparison:
    """A classified diff between two loaded versions."""

    old: LoadedVersion
    new: LoadedVersion
    diff: DiffResult


def compare_versions(old: LoadedVersion, new: LoadedVersion, *, policy_id: str | None = None) -> Comparison:
    """Diff two versions and classify every change (topics, materiality, flags).

    Both sides are ``LoadedVersion``s (``tracker.sources.load_version`` makes one from a file,
    URL or ``POLICY_ID@REF``); anything else is a ``TypeError`` naming what was passed.
    """
    for side, value in (("old", old), ("new", new)):
        if not isinstance(value, LoadedVersion):
            raise TypeError(
                f"compare_versions: {side} must be a LoadedVersion (see tracker.sources.load_version), "
                f"not {type(value).__name__}"
            )
    pid = policy_id or old.policy_id or new.policy_id
    diff = diff_documents(old.document, new.document, old_ref=old.ref, new_ref=new.ref, policy_id=pid)
    diff = classify(diff, old.document, new.document)
    return Comparison(old=old, new=new, diff=diff)


def format_diff(diff: DiffResult, fmt: OutputFormat, *, title: str | None = None, color: bool = False) -> str:
    """Render a diff as a self-contained HTML report, a Markdown redline, the JSON schema, or
    terminal text (ANSI colour only with ``color``)."""
    if fmt == "text":
        from tracker.report.terminal import render_text

        return render_text(diff, color=color)
    if fmt == "json":
        return json.dumps(diff.to_dict(), ensure_ascii=False, indent=2) + "\n"
    if fmt == "markdown":
        return render_markdown(diff)
    links = {"source": diff.new.url} if diff.new.url else None
    return render_report_html(diff, title=title, links=links)
