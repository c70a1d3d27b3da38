"""Same-page link lists on the corpus pages: which are tables of contents, and which reach the text.

Run: ``.venv/bin/python benchmarks/contents_lists.py [--corpus DIR] [--pages]``

For every snapshot page of the corpus (``paired`` and ``noise``, read as ``check`` reads it: the
automatic body, the document's name and URL) it finds the page's same-page link lists on its own,
without the extractor's rule: the largest elements holding two or more links to another place on
the page (``href="#…"``, a heading's link to itself aside) with at least 70 % of their text in
those links, and the paragraphs whose same-page links sit in sentences. For each list: its
entries, how many link to a target on the page, how many link texts are a heading-like text of
the page (an ``h1``–``h6``, ``strong``, ``b``, ``dt``: case, numbers and punctuation folded), the
target's own text, or open with the number of the ``h1``–``h6`` they link to, and
whether the list reaches the extracted document: for a list, half or more of its pairs of
consecutive entries are consecutive clauses (an entry's text, its number aside: a heading's own
line equal to an entry does not count); for links in sentences, the paragraph's words are in a
clause. A list is a **table of contents** when it has three or more entries,
two thirds of them with a target and a heading's text; one that is not is a **near miss**. The
totals say how many tables of contents (and pages holding one) still reach the text, and how
many near misses do, by kind.
"""

from __future__ import annotations

import argparse
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from corpus_path import FULL_CORPUS, require_corpus, snapshot_pages  # benchmarks/corpus_path.py (run as scripts)

from tracker.errors import ExtractionError
from tracker.extract.document import extract
from tracker.extract.same_page import is_same_page_link, localise_fragments
from tracker.extract.tree import Element, page_text, parse_html

_LIST_TAGS = ("ul", "ol", "div", "p", "nav", "section", "aside", "td", "table", "dl")
_HEADING_LIKE = ("h1", "h2", "h3", "h4", "h5", "h6", "strong", "b", "dt")
_NUMBER = re.compile(r"^\s*(\d+[a-z]?\.?|[IVXLC]+\.|[A-Z]\.)\s*")
_NOT_WORDS = re.compile(r"[\W\d_]+")
_LINK_SHARE = 0.7


def heading_key(text: str) -> str:
    """``text`` folded as headings are compared here: case, a leading number, digits, punctuation."""
    folded = unicodedata.normalize("NFKC", _NUMBER.sub("", text)).casefold()
    return " ".join(_NOT_WORDS.sub(" ", folded).split())


@dataclass
class Found:
    """One same-page link list of a page, as this survey reads it."""

    page: str
    tag: str
    entries: int
    targets: int
    headings: int
    kept: bool  # reaches the extracted document
    prose: bool  # the links sit in sentences

    @property
    def kind(self) -> str:
        """ "contents" or the near miss's kind."""
        if self.prose:
            return "links in sentences"
        if self.entries < 3:
            return "two links"
        if min(self.targets, self.headings) < 2 / 3 * self.entries:
            return "texts no headings" if self.targets >= 2 / 3 * self.entries else "targets missing"
        return "contents"


def _text(tag: Element) -> str:
    return " ".join(page_text(tag, " ").split())


def _links(tag: Element) -> list[Element]:
    return [
        a
        for a in tag.iter("a")
        if is_same_page_link(a) and len(a.get("href") or "") > 1 and _text(a) and not _to_itself(a)
    ]


def _to_itself(link: Element) -> bool:
    target = str(link.get("href"))[1:]
    return any(node.get("id") == target for node in link.iterancestors())


def _lists(root: Element) -> list[tuple[Element, list[Element], bool]]:
    found: list[tuple[Element, list[Element], bool]] = []
    taken: set[Element] = set()
    for tag in root.iter(*_LIST_TAGS):
        if any(up in taken for up in tag.iterancestors()):
            continue
        links = _links(tag)
        if len(links) < 2 or len(links) > 400:
            continue
        share = sum(len(_text(a)) for a in links) / max(1, len(_text(tag)))
        parent = tag.getparent()
        if share >= _LINK_SHARE:
            wider = parent is not None and parent.tag in _LIST_TAGS and len(_links(parent)) == len(links)
            if wider and sum(len(_text(a)) for a in links) >= _LINK_SHARE * len(_text(parent)):
                continue  # the list is its parent
            found.append((tag, links, False))
            taken.add(tag)
        elif tag.tag == "p":
            found.append((tag, links, True))
            taken.add(tag)
    return found + _paragraph_runs(root, taken)


def _paragraph_runs(root: Element, taken: set[Element]) -> list[tuple[Element, list[Element], bool]]:
    """Runs of two or more sibling paragraphs that are each one same-page link (as lists, by the
    run's first paragraph): a contents list written without a list around it."""
    runs: list[tuple[Element, list[Element], bool]] = []
    for parent in root.iter():
        run: list[Element] = []
        first: Element | None = None
        for child in [*parent, None]:
            links = _links(child) if child is not None and child.tag == "p" and child not in taken else []
            linked = sum(len(_text(a)) for a in links)
            if links and linked >= _LINK_SHARE * len(_text(child)) and not (child.tail or "").strip():
                run += links
                first = first if len(run) > len(links) else child
                continue
            if len(run) >= 2 and first is not None:
                runs.append((first, run, False))
            run = []
    return runs


def _names_heading(link: Element, targets: dict[str, Element], headings: set[str]) -> bool:
    key = heading_key(_text(link))
    target = targets.get(str(link.get("href"))[1:])
    if not key or key in headings or target is None:
        return bool(key) and key in headings
    if key == heading_key(_text(target)):
        return True
    number, heading_number = _NUMBER.match(_text(link)), _NUMBER.match(_text(target))
    same = number and heading_number and number[1].rstrip(".").lower() == heading_number[1].rstrip(".").lower()
    return bool(same) and target.tag in {"h1", "h2", "h3", "h4", "h5", "h6"}


def survey_page(path: Path, label: str, url: str | None, name: str) -> list[Found]:
    """The same-page link lists of one page, each with what the extractor keeps of it."""
    html = path.read_text(encoding="utf-8", errors="replace")
    root = parse_html(html)
    if root is None:
        return []
    localise_fragments(root, html, url or "")
    lists = _lists(root)
    if not lists:
        return []
    targets = {str(e.get("id")): e for e in root.iter() if isinstance(e.tag, str) and e.get("id")}
    targets |= {str(a.get("name")): a for a in root.iter("a") if a.get("name")}
    headings = {heading_key(_text(h)) for h in root.iter(*_HEADING_LIKE) if len(_text(h)) <= 200}
    try:
        document = extract(path.read_bytes(), "text/html", url=url, name=name)
        clauses = [_NUMBER.sub("", c.text).rstrip(".") for s in document.sections for c in s.clauses]
    except ExtractionError:
        clauses = []
    pairs = set(zip(clauses, clauses[1:], strict=False))
    found = []
    for tag, links, prose in lists:
        texts = [_NUMBER.sub("", _text(a)).rstrip(".") for a in links]
        if prose:
            words = _text(tag)[:60]
            kept = any(words in clause for clause in clauses)
        else:
            kept = 2 * sum(pair in pairs for pair in zip(texts, texts[1:], strict=False)) >= len(texts) - 1
        found.append(
            Found(
                page=label,
                tag=tag.tag,
                entries=len(links),
                targets=sum(str(a.get("href"))[1:] in targets for a in links),
                headings=sum(_names_heading(a, targets, headings) for a in links),
                kept=kept,
                prose=prose,
            )
        )
    return found


def main() -> None:
    """Print the survey's totals (and with ``--pages`` every list)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=FULL_CORPUS)
    parser.add_argument("--pages", action="store_true", help="print every list found")
    args = parser.parse_args()
    corpus = require_corpus(args.corpus, "contents_lists.py")
    found: list[Found] = []
    pages = 0
    for label, path, url, name in snapshot_pages(corpus):
        pages += 1
        found += survey_page(path, label, url, name)
    if args.pages:
        for item in found:
            print(
                f"{item.page} <{item.tag}> {item.kind}: entries {item.entries}, targets {item.targets}, "
                f"heading texts {item.headings}, {'kept' if item.kept else 'not in the text'}"
            )
    kinds = Counter(item.kind for item in found)
    kept = Counter(item.kind for item in found if item.kept)
    print(f"pages {pages}, same-page link lists {len(found)}")
    for kind in ["contents", "two links", "texts no headings", "targets missing", "links in sentences"]:
        holders = len({item.page for item in found if item.kind == kind})
        kept_pages = len({item.page for item in found if item.kind == kind and item.kept})
        print(
            f"  {kind:<20} lists {kinds[kind]:>4} on {holders:>3} pages; "
            f"in the extracted text: {kept[kind]:>4} lists on {kept_pages:>3} pages"
        )
    documents = {item.page.split("/")[0] for item in found if item.kind == "contents" and item.kept}
    print(f"  documents whose pages keep a table of contents: {len(documents)} {sorted(documents)}")


if __name__ == "__main__":
    main()
