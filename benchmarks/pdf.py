"""PDF policies with structure: real corpus pages printed to PDF by Chromium (running header and
footer on every page), read back, and compared with the same page read as HTML.

Run: ``.venv/bin/python benchmarks/pdf.py [--corpus DIR] [--pages N]`` (needs the ``browser``
extra and Chromium, to print). For the first paired page of each of N corpus documents, with scripts,
stylesheets and images dropped (nothing may load from elsewhere) and every ``<details>`` opened:
section F1 (the multiset of section headings of the PDF reading against the HTML reading), word
F1 of the PDF reading against the HTML reading and against the archive's reference Markdown, and
seconds per PDF to extract. ``--printer libreoffice`` prints them with a second printer instead,
LibreOffice's Writer importing the DOM Chromium shows of each page (``libreoffice-raw``: the page's
HTML as it is), since 2026-12-04 (h16k): tuning data, as the Chromium prints of the tuning part are.

Split (fixed once, 2026-12-02, before any tuning of issue 16's PDF work): the **tuning** part is
the 12 documents this benchmark printed before then (the first 12 of the manifest with a URL,
which the earlier PDF changes were measured and tuned on); every other document is in the frozen
**evaluation** part, never tuned on. Figures are printed for both parts: mean and worst decile
(the mean of the worst tenth of pages, at least one).

Since 2026-12-07 (h16s) a third part, **own** (``--part own``): 16 privacy-policy pages written for
this benchmark (``benchmarks/data/pdf_pages/``, see its README), each a layout real policies use,
printed by the same printers and compared with their own HTML reading (they have no archive
reference, so word F1 vs reference is against the HTML reading too). Tuning data, as the tuning
part is: ``--show``, ``--only`` work on it.
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus_path import FULL_CORPUS as DEFAULT_CORPUS  # noqa: E402
from extraction import Scores, load_corpus, tokens  # noqa: E402
from rendering import _offline  # noqa: E402

from tracker.errors import ExtractionError  # noqa: E402
from tracker.extract import extract  # noqa: E402
from tracker.fetch.browser import LAUNCH_ARGS, browser_missing, find_chromium  # noqa: E402

HEADER = '<div style="font-size:9px;width:100%;text-align:center">Printed copy — <span class="title"></span></div>'
FOOTER = (
    '<div style="font-size:9px;width:100%;text-align:center">'
    'Page <span class="pageNumber"></span> of <span class="totalPages"></span></div>'
)


# A collapsed <details> prints its summary only, while the HTML reading reads what it holds (buffer's
# hub of policies printed 2 % of its words): the benchmark opens them before printing, as a reader
# saving the whole document would, so that the PDF holds the text it is compared with. Since
# 2026-12-02 19:20 UTC; PDFs kept in a --keep folder before then were printed collapsed.
OPEN_DETAILS = "document.querySelectorAll('details').forEach(d => { d.open = true; })"


async def print_all(pages: list[str]) -> list[bytes]:
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        chromium = find_chromium()
        browser = await playwright.chromium.launch(executable_path=chromium, headless=True, args=list(LAUNCH_ARGS))
        try:
            out = []
            for html in pages:
                page = await browser.new_page()
                await page.set_content(html, wait_until="load")
                await page.evaluate(OPEN_DETAILS)  # the whole document, as the HTML reading reads it
                margin = {"top": "60px", "bottom": "60px", "left": "50px", "right": "50px"}
                pdf = await page.pdf(
                    display_header_footer=True, header_template=HEADER, footer_template=FOOTER, margin=margin
                )
                out.append(pdf)
                await page.close()
            return out
        finally:
            await browser.close()


# What a browser shows of the page, for a printer that lays out HTML without its stylesheet
# (Writer's HTML import applies little CSS: a tab panel or a menu hidden by a class prints whole,
# buffer's privacy page printed 334 % of its words with its hidden terms of service): Chromium
# opens every <details> and removes what it does not render (display none, visibility hidden
# with nothing visible inside, drawings), and the shown DOM is what the printer gets.
SHOWN_DOM = """() => {
  document.querySelectorAll('details').forEach(d => { d.open = true; });
  const hidden = [];
  for (const el of document.body.querySelectorAll('*')) {
    const style = getComputedStyle(el);
    if (style.display === 'none' || el.tagName.toLowerCase() === 'svg') hidden.push(el);
    else if (style.visibility === 'hidden' && !el.querySelector('*')) hidden.push(el);
  }
  hidden.forEach(el => el.remove());
  return '<!doctype html>' + document.documentElement.outerHTML;
}"""


async def shown_all(pages: list[str]) -> list[str]:
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=find_chromium(), headless=True, args=list(LAUNCH_ARGS)
        )
        try:
            out = []
            for html in pages:
                page = await browser.new_page()
                await page.set_content(html, wait_until="load")
                out.append(await page.evaluate(SHOWN_DOM))
                await page.close()
            return out
        finally:
            await browser.close()


def soffice_print_all(pages: list[str], shown: bool = True) -> list[bytes]:
    """The pages converted to PDF by LibreOffice: Writer's HTML import ("HTML (StarWriter)", its
    own fonts, margins, heading styles and list rendering, no running header or footer) and its
    PDF export, one headless run per page with a profile of its own (parallel runs do not
    collide). ``shown``: the DOM Chromium shows of the page (``SHOWN_DOM``) rather than its HTML
    as it is. The pages hold nothing that loads from elsewhere (``_offline``)."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise SystemExit("--printer libreoffice needs LibreOffice (soffice) on PATH")
    if shown:
        pages = asyncio.run(shown_all(pages))
    with tempfile.TemporaryDirectory(prefix="pdf-bench-lo-") as tmp:
        folder = Path(tmp)
        out = []
        for n, html in enumerate(pages):
            source = folder / f"page{n:03}.html"
            source.write_text(html, encoding="utf-8")
            command = [soffice, f"-env:UserInstallation=file://{folder / 'profile'}", "--headless",
                       "--infilter=HTML (StarWriter)", "--convert-to", "pdf:writer_pdf_Export",
                       "--outdir", str(folder / "out"), str(source)]  # fmt: skip
            pdf = folder / "out" / f"{source.stem}.pdf"
            for _ in range(3):  # Writer's HTML import now and then fails to load a page it reads next time
                subprocess.run(command, capture_output=True, timeout=600, check=False)
                if pdf.is_file():
                    break
            out.append(pdf.read_bytes() if pdf.is_file() else b"")  # b"": not converted, left out
        return out


PRINTERS: dict[str, Callable[[list[str]], list[bytes]]] = {
    "chromium": lambda pages: asyncio.run(print_all(pages)),
    "libreoffice": soffice_print_all,
    "libreoffice-raw": lambda pages: soffice_print_all(pages, shown=False),
}


TUNING = frozenset(
    {
        "adopteunmec__privacy-policy", "brevo__privacy-policy", "buffer__privacy-policy",
        "coffee-meets-bagel__privacy-policy", "coffee-meets-bagel__terms-of-service",
        "disonsdemain__privacy-policy", "fruitz__privacy-policy", "grindr__privacy-policy",
        "grindr__terms-of-service", "her__privacy-policy", "her__terms-of-service", "jdate__privacy-policy",
    }
)  # fmt: skip
PARTS = ("tuning", "evaluation")
OWN_PAGES = Path(__file__).resolve().parent / "data" / "pdf_pages"


@dataclass(frozen=True)
class OwnPage:
    """One of the benchmark's own pages: its HTML is its own reference."""

    document: str
    html_path: Path
    url: str
    name: str


def own_pages(folder: Path = OWN_PAGES) -> list[OwnPage]:
    """The own part's pages, in name order (``benchmarks/data/pdf_pages/*.html``)."""
    return [
        OwnPage(f"own__{path.stem}", path, f"https://www.example.com/{path.stem}", "Example Privacy Policy")
        for path in sorted(folder.glob("*.html"))
    ]


def part_of(document: str) -> str:
    """The benchmark part a document belongs to (see the module docstring)."""
    if document.startswith("own__"):
        return "own"
    return "tuning" if document in TUNING else "evaluation"


def _decile(values: list[float]) -> float:
    ordered = sorted(values)
    return statistics.fmean(ordered[: max(1, round(len(ordered) / 10))])


def _f1(ours: Counter[str], reference: Counter[str]) -> float:
    overlap = sum((ours & reference).values())
    if not overlap:
        return 0.0
    p, r = overlap / sum(ours.values()), overlap / sum(reference.values())
    return 2 * p * r / (p + r)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--pages", type=int, default=0, help="at most N documents per part (0: all)")
    parser.add_argument("--part", choices=(*PARTS, "own", "both"), default="both")
    parser.add_argument("--keep", type=Path, help="keep the printed PDFs in DIR and reuse them on the next run")
    parser.add_argument(
        "--show", action="store_true", help="print each document's headings one reading has and the other lacks"
    )
    parser.add_argument("--only", help="only the tuning documents whose name holds this text")
    parser.add_argument("--versions", action="store_true", help="two later versions of each tuning document instead")
    parser.add_argument("--printer", choices=tuple(PRINTERS), default="chromium", help="what prints the pages to PDF")
    args = parser.parse_args(argv)
    if (args.show or args.only) and args.part not in ("tuning", "own") or args.versions and args.part != "tuning":
        print("--show and --only read the tuning or own part only, --versions the tuning part only")
        return 2
    if not (args.corpus / "MANIFEST.json").is_file():
        print(f"no corpus at {args.corpus}: put the shared corpus beside the repository or pass --corpus")
        return 2
    if args.printer == "chromium" and browser_missing():
        print(browser_missing())
        return 2
    by_document: dict[str, object] = {}
    later: dict[str, list[object]] = {}
    for candidate in load_corpus(args.corpus)[0]:  # one page per document: N different layouts
        if candidate.url:
            if candidate.document in by_document:
                later.setdefault(candidate.document, []).append(candidate)
            by_document.setdefault(candidate.document, candidate)
    if args.versions:
        by_document = _versions(later)
    if args.part == "own":
        by_document = {page.document: page for page in own_pages()}
    parts = PARTS if args.part == "both" else (args.part,)
    corpus_pages = []
    for part in parts:
        chosen = [
            p for d, p in by_document.items() if part_of(d.split("@")[0]) == part and (not args.only or args.only in d)
        ]
        corpus_pages.extend(chosen[: args.pages] if args.pages else chosen)
    htmls = []
    for page in corpus_pages:
        head, body = _offline(page.html_path.read_bytes())  # type: ignore[attr-defined]
        htmls.append(f"<!doctype html><html><head>{head}</head><body>{body}</body></html>")
    pdfs = _printed(corpus_pages, htmls, args.keep, args.versions, args.printer)
    sections: dict[str, list[float]] = {part: [] for part in parts}
    vs_html = {part: Scores() for part in parts}
    vs_reference = {part: Scores() for part in parts}
    seconds: list[float] = []
    print(f"{'page':46} {'part':4} {'sections html/pdf':>17} {'section F1':>10} {'word F1 vs html':>15}"
          f" {'printed words':>13}")  # fmt: skip
    for page, html, pdf in zip(corpus_pages, htmls, pdfs, strict=True):
        part = part_of(page.document.split("@")[0])  # type: ignore[attr-defined]
        if not pdf:
            print(f"{page.html_path.name}: not converted by the printer, left out")  # type: ignore[attr-defined]
            continue
        from_html = extract(html.encode(), "text/html; charset=utf-8", url=page.url, name=page.name)  # type: ignore[attr-defined]
        started = time.perf_counter()
        try:
            from_pdf = extract(pdf, "application/pdf", url=page.url, name=page.name)  # type: ignore[attr-defined]
        except ExtractionError as exc:
            print(f"{page.html_path.name}: {exc}")  # type: ignore[attr-defined]
            sections[part].append(0.0)
            continue
        seconds.append(time.perf_counter() - started)
        headings = [Counter(s.heading.lower() for s in d.sections if s.heading) for d in (from_html, from_pdf)]
        sections[part].append(_f1(headings[1], headings[0]) if headings[0] else float(not headings[1]))
        f1 = vs_html[part].add(tokens(from_pdf.to_markdown()), tokens(from_html.to_markdown()))
        # an own page has no archive reading: its own HTML reading is the reference
        own = part == "own"
        reference = from_html.to_markdown() if own else page.reference_path.read_text(encoding="utf-8")  # type: ignore[attr-defined]
        vs_reference[part].add(tokens(from_pdf.to_markdown()), tokens(reference))
        name = f"{page.document}/{page.html_path.stem}"[:46]  # type: ignore[attr-defined]
        printed = from_pdf.word_count / max(from_html.word_count, 1)  # how much of the page the PDF holds at all
        print(f"{name:46} {part[:4]:4} {len(from_html.sections):>8}/{len(from_pdf.sections):<8} "
              f"{sections[part][-1]:10.3f} {f1:15.3f} {printed:13.0%}")  # fmt: skip
        if args.show:
            _show(headings[0], headings[1])
    print()
    for part in parts:
        scores = sections[part]
        if not scores:
            continue
        words = statistics.fmean(vs_html[part].f1), statistics.fmean(vs_reference[part].f1)
        print(f"{part:10} {len(scores):>2} PDFs: section F1 mean {statistics.fmean(scores):.3f}, worst decile "
              f"{_decile(scores):.3f} (worst {min(scores):.3f}); word F1 vs HTML {words[0]:.3f}, "
              f"vs reference {words[1]:.3f}")  # fmt: skip
    if seconds:
        print(f"{statistics.fmean(seconds):.2f} s per PDF to extract")
    return 0


def _show(from_html: Counter[str], from_pdf: Counter[str]) -> None:
    """The headings only the PDF reading has, and those only the HTML reading has (tuning part only)."""
    for sign, only in (("+ pdf ", from_pdf - from_html), ("- html", from_html - from_pdf)):
        for heading, count in sorted(only.items()):
            print(f"    {sign} {heading[:110]!r}" + (f" ×{count}" if count > 1 else ""))


def _versions(later: dict[str, list[object]]) -> dict[str, object]:
    """Two later paired versions of each tuning document (the middle one and the last one after
    the first), keyed "document@version": more pages of the tuning part to tune on, since
    2026-12-03 (later versions of a site's page often changed its layout)."""
    out: dict[str, object] = {}
    for document, pages in later.items():
        if part_of(document) == "tuning":
            for index in sorted({len(pages) // 2, len(pages) - 1}):
                page = pages[index]
                out[f"{document}@{page.html_path.stem}"] = page  # type: ignore[attr-defined]
    return out


def _printed(
    pages: list[object], htmls: list[str], keep: Path | None, versions: bool = False, printer: str = "chromium"
) -> list[bytes]:
    """The PDFs of the pages: printed now, or read back from ``keep`` when printed there before
    (a later version's as "<document>__<version>.pdf"; another printer's in ``keep/<printer>``)."""
    print_all_of = PRINTERS[printer]
    if keep is None:
        return print_all_of(htmls)
    if printer != "chromium":
        keep = keep / printer
    keep.mkdir(parents=True, exist_ok=True)
    paths = [
        keep / (f"{page.document}__{page.html_path.stem}.pdf" if versions else f"{page.document}.pdf")  # type: ignore[attr-defined]
        for page in pages
    ]
    missing = [i for i, path in enumerate(paths) if not path.is_file()]
    if missing:
        for i, pdf in zip(missing, print_all_of([htmls[i] for i in missing]), strict=True):
            paths[i].write_bytes(pdf)
    return [path.read_bytes() for path in paths]


if __name__ == "__main__":
    sys.exit(main())
