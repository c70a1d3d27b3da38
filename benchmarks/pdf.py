"""PDF policies with structure: real corpus pages printed to PDF by Chromium (running header and
footer on every page), read back, and compared with the same page read as HTML.

Run: ``.venv/bin/python benchmarks/pdf.py [--corpus DIR] [--pages N]`` (needs the ``browser``
extra and Chromium, to print). For the first paired page of each of N corpus documents, with scripts,
stylesheets and images dropped (nothing may load from elsewhere): section F1 (the multiset of
section headings of the PDF reading against the HTML reading), word F1 of the PDF reading against
the HTML reading and against the archive's reference Markdown, and seconds per PDF to extract.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from collections import Counter
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
                margin = {"top": "60px", "bottom": "60px", "left": "50px", "right": "50px"}
                pdf = await page.pdf(
                    display_header_footer=True, header_template=HEADER, footer_template=FOOTER, margin=margin
                )
                out.append(pdf)
                await page.close()
            return out
        finally:
            await browser.close()


def _f1(ours: Counter[str], reference: Counter[str]) -> float:
    overlap = sum((ours & reference).values())
    if not overlap:
        return 0.0
    p, r = overlap / sum(ours.values()), overlap / sum(reference.values())
    return 2 * p * r / (p + r)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--pages", type=int, default=12)
    args = parser.parse_args(argv)
    if not (args.corpus / "MANIFEST.json").is_file():
        print(f"no corpus at {args.corpus}: put the shared corpus beside the repository or pass --corpus")
        return 2
    if browser_missing():
        print(browser_missing())
        return 2
    by_document: dict[str, object] = {}
    for candidate in load_corpus(args.corpus)[0]:  # one page per document: N different layouts
        if candidate.url:
            by_document.setdefault(candidate.document, candidate)
    corpus_pages = list(by_document.values())[: args.pages]  # type: ignore[assignment]
    htmls = []
    for page in corpus_pages:
        head, body = _offline(page.html_path.read_bytes())
        htmls.append(f"<!doctype html><html><head>{head}</head><body>{body}</body></html>")
    pdfs = asyncio.run(print_all(htmls))
    sections, vs_html, vs_reference, seconds = [], Scores(), Scores(), []
    print(f"{'page':48} {'sections html/pdf':>17} {'section F1':>10} {'word F1 vs html':>15} {'printed words':>13}")
    for page, html, pdf in zip(corpus_pages, htmls, pdfs, strict=True):
        from_html = extract(html.encode(), "text/html; charset=utf-8", url=page.url, name=page.name)
        started = time.perf_counter()
        try:
            from_pdf = extract(pdf, "application/pdf", url=page.url, name=page.name)
        except ExtractionError as exc:
            print(f"{page.html_path.name}: {exc}")
            continue
        seconds.append(time.perf_counter() - started)
        headings = [Counter(s.heading.lower() for s in d.sections if s.heading) for d in (from_html, from_pdf)]
        sections.append(_f1(headings[1], headings[0]) if headings[0] else float(not headings[1]))
        f1 = vs_html.add(tokens(from_pdf.to_markdown()), tokens(from_html.to_markdown()))
        vs_reference.add(tokens(from_pdf.to_markdown()), tokens(page.reference_path.read_text(encoding="utf-8")))
        name = f"{page.document}/{page.html_path.stem}"[:48]
        printed = from_pdf.word_count / max(from_html.word_count, 1)  # how much of the page the PDF holds at all
        print(f"{name:48} {len(from_html.sections):>8}/{len(from_pdf.sections):<8} {sections[-1]:10.3f} {f1:15.3f}"
              f" {printed:13.0%}")  # fmt: skip
    print(f"\n{len(sections)} PDFs: section F1 mean {statistics.mean(sections):.3f} (worst {min(sections):.3f}); "
          f"word F1 vs HTML {statistics.mean(vs_html.f1):.3f}, vs reference {statistics.mean(vs_reference.f1):.3f}; "
          f"{statistics.mean(seconds):.2f} s per PDF to extract")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
