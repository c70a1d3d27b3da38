"""Empty headings of the extracted corpus pages, and the labels of the contents lists removed.

Run: ``.venv/bin/python benchmarks/contents_labels.py [--corpus DIR] [--pages]``

For every snapshot page of the corpus (``paired`` and ``noise``, read as ``check`` reads it) it
extracts the document and counts its **empty headings**: sections with a heading and no clause.
With ``--pages`` it prints each (page, heading). It also reads the page as the extractor's
``tracker.extract.contents`` does and prints the **labels** it takes with a removed table of
contents (the short line right before the list: "Contents", « Sommaire », „Inhalt“), when the
running extractor has that rule. Run it from a checkout of the version before the rule
(``PYTHONPATH=<archive>``) to get the figures before.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from corpus_path import FULL_CORPUS, require_corpus, snapshot_pages  # benchmarks/corpus_path.py (run as scripts)

from tracker.errors import ExtractionError
from tracker.extract import contents
from tracker.extract.document import extract
from tracker.extract.tree import parse_html


def empty_headings(path: Path, url: str | None, name: str) -> list[str]:
    """The headings of the extracted document with no clause under them."""
    try:
        document = extract(path.read_bytes(), "text/html", url=url, name=name)
    except ExtractionError:
        return []
    return [s.heading for s in document.sections if s.heading and not s.clauses]


def labels(path: Path) -> tuple[int, list[str] | None]:
    """How many contents lists ``contents.py`` removes from the raw page, and their labels (None
    when the extractor has no such rule)."""
    root = parse_html(path.read_text(encoding="utf-8", errors="replace"))
    if root is None:
        return 0, []
    finder = getattr(contents, "contents_labels", None)
    found = None if finder is None else list(finder(root))
    return contents.remove_contents_lists(root), found


def main() -> None:
    """Print the totals (and with ``--pages`` every empty heading and label)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=FULL_CORPUS)
    parser.add_argument("--pages", action="store_true", help="print every empty heading and label")
    args = parser.parse_args()
    corpus = require_corpus(args.corpus, "contents_labels.py")
    pages = empty = holders = labelled = found = lists = listed = 0
    for label, path, url, name in snapshot_pages(corpus):
        pages += 1
        headings = empty_headings(path, url, name)
        empty += len(headings)
        holders += bool(headings)
        runs, taken = labels(path)
        lists += runs
        listed += bool(runs)
        if taken:
            labelled += 1
            found += len(taken)
        if args.pages:
            for heading in headings:
                print(f"{label}\tempty heading\t{heading}")
            for text in taken or []:
                print(f"{label}\tlabel taken\t{text}")
    print(f"pages {pages}; empty headings {empty} on {holders} pages")
    rule = f"labelled: {found} on {labelled} pages" if hasattr(contents, "contents_labels") else "no label rule"
    print(f"contents lists removed (raw page): {lists} on {listed} pages; {rule}")


if __name__ == "__main__":
    main()
