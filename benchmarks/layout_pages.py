"""The unseen-layout page set: four failure classes of automatic extraction, built for this
project (own work) with the expected text of each page, split once into tuning and evaluation.

The pages were written before the extraction rules for them, and the evaluation pages use
markup idioms (consent managers, overview widgets, openings of appended documents, sibling
arrangements) and text that the tuning pages do not. ``python benchmarks/layout_pages.py``
rewrites ``benchmarks/data/layouts/`` (deterministic); ``benchmarks/extraction.py`` scores them.

Scores per page: word precision/recall/F1 as for the corpus (lower-cased ``\\w+`` multisets of
the title and Markdown), and section F1 (the set of section headings, case-folded).
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from layout_appended import appended_pages
from layout_consent import consent_pages
from layout_layered import layered_pages
from layout_siblings import sibling_pages
from layout_types import LayoutPage

DATA = Path(__file__).resolve().parent / "data" / "layouts"
SPLITS = ("tuning", "evaluation")
_HEADING = re.compile(r"^#{1,6} (.+)$", re.MULTILINE)


def build(split: str) -> list[LayoutPage]:
    """Every page of one split, in a stable order."""
    return [*consent_pages(split), *layered_pages(split), *appended_pages(split), *sibling_pages(split)]


def write(root: Path = DATA) -> int:
    """Write every page (``.html``), its expected text (``.md``) and ``pages.json``; returns the count."""
    records = []
    for split in SPLITS:
        folder = root / split
        folder.mkdir(parents=True, exist_ok=True)
        for page in build(split):
            (folder / f"{page.name}.html").write_text(page.html, encoding="utf-8")
            (folder / f"{page.name}.md").write_text(page.expected_markdown, encoding="utf-8")
            records.append({"file": f"{split}/{page.name}.html", "expected": f"{split}/{page.name}.md",
                            "class": page.layout_class, "split": split, "url": page.url,
                            "name": page.document_name})  # fmt: skip
    (root / "pages.json").write_text(json.dumps({"pages": records}, indent=1) + "\n", encoding="utf-8")
    return len(records)


def load(root: Path = DATA) -> list[dict[str, str]]:
    """The page records of ``pages.json``."""
    return list(json.loads((root / "pages.json").read_text(encoding="utf-8"))["pages"])


def headings(markdown: str) -> set[str]:
    """The case-folded section headings of a Markdown text (the title line aside)."""
    found = [h.strip().casefold() for h in _HEADING.findall(markdown)]
    return set(found[1:]) if found else set()


def section_f1(ours: set[str], expected: set[str]) -> float:
    """F1 of two sets of headings (1.0 when both are empty)."""
    if not ours and not expected:
        return 1.0
    overlap = len(ours & expected)
    return 2 * overlap / (len(ours) + len(expected)) if overlap else 0.0


if __name__ == "__main__":
    print(f"{write()} pages written to {DATA}")
    sys.exit(0)
