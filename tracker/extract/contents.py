"""A table of contents: a run of same-page links naming the page's own headings is navigation.

A list whose entries are only links to places on the same page ("1. <a href="#CH1">Who we
are</a>"), whose targets are on the page and whose texts are the page's headings, repeats the
headings: kept, it becomes a clause of the policy that "changes" whenever an entry does. It is
taken out, one or several, whatever its markup: an ``ol``/``ul``, a ``div`` of links, a ``p`` of
links between ``<br>``s, a run of paragraphs each holding one entry, a table of them.

What stays: fewer than ``MIN_ENTRIES`` entries (a "skip to content" pair, a legal hub's two
parts), an entry with words outside its link (a summary sentence with links in it, a glossary's
definitions), links whose texts are no heading of the page (sentences, footnote numbers), a
heading that links to itself (a permalink), and anything when the runs would hold half the page.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable, Iterator

from lxml import etree

from tracker.extract.contents_label import Label, label_before
from tracker.extract.same_page import is_same_page_link
from tracker.extract.tree import (
    Element,
    Listed,
    attached,
    attributed,
    is_live,
    page_pieces,
    page_text,
    visible_strings,
)

__all__ = ["MIN_ENTRIES", "PageHeadings", "contents_labels", "heading_key", "remove_contents_lists"]

# On the development corpus the same-page link lists of two entries are "skip to search / skip
# to content" pairs and a two-link "see section X or Y" line, none of them naming headings, and
# the smallest table of contents has seven entries; three keeps a jump pair ("Your rights |
# Contact") and a legal hub's two-part contents as text and takes any list that names three
# headings, which is navigation at any length.
MIN_ENTRIES = 3
_MATCHED_SHARE = 2 / 3  # of the entries: a target on the page and a heading's text
_MAX_SHARE = 0.5  # the runs removed hold less than this share of the page's text
_MAX_HEADING = 200
_STOPS = frozenset({"body", "html", "main", "article"})  # an entry never grows into one of these
_HEADING_LIKE = ("h1", "h2", "h3", "h4", "h5", "h6", "strong", "b", "dt", "summary", "caption")
# what a line of entries holds besides its links: numbering ("1.", "2a)", "IV.", "B."), separators
_LEFTOVER = re.compile(r"(?:[\W\d_]|(?<![^\W\d_])(?:[ivxlcdm]+|[a-z])[.)])*", re.IGNORECASE)
_NUMBERING = re.compile(r"^\s*(?:\d+[a-z]?[.)]?|(?:[ivxlcdm]+|[a-z])[.)])\s*", re.IGNORECASE)
_LABEL = re.compile(r"^\s*(\d+(?:\.\d+)*[a-z]?|[ivxlcdm]+(?=[.)])|[a-z](?=[.)]))[.)]?\s", re.IGNORECASE)
_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
_NOT_WORDS = re.compile(r"[\W\d_]+")
_READ_TEXT = etree.XPath("descendant-or-self::text()[not(parent::script or parent::style)]", smart_strings=False)
_WITH_ID = etree.XPath("descendant-or-self::*[@id] | descendant-or-self::a[@name]")


def heading_key(text: str) -> str:
    """``text`` as a heading is compared: case, a leading number, digits and punctuation folded
    away ("1. Qui sommes-nous ?" and "Qui sommes-nous" are one heading)."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(_NOT_WORDS.sub(" ", _NUMBERING.sub("", folded, count=1)).split())


def _links(listed: Listed, root: Element) -> list[Element]:
    """The page's links with text to another place on it (``href="#…"``, not a bare ``#``, not a
    heading's link to itself)."""
    found = []
    for tag, names in listed:
        if not (tag.tag == "a" and "href" in names and is_same_page_link(tag) and len(tag.get("href") or "") > 1):
            continue
        if attached(tag, root) and not _links_to_itself(tag) and any(p.strip() for p in page_pieces(tag)):
            found.append(tag)
    return found


def _links_to_itself(link: Element) -> bool:
    """``<h2 id="scope"><a href="#scope">Scope</a></h2>``: a permalink, no contents entry."""
    target = str(link.get("href"))[1:]
    if target in (link.get("id"), link.get("name")):
        return True
    return any(node.get("id") == target for node in link.iterancestors())


def _in_link(holder: Element, top: Element) -> bool:
    """Whether a string held by ``holder`` (inside ``top``) is the text of a same-page link."""
    node: Element | None = holder
    while node is not None:
        if node.tag == "a" and is_same_page_link(node):
            return True
        if node is top:
            return False
        node = node.getparent()
    return False


def _only_links(tag: Element) -> bool:
    """Whether every word of ``tag`` is in a same-page link (numbering and separators aside)."""
    return all(_LEFTOVER.fullmatch(text) or _in_link(holder, tag) for text, holder in visible_strings(tag))


def _entry(link: Element, root: Element, only: Callable[[Element], bool]) -> Element:
    """The largest element around ``link`` holding nothing but same-page links."""
    member = link
    parent = member.getparent()
    while parent is not None and parent is not root and parent.tag not in _STOPS and only(parent):
        member, parent = parent, parent.getparent()
    return member


def _runs(parent: Element, members: set[Element]) -> Iterator[list[Element]]:
    """The runs of consecutive ``members`` among ``parent``'s children: separators, ``<br>`` and
    empty elements between them continue a run, any word or other element ends it."""
    run: list[Element] = []
    for child in parent:
        if child in members:
            run.append(child)
        elif is_live(child) and any(piece.strip() for piece in page_pieces(child)):
            if run:
                yield run
            run = []
        if child.tail and not _LEFTOVER.fullmatch(child.tail):
            if run:
                yield run
            run = []
    if run:
        yield run


class PageHeadings:
    """The page's targets by id or name and, read on first use, the keys of its heading-like texts
    (made when a run long enough to be a table of contents is found): what a contents entry names."""

    def __init__(self, root: Element, listed: Listed | None = None) -> None:
        self.root = root
        self.listed = listed

    @functools.cached_property
    def targets(self) -> dict[str, Element]:
        """The page's elements by ``id`` (and ``a`` by ``name``), the first of each: read from
        ``listed`` when given (``tree.attributed``: what a rule since removed is checked on use)."""
        targets: dict[str, Element] = {}
        if self.listed is None:
            for tag in _WITH_ID(self.root):
                targets.setdefault(str(tag.get("id") or tag.get("name")), tag)
            return targets
        for tag, names in self.listed:
            if "id" in names and tag.get("id") is not None:
                targets.setdefault(str(tag.get("id")), tag)
            elif tag.tag == "a" and "name" in names and tag.get("name") is not None:
                targets.setdefault(str(tag.get("name")), tag)
        return targets

    @functools.cached_property
    def keys(self) -> set[str]:
        """The keys of the page's headings and bold, term and caption lines."""
        texts = (_opening(tag) for tag in self.root.iter(*_HEADING_LIKE))
        return {heading_key(text) for text in texts if len(text) <= _MAX_HEADING} - {""}

    def name_headings(self, links: list[Element]) -> bool:
        """Whether two thirds or more of ``links`` lead to a place on the page named by their text:
        the target's own text or number first, the page's headings (read once) for the rest."""
        needed = _MATCHED_SHARE * len(links)
        aimed = [(link, target) for link in links if (target := self._target(link)) is not None]
        if len(aimed) < needed:
            return False
        rest = [link for link, target in aimed if not _names_target(link, target)]
        named = len(aimed) - len(rest)
        return named >= needed or named + sum(heading_key(page_text(link, " ")) in self.keys for link in rest) >= needed

    def _target(self, link: Element) -> Element | None:
        """The place on the page ``link`` leads to; None when there is none, or it holds the link."""
        target = self.targets.get(str(link.get("href"))[1:])
        if target is None or target is link or any(target is up for up in link.iterancestors()):
            return None
        return target if self.listed is None or attached(target, self.root) else None


def _names_target(link: Element, target: Element) -> bool:
    """The link's text is its target's (or opens it: the section whose heading it is), or opens
    with the number of the heading it leads to ("4. Disclosure" for an ``h2`` "4. Disclosing your
    data", contents worded apart from it)."""
    text = page_text(link, " ")
    key = heading_key(text)
    if not key:
        return False
    heading = _opening(target)
    opening = heading_key(heading)
    if opening == key or opening.startswith(f"{key} "):  # the target, or the section it opens
        return True
    number = _LABEL.match(text)
    return number is not None and target.tag in _HEADINGS and number[1].lower() == _label(heading)


def _label(text: str) -> str | None:
    """The number or letter that opens ``text`` ("4" of "4. Disclosure", "b" of "B. UK"), lower-cased."""
    found = _LABEL.match(text)
    return found[1].lower() if found else None


def _opening(tag: Element) -> str:
    """The text of ``tag`` with its words joined by single spaces, read no further than a heading's
    length (a target may be the whole section the heading opens)."""
    pieces: list[str] = []
    size = 0
    for piece in page_pieces(tag):
        pieces.append(piece)
        size += len(piece)
        if size > 2 * _MAX_HEADING:
            break
    return " ".join(" ".join(pieces).split())


def remove_contents_lists(root: Element, listed: Listed | None = None) -> int:
    """Empty every run of same-page links that is a table of contents (the text after it kept),
    and its label ("Contents", « Sommaire ») when it has one (``contents_labels``); returns how
    many runs. ``listed``: ``tree.attributed(root)``, taken before the rules ran."""
    found = _contents_runs(root, listed)
    labels = [label for run in found if (label := _run_label(run, root)) is not None]
    for run in found:
        _remove(run)
    for label in labels:
        label.remove()
    return len(found)


def contents_labels(root: Element, listed: Listed | None = None) -> list[str]:
    """The texts of the labels ``remove_contents_lists`` would take with the page's tables of
    contents, the page left as it is."""
    return [label.text for run in _contents_runs(root, listed) if (label := _run_label(run, root)) is not None]


def _contents_runs(root: Element, listed: Listed | None) -> list[list[Element]]:
    """The runs of same-page links of the page that are tables of contents (none when they would
    hold half the page)."""
    links = _links(attributed(root) if listed is None else listed, root)
    if len(links) < MIN_ENTRIES:
        return []
    only = functools.cache(_only_links)
    by_parent: dict[Element, set[Element]] = {}
    entries: dict[Element, list[Element]] = {}
    for link in links:
        member = _entry(link, root, only)
        parent = member.getparent()
        if parent is not None:
            by_parent.setdefault(parent, set()).add(member)
            entries.setdefault(member, []).append(link)
    headings: PageHeadings | None = None  # (read only when a run is long enough)
    found: list[list[Element]] = []
    for parent, members in by_parent.items():
        for run in _runs(parent, members):
            run_links = [link for member in run for link in entries[member]]
            if len(run_links) < MIN_ENTRIES:
                continue
            headings = headings or PageHeadings(root, listed)
            if headings.name_headings(run_links):
                found.append(run)
    if found and sum(_size(member) for run in found for member in run) >= _MAX_SHARE * _size(root):
        return []
    return found


def _run_label(run: list[Element], root: Element) -> Label | None:
    """The label right before ``run``; an entry's own text is none."""
    entries = {heading_key(page_text(link, " ")) for member in run for link in member.iter("a")}
    label = label_before(run[0], run[-1], root)
    return None if label is None or heading_key(label.text) in entries else label


def _size(tag: Element) -> int:
    """How many characters of text ``tag`` holds, spaces included (read by libxml2)."""
    return sum(map(len, _READ_TEXT(tag)))


def _remove(run: list[Element]) -> None:
    """Empty the run's entries, keeping each element, its attributes and a tail with words in it;
    the numbering and separators between the entries go with them."""
    first = run[0]
    before = first.getprevious()
    if before is None:
        parent = first.getparent()
        if parent is not None and parent.text and parent.text.strip() and _LEFTOVER.fullmatch(parent.text):
            parent.text = None
    elif before.tail and before.tail.strip() and _LEFTOVER.fullmatch(before.tail):
        before.tail = None
    last = run[-1]
    node: Element | None = first
    while node is not None:
        node.text = None
        for child in list(node):
            node.remove(child)
        if node.tail and node.tail.strip() and _LEFTOVER.fullmatch(node.tail):
            node.tail = None
        if node is last:
            break
        node = node.getnext()
