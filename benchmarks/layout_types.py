"""One labelled page of the unseen-layout set (``benchmarks/layout_pages.py``)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class LayoutPage:
    """A page, its class and split, and what a careful reader takes from it as the policy."""

    name: str
    layout_class: str  # consent_panel, layered, appended_document, adjacent_siblings
    split: str  # tuning or evaluation
    html: str
    expected_markdown: str
    url: str
    document_name: str  # the config's ``name``
