"""Step 6, report: the redline (HTML, Markdown, Word tracked changes, PDF; changed sections or the
whole document), notice drafts, Atom feeds, and the one writer of a change's files."""

from __future__ import annotations

from tracker.report.compare import compare_versions, format_diff
from tracker.report.docx import render_docx
from tracker.report.drafts import PolicyNotices, draft_policy_notices
from tracker.report.feed import build_feed, write_feeds
from tracker.report.files import ChangeFiles, published_report_url, write_change_files
from tracker.report.formats import compare_stored, render_comparison, render_stored
from tracker.report.notice import Notices, draft_notices, write_notices
from tracker.report.pdf import RendererMissing, html_to_pdf
from tracker.report.render import render_markdown, render_report_html, render_whole_html
from tracker.report.whole import clause_key, whole_document

__all__ = [
    "render_markdown",
    "render_report_html",
    "render_whole_html",
    "render_docx",
    "html_to_pdf",
    "RendererMissing",
    "render_comparison",
    "compare_stored",
    "render_stored",
    "whole_document",
    "clause_key",
    "Notices",
    "draft_notices",
    "write_notices",
    "build_feed",
    "write_feeds",
    "ChangeFiles",
    "published_report_url",
    "write_change_files",
    "compare_versions",
    "format_diff",
    "PolicyNotices",
    "draft_policy_notices",
]
