"""The static site of a store (index, timelines, change pages, feeds) and a local server for it."""

from __future__ import annotations

from tracker.site.build import SiteStats, build_site
from tracker.site.serve import serve_site

__all__ = ["SiteStats", "build_site", "serve_site"]
