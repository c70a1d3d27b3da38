"""Extraction quality and speed on the real pages of the shared corpus, with two baselines.

Run: ``.venv/bin/python benchmarks/extraction.py [--corpus DIR] [--per-page] [--no-baselines]
[--without-reference-contents]``
(trafilatura comes with the ``bench`` extra: ``pip install -e '.[bench]'``).

For every corpus snapshot with a reference (``role`` ``paired`` in ``MANIFEST.json``) it extracts
the raw HTML page and compares the words of the result with the words of the reference Markdown
that Open Terms Archive extracted from the same page: tokens are lower-cased ``\\w+`` runs,
compared as multisets (markup and link targets are not words). It prints, per document and
overall, precision, recall and F1 (mean, and worst decile = the mean of the worst tenth of pages) for:

- ``auto``: ``tracker.extract.document.extract`` with automatic body detection (no selectors), given the
  page's URL and the document's name ("<service> <document type>", as a config's ``name``),
  which on a page holding several documents picks the tracked one;
- ``auto-bare``: the same without URL or name;
- ``declared``: the same with the selectors of the archive's declaration in force that day
  (range declarations ``startBefore``/``endBefore`` have no CSS equivalent: those pages use auto);
- ``visible``: all visible text (BeautifulSoup ``get_text`` minus script/style) - baseline;
- ``trafilatura``: trafilatura's main-content extraction - baseline.

Then the unseen-layout pages (``benchmarks/layout_pages.py``: consent panels, layered
policies, appended documents, sibling paragraphs; own work, split once into tuning and
evaluation): the same word figures against each page's expected text, and section F1, per split
and per class. ``--layouts-only`` runs just those.

It also prints section counts (ours vs the reference's own headings), pages/second of our
extractor, whether re-extracting the same page twice gives byte-identical output, any page that
raised, and for every ``noise`` snapshot (a re-fetch whose policy did not change) whether our
diff against its twin (the paired page with the same reference) reports no change.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from bs4 import BeautifulSoup
from corpus_path import FULL_CORPUS, require_corpus  # benchmarks/corpus_path.py (run as scripts)
from layout_pages import DATA as LAYOUT_DATA
from layout_pages import SPLITS, headings, load, section_f1

from tracker.diff.sections import diff_documents
from tracker.errors import ExtractionError
from tracker.extract.document import extract
from tracker.models import DocumentRef, PolicyDocument

REPO = Path(__file__).resolve().parent.parent
_MD_LINK_TARGET = re.compile(r"\]\([^)]*\)")
_HTML_TAG = re.compile(r"</?[a-zA-Z][^>]*>")  # <br> in the reference's Markdown tables
_EMPHASIS_UNDERSCORE = re.compile(r"(?<!\w)_+|_+(?!\w)")
_WORD = re.compile(r"\w+")
_CONTENTS_LINE = re.compile(
    r"^\s*(?:[-*+]\s+|\d+[a-z]?\\?[.)]\s+|[A-Z]\\?[.)]\s+)?(?:\d+\\?\.?\s*)?(?:\[[^\]]*\]\([^)\s]*#[^)]*\)[\s.,;|·-]*)+$"
)


@dataclass
class Page:
    """One paired snapshot: raw HTML, its reference Markdown and the selectors in force."""

    document: str
    html_path: Path
    reference_path: Path
    select: tuple[str, ...]
    remove: tuple[str, ...]
    declared_css: bool  # False when the declaration is a range the CSS API cannot express
    url: str | None  # where the page was fetched
    name: str  # "<service> <document type>", what a user would put in the config's ``name``


@dataclass
class NoisePair:
    """A noise snapshot and its twin: same reference text, so no change must be reported."""

    document: str
    noise_path: Path
    twin_path: Path


@dataclass
class Scores:
    """Per-page precision/recall/F1 of one extractor."""

    precision: list[float] = field(default_factory=list)
    recall: list[float] = field(default_factory=list)
    f1: list[float] = field(default_factory=list)

    def add(self, ours: Counter[str], reference: Counter[str]) -> float:
        overlap = sum((ours & reference).values())
        p = overlap / sum(ours.values()) if ours else 0.0
        r = overlap / sum(reference.values()) if reference else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        self.precision.append(p)
        self.recall.append(r)
        self.f1.append(f)
        return f


def tokens(text: str) -> Counter[str]:
    """The multiset of lower-cased words of a text; markup (link targets, HTML tags such as <br>,
    _emphasis_ underscores) is removed first."""
    text = _EMPHASIS_UNDERSCORE.sub(" ", _HTML_TAG.sub(" ", _MD_LINK_TARGET.sub("]", text)))
    return Counter(_WORD.findall(text.lower()))


def without_contents(markdown: str) -> str:
    """``markdown`` without its contents entries: the lines that hold nothing but links to places
    on a page (``1. [Who we are](#CH1)``, ``- [**Scope**](https://acme.example/privacy#s1)``), a
    bullet or number before them. The archive's reference keeps a page's table of contents; the extractor reads it
    as navigation (extractor 1.19)."""
    return "".join(line for line in markdown.splitlines(keepends=True) if not _CONTENTS_LINE.match(line))


def _as_tuple(value: object) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list):
        return tuple(v for v in value if isinstance(v, str))
    return ()


def load_corpus(corpus: Path) -> tuple[list[Page], list[NoisePair]]:
    """The paired pages and noise pairs named by the corpus manifest."""
    manifest = json.loads((corpus / "MANIFEST.json").read_text(encoding="utf-8"))
    pages: list[Page] = []
    noise: list[NoisePair] = []
    for document in manifest["documents"]:
        folder = corpus / document["folder"]
        twins: dict[str, Path] = {}
        for record in document["files"]:
            if record.get("role") != "paired":
                continue
            declaration = record.get("declaration_in_force") or {}
            select = declaration.get("select")
            reference = record["expected_markdown"][-1]  # a later refilter is the archive's better reading
            pages.append(
                Page(
                    document=document["folder"],
                    html_path=folder / record["file"],
                    reference_path=folder / reference,
                    select=_as_tuple(select),
                    remove=_as_tuple(declaration.get("remove")),
                    declared_css=not isinstance(select, dict),
                    url=record.get("source_url"),
                    name=f"{document['service']} {document['doc_type']}",
                )
            )
            for name in record["expected_markdown"]:
                twins.setdefault(name, folder / record["file"])
        for record in document["files"]:
            if record.get("role") == "noise":
                twin = twins.get(record["expected_markdown"][-1])
                if twin is not None:
                    noise.append(NoisePair(document["folder"], folder / record["file"], twin))
    return pages, noise


def visible_text(html: bytes) -> str:
    """Baseline: every text node of the page except script and style."""
    soup = BeautifulSoup(html, "lxml")
    for tag in soup(["script", "style"]):
        tag.decompose()
    return soup.get_text(" ")


def trafilatura_text(html: bytes) -> str:
    """Baseline: trafilatura's main-content extraction (plain text)."""
    import trafilatura

    return trafilatura.extract(html.decode("utf-8", errors="replace")) or ""


def _decile(values: Sequence[float]) -> float:
    """The mean of the worst tenth of the values (at least one)."""
    ordered = sorted(values)
    worst = ordered[: max(1, round(len(ordered) / 10))]
    return statistics.fmean(worst) if worst else 0.0


def _summary(name: str, scores: Scores) -> str:
    def pair(values: list[float]) -> str:
        return f"{statistics.fmean(values):.3f} / {_decile(values):.3f}" if values else "  -   /   -  "

    return f"{name:<12} F1 {pair(scores.f1)}   precision {pair(scores.precision)}   recall {pair(scores.recall)}"


def _extract_text(page: Page, *, declared: bool, named: bool = True) -> tuple[PolicyDocument, str]:
    select, remove = (page.select, page.remove) if declared and page.declared_css else ((), ())
    name, url = (page.name, page.url) if named else (None, None)
    document = extract(page.html_path.read_bytes(), "text/html", url=url, select=select, remove=remove, name=name)
    return document, document.to_markdown()


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=FULL_CORPUS)
    parser.add_argument("--per-page", action="store_true", help="print every page's F1")
    parser.add_argument("--no-baselines", action="store_true", help="skip the visible-text and trafilatura runs")
    parser.add_argument("--layouts-only", action="store_true", help="only the unseen-layout pages")
    parser.add_argument(
        "--without-reference-contents",
        action="store_true",
        help="leave the table of contents (lines only of links to '#...') out of each reference",
    )
    args = parser.parse_args(argv)
    if args.layouts_only:
        layout_report(args.per_page)
        return 0
    require_corpus(args.corpus, "benchmarks/extraction.py")

    pages, noise = load_corpus(args.corpus)
    runs: dict[str, Callable[[Page], str]] = {
        "auto": lambda p: _extract_text(p, declared=False)[1],
        "declared": lambda p: _extract_text(p, declared=True)[1],
        "auto-bare": lambda p: _extract_text(p, declared=False, named=False)[1],
    }
    if not args.no_baselines:
        runs["visible"] = lambda p: visible_text(p.html_path.read_bytes())
        runs["trafilatura"] = lambda p: trafilatura_text(p.html_path.read_bytes())

    overall = {name: Scores() for name in runs}
    per_document: dict[str, dict[str, Scores]] = {}
    failures: list[str] = []
    sections: dict[str, list[tuple[int, int]]] = {}
    seconds = {name: 0.0 for name in runs}
    auto_output: dict[Path, str] = {}
    for page in pages:
        reference_text = page.reference_path.read_text(encoding="utf-8")
        if args.without_reference_contents:
            reference_text = without_contents(reference_text)
        reference = tokens(reference_text)
        doc_scores = per_document.setdefault(page.document, {name: Scores() for name in runs})
        for name, run in runs.items():
            start = time.perf_counter()
            try:
                text = run(page)
            except ExtractionError as exc:
                failures.append(f"{name}: clear error: {page.html_path.relative_to(args.corpus)}: {exc}")
                text = ""
            except Exception as exc:  # noqa: BLE001 - a crash is a finding to print, not a reason to stop
                failures.append(f"{name}: CRASH: {page.html_path.relative_to(args.corpus)}: {exc!r}")
                text = ""
            seconds[name] += time.perf_counter() - start
            f1 = overall[name].add(tokens(text), reference)
            doc_scores[name].add(tokens(text), reference)
            if name == "auto":
                auto_output[page.html_path] = text
            if args.per_page:
                print(f"  {name:<11} F1 {f1:.3f}  {page.html_path.relative_to(args.corpus)}")
        if auto_output[page.html_path]:
            ours = extract(auto_output[page.html_path].encode("utf-8"), "text/markdown")
            reference_sections = extract(reference_text.encode("utf-8"), "text/markdown")
            sections.setdefault(page.document, []).append((len(ours.sections), len(reference_sections.sections)))

    print(f"corpus: {args.corpus}  ({len(pages)} paired pages, {len(per_document)} documents, {len(noise)} noise)")
    print("\nper document: mean F1 (" + " / ".join(runs) + ")  sections ours/reference (mean)")
    for document, by_run in sorted(per_document.items()):
        figures = " ".join(f"{statistics.fmean(s.f1):.3f}" for s in by_run.values())
        counts = sections.get(document, [])
        ours_mean = statistics.fmean(c[0] for c in counts) if counts else 0
        ref_mean = statistics.fmean(c[1] for c in counts) if counts else 0
        print(f"  {document:<40} {figures}   {ours_mean:5.1f}/{ref_mean:5.1f}  ({len(by_run['auto'].f1)} pages)")

    print("\noverall over pages: mean / worst decile (mean of the worst tenth of pages)")
    for name, scores in overall.items():
        print("  " + _summary(name, scores))
    print("\nspeed (pages/second, reading the file included):")
    for name, total in seconds.items():
        print(f"  {name:<12} {len(pages) / total:8.1f}" if total else f"  {name:<12} -")

    identical = sum(1 for p in pages if auto_output[p.html_path] and _auto_markdown(p) == auto_output[p.html_path])
    print(f"\nre-extraction byte-identical (auto, extracted twice): {identical}/{len(pages)} pages")

    quiet = 0
    for pair in noise:
        try:
            old = extract(pair.twin_path.read_bytes(), "text/html")
            new = extract(pair.noise_path.read_bytes(), "text/html")
        except ExtractionError as exc:
            print(f"  noise {pair.noise_path.relative_to(args.corpus)}: error {exc}")
            continue
        result = diff_documents(old, new, old_ref=DocumentRef("twin"), new_ref=DocumentRef("noise"))
        if result.has_changes:
            changed = ", ".join(c.new_heading or c.old_heading or "(preamble)" for c in result.changes[:3])
            print(f"  noise NOT quiet: {pair.noise_path.relative_to(args.corpus)} ({changed})")
        else:
            quiet += 1
    print(f"noise snapshots quiet (no change reported vs twin, auto): {quiet}/{len(noise)}")
    crashes = sum(1 for line in failures if ": CRASH: " in line)
    print(f"pages that raised: {len(failures)} ({crashes} crashes, the rest clear ExtractionErrors)")
    for line in failures:
        print(f"  {line}")
    layout_report(args.per_page)
    return 0


def _layout_page(record: dict[str, str]) -> tuple[str, str]:
    """Our reading of one layout page (title and Markdown) and its expected Markdown."""
    html = (LAYOUT_DATA / record["file"]).read_bytes()
    expected = (LAYOUT_DATA / record["expected"]).read_text(encoding="utf-8")
    try:
        document = extract(html, "text/html", url=record["url"], name=record["name"])
    except ExtractionError:
        return "", expected
    text = re.sub(r"<!-- last-updated: [^>]* -->\n*", "", document.to_markdown())  # metadata, not text
    return f"# {document.title}\n\n{text}", expected


def layout_report(per_page: bool = False) -> None:
    """Word and section figures on the unseen-layout pages, per split and class."""
    records = load(LAYOUT_DATA)
    print(f"\nunseen-layout pages: {LAYOUT_DATA.relative_to(REPO)} ({len(records)} pages, own work)")
    print("  split / class              pages  F1 mean / worst decile   precision mean / worst   section F1 mean")
    for split in SPLITS:
        by_class: dict[str, tuple[Scores, list[float]]] = {}
        for record in (r for r in records if r["split"] == split):
            ours, expected = _layout_page(record)
            for key in ("all", record["class"]):
                scores, sections = by_class.setdefault(key, (Scores(), []))
                f1 = scores.add(tokens(ours), tokens(expected))
                sections.append(section_f1(headings(ours), headings(expected)))
            if per_page:
                print(f"    F1 {f1:.3f}  sections {sections[-1]:.3f}  {record['file']}")
        for key, (scores, sections) in sorted(by_class.items(), key=lambda item: item[0] != "all"):
            print(
                f"  {split + ' / ' + key:<28} {len(scores.f1):>4}  {statistics.fmean(scores.f1):.3f} / "
                f"{_decile(scores.f1):.3f}           {statistics.fmean(scores.precision):.3f} / "
                f"{_decile(scores.precision):.3f}          {statistics.fmean(sections):.3f}"
            )


def _auto_markdown(page: Page) -> str | None:
    try:
        return _extract_text(page, declared=False)[1]
    except ExtractionError:
        return None


if __name__ == "__main__":
    sys.exit(main())
