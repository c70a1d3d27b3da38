"""Step 2, extract: a fetched page (HTML, Markdown, text, PDF) → a ``PolicyDocument`` of sections and
clauses, with the policy's own "last updated" date."""

from __future__ import annotations

from tracker.extract.document import EXTRACTOR_VERSION, extract, extract_file, slugify
from tracker.extract.pool import extract_fetched, make_pool, pool_size

__all__ = ["EXTRACTOR_VERSION", "extract", "extract_file", "slugify", "extract_fetched", "make_pool", "pool_size"]
