"""Every redline format from one comparison: HTML, Markdown, JSON, Word (``.docx``) and PDF, of the
changed sections or (``whole``) of the whole document; and the comparison of a stored change.

The library behind ``policy-tracker diff --format ...`` and ``policy-tracker report``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from tracker.errors import TrackerError
from tracker.report.compare import Comparison, compare_versions, format_diff
from tracker.report.cover import cover_facts
from tracker.report.docx import render_docx
from tracker.report.pdf import html_to_pdf
from tracker.report.render import render_report_html, render_whole_html
from tracker.review import Review, resolve_change, reviews_by_change
from tracker.sources import load_snapshot
from tracker.store import Store, change_key

ReportFormat = Literal["text", "html", "markdown", "json", "docx", "pdf"]
WHOLE_FORMATS = ("html", "pdf", "docx")
BINARY_FORMATS = ("docx", "pdf")


def render_comparison(
    comparison: Comparison,
    fmt: ReportFormat,
    *,
    whole: bool = False,
    title: str | None = None,
    reviews: Sequence[Review] | None = None,
    change_key: str | None = None,
    color: bool = False,
) -> str | bytes:
    """The redline of a comparison in ``fmt``: text for html/markdown/json, bytes for docx/pdf.

    ``whole`` (html, pdf, docx) gives every section in order with the changes in place and a
    change list keyed to the policy's clause numbers or headings; ``reviews`` (a stored change's,
    oldest first) adds its review state to html, pdf and docx. ``TrackerError`` for ``whole``
    with another format; ``RendererMissing`` when PDF is asked and Chromium/Playwright is absent."""
    diff, old_doc, new_doc = comparison.diff, comparison.old.document, comparison.new.document
    if whole and fmt not in WHOLE_FORMATS:
        raise TrackerError(f"--whole: works with --format {', '.join(WHOLE_FORMATS)}, not {fmt}")
    if fmt == "docx":
        return render_docx(diff, old_doc, new_doc, whole=whole, title=title, reviews=reviews)
    links = {"source": diff.new.url} if diff.new.url else None
    extra = {"title": title, "links": links, "reviews": reviews, "change_key": change_key, "expanded": fmt == "pdf"}
    if whole:
        html = render_whole_html(diff, old_doc, new_doc, **extra)  # type: ignore[arg-type]
    elif fmt == "pdf" or reviews is not None:
        html = render_report_html(diff, **extra)  # type: ignore[arg-type]
    else:
        return format_diff(diff, fmt, title=title, color=color)
    if fmt == "pdf":
        return html_to_pdf(html, cover_facts(diff, old_doc, new_doc, title=title))
    return html


def render_stored(store: Store, policy_id: str, change: str, fmt: ReportFormat, *, whole: bool = False) -> str | bytes:
    """The redline of a stored change (see ``compare_stored``) in ``fmt``, with its review state."""
    comparison = compare_stored(store, policy_id, change)
    old_id, new_id = resolve_change(store, policy_id, change)
    reviews = reviews_by_change(store, policy_id).get(change_key(old_id, new_id), [])
    return render_comparison(comparison, fmt, whole=whole, reviews=reviews, change_key=change_key(old_id, new_id))


def compare_stored(store: Store, policy_id: str, change: str) -> Comparison:
    """Diff and classify a stored change: ``OLD__NEW``, or a snapshot reference for the change that
    brought that snapshot in (``latest`` is the newest change)."""
    old_id, new_id = resolve_change(store, policy_id, change)
    old, new = load_snapshot(store, policy_id, old_id), load_snapshot(store, policy_id, new_id)
    return compare_versions(old, new, policy_id=policy_id)
