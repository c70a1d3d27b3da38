"""Step 6, report: the redline (HTML, Markdown), notice drafts, Atom feeds, and the one writer of a
change's files."""

from __future__ import annotations

from tracker.report.compare import compare_versions, format_diff
from tracker.report.drafts import PolicyNotices, draft_policy_notices
from tracker.report.feed import build_feed, write_feeds
from tracker.report.files import ChangeFiles, published_report_url, write_change_files
from tracker.report.notice import Notices, draft_notices, write_notices
from tracker.report.render import render_markdown, render_report_html

__all__ = [
    "render_markdown",
    "render_report_html",
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
