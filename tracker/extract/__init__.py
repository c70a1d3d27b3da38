"""Step 2, extract: a fetched page (HTML, Markdown, text, PDF) → a ``PolicyDocument`` of sections and
clauses, with the policy's own "last updated" date."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tracker.lazy import lazy_exports

if TYPE_CHECKING:
    from tracker.extract.document import EXTRACTOR_VERSION, extract, extract_file, slugify
    from tracker.extract.pool import extract_fetched, make_pool, pool_size

# each public name and the module that defines it, imported on first use (PEP 562): a run whose
# answers are all 304s loads neither the HTTP client's whole stack nor the extractors
_WHERE = {
    "EXTRACTOR_VERSION": "tracker.extract.document",
    "extract": "tracker.extract.document",
    "extract_file": "tracker.extract.document",
    "slugify": "tracker.extract.document",
    "extract_fetched": "tracker.extract.pool",
    "make_pool": "tracker.extract.pool",
    "pool_size": "tracker.extract.pool",
}
__getattr__ = lazy_exports(__name__, _WHERE)

__all__ = ["EXTRACTOR_VERSION", "extract", "extract_file", "slugify", "extract_fetched", "make_pool", "pool_size"]
