"""Word/whole redline round trip: does Accept All give exactly the new version, Reject All the old?

Run: ``.venv/bin/python benchmarks/redline_roundtrip.py [--corpus DIR] [--show N]``

For every consecutive pair of real versions in the shared corpus (``*/versions/*.md``, parsed
with ``tracker.extract.document.extract(bytes, "text/markdown")``; a version that does not parse
is skipped and counted), it diffs the pair, builds the whole-document entries
(``tracker.report.whole.whole_document``) and the Word redline (``render_docx(..., whole=True)``),
and checks four rebuilds against the versions' own paragraphs (``document_paragraphs``: every
heading and clause, in order):

- ``accepted(entries)`` == new and ``rejected(entries)`` == old (the entries);
- the Word file read back with python-docx, every revision accepted (drop ``w:del`` and
  ``w:moveFrom``, keep the text of ``w:ins`` and ``w:moveTo``; a paragraph whose mark is deleted
  and that is left empty goes) == new, and every revision rejected (the reverse) == old.

The comparison: the body paragraphs after the cover's page break, each with its whitespace runs
collapsed to one space and stripped; the lists must be equal (same paragraphs, same order, same
count). Text is otherwise compared exactly (quotes, dates, digits). A pair round-trips when all
four rebuilds match. A failure is counted by its first kind, checked in this order:

- ``order``: the same paragraphs, in another order;
- ``empty``: equal once empty paragraphs are dropped;
- ``quotes``: equal once curly quotes and apostrophes are made straight;
- ``date``: the differing paragraphs all name a date (a "last updated" line);
- ``other``: anything else.
"""

from __future__ import annotations

import argparse
import io
import re
from collections import Counter
from pathlib import Path

import docx
from corpus_path import FULL_CORPUS, require_corpus  # benchmarks/corpus_path.py (run as scripts)

from tracker.diff import diff_documents
from tracker.errors import ExtractionError
from tracker.extract.document import extract
from tracker.models import DocumentRef
from tracker.report.docx import render_docx
from tracker.report.whole import accepted, document_paragraphs, rejected, whole_document

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
REFS = {"old_ref": DocumentRef("old"), "new_ref": DocumentRef("new")}
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u00ab": '"', "\u00bb": '"'})
_DATE = re.compile(
    r"\b(?:19|20)\d\d\b|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|janv|févr|mars|avr|mai|juin|juil|"
    r"août|sept|déc|januar|februar|märz|juni|juli|oktober|dezember)[a-zé]*\.?\b",
    re.I,
)


def norm(paragraphs: list[str]) -> list[str]:
    """Each paragraph with its whitespace runs collapsed to one space and stripped."""
    return [" ".join(p.split()) for p in paragraphs]


def word_rebuild(data: bytes, *, accept: bool) -> list[str]:
    """The Word file's body paragraphs (after the cover's page break) once every revision is
    accepted (or rejected), read back with python-docx."""
    drop = (f"{W}del", f"{W}moveFrom") if accept else (f"{W}ins", f"{W}moveTo")
    keep = (f"{W}ins", f"{W}moveTo") if accept else (f"{W}del", f"{W}moveFrom")
    body = docx.Document(io.BytesIO(data)).element.body
    out: list[str] = []
    for p in body.iterchildren(f"{W}p"):
        if p.find(f".//{W}br[@{W}type='page']") is not None:
            out = []  # the document starts after the cover's page break
            continue
        mark = p.find(f"{W}pPr/{W}rPr")
        mark_goes = mark is not None and any(child.tag in drop for child in mark)
        texts = []
        for node in p.iter(f"{W}t", f"{W}delText"):
            wrappers = [a.tag for a in node.iterancestors() if a.tag in drop + keep]
            if not any(tag in drop for tag in wrappers):
                texts.append(node.text or "")
        text = "".join(texts)
        if not (mark_goes and not text):
            out.append(text)
    return out


def failure_kind(got: list[str], want: list[str]) -> str:
    """Why two paragraph lists differ (see the module docstring); "" when they are equal."""
    if got == want:
        return ""
    if Counter(got) == Counter(want):
        return "order"
    if [p for p in got if p] == [p for p in want if p]:
        return "empty"
    if [p.translate(_QUOTES) for p in got] == [p.translate(_QUOTES) for p in want]:
        return "quotes"
    if len(got) == len(want) and all(_DATE.search(a + b) for a, b in zip(got, want, strict=True) if a != b):
        return "date"
    return "other"


def check_pair(old_path: Path, new_path: Path) -> dict[str, str]:
    """The failure kind of each rebuild of one pair ("" where it round-trips)."""
    old = extract(old_path.read_bytes(), "text/markdown")
    new = extract(new_path.read_bytes(), "text/markdown")
    diff = diff_documents(old, new, **REFS)
    entries = whole_document(diff, old, new)
    want_new, want_old = norm(document_paragraphs(new)), norm(document_paragraphs(old))
    data = render_docx(diff, old, new, whole=True)
    return {
        "entries accept": failure_kind(norm(accepted(entries)), want_new),
        "entries reject": failure_kind(norm(rejected(entries)), want_old),
        "word accept": failure_kind(norm(word_rebuild(data, accept=True)), want_new),
        "word reject": failure_kind(norm(word_rebuild(data, accept=False)), want_old),
    }


def corpus_pairs(corpus: Path) -> list[tuple[Path, Path]]:
    """Consecutive version pairs of every policy in the corpus."""
    pairs = []
    for folder in sorted(p for p in corpus.glob("*/versions") if p.is_dir()):
        versions = sorted(folder.glob("*.md"))
        pairs.extend(zip(versions, versions[1:], strict=False))
    return pairs


def main() -> None:
    """Check every pair and print the counts."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--corpus", type=Path, default=FULL_CORPUS)
    parser.add_argument("--show", type=int, default=0, help="list up to N failing pairs")
    args = parser.parse_args()
    require_corpus(args.corpus, "benchmarks/redline_roundtrip.py")
    pairs = corpus_pairs(args.corpus)
    ok, skipped = 0, 0
    by_kind: Counter[str] = Counter()
    by_rebuild: Counter[str] = Counter()
    failing: list[str] = []
    for a, b in pairs:
        try:
            results = check_pair(a, b)
        except ExtractionError:
            skipped += 1
            continue
        kinds = {rebuild: kind for rebuild, kind in results.items() if kind}
        if not kinds:
            ok += 1
            continue
        by_kind[min(kinds.values(), key=["order", "empty", "quotes", "date", "other"].index)] += 1
        by_rebuild.update(f"{rebuild} {kind}" for rebuild, kind in kinds.items())
        failing.append(f"{a.parent.parent.name}/{a.name}→{b.name}: {kinds}")
    checked = len(pairs) - skipped
    print("Word/whole redline round trip on real consecutive versions (shared corpus)")
    print(f"pairs: {len(pairs)} ({skipped} skipped: a version does not parse); checked: {checked}")
    print(f"round-trip (entries and Word file, accept-all == new, reject-all == old): {ok} of {checked}")
    print("failing pairs by first kind: " + (", ".join(f"{k} {n}" for k, n in sorted(by_kind.items())) or "none"))
    print("failures by rebuild: " + (", ".join(f"{k} {v}" for k, v in sorted(by_rebuild.items())) or "none"))
    for line in failing[: args.show]:
        print("  ", line)


if __name__ == "__main__":
    main()
