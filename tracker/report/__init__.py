"""Step 6, report: the redline (HTML, Markdown, Word tracked changes, PDF; changed sections or the
whole document), notice drafts, Atom feeds, and the one writer of a change's files."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tracker.lazy import lazy_exports

if TYPE_CHECKING:
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

# each public name and the module that defines it: imported on first use (PEP 562), so that a
# run needing one of them (e.g. the feeds) does not load every renderer and the diff with it
_WHERE = {
    "compare_versions": "tracker.report.compare",
    "format_diff": "tracker.report.compare",
    "render_docx": "tracker.report.docx",
    "PolicyNotices": "tracker.report.drafts",
    "draft_policy_notices": "tracker.report.drafts",
    "build_feed": "tracker.report.feed",
    "write_feeds": "tracker.report.feed",
    "ChangeFiles": "tracker.report.files",
    "published_report_url": "tracker.report.files",
    "write_change_files": "tracker.report.files",
    "compare_stored": "tracker.report.formats",
    "render_comparison": "tracker.report.formats",
    "render_stored": "tracker.report.formats",
    "Notices": "tracker.report.notice",
    "draft_notices": "tracker.report.notice",
    "write_notices": "tracker.report.notice",
    "RendererMissing": "tracker.report.pdf",
    "html_to_pdf": "tracker.report.pdf",
    "render_markdown": "tracker.report.render",
    "render_report_html": "tracker.report.render",
    "render_whole_html": "tracker.report.render",
    "clause_key": "tracker.report.whole",
    "whole_document": "tracker.report.whole",
}


__getattr__ = lazy_exports(__name__, _WHERE)


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
