"""A policy's declared CSS ``select`` and ``remove`` selectors, with soupsieve's semantics.

Users' selectors are CSS as soupsieve reads it (what ``tracker.validate`` accepts when the config
loads), so only a page that declares selectors is also parsed by beautifulsoup4. Its tree comes
from the same libxml2 parser as the lxml tree the extraction walks, element for element, so a
match is handed over as its position in document order. ``remove`` is matched on the page as
served, ``select`` on the page once ``remove`` has taken its matches out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tracker.errors import ExtractionError
from tracker.extract.tree import Element

if TYPE_CHECKING:
    from bs4 import BeautifulSoup, Tag


@dataclass
class Matches:
    """Elements of the lxml tree (in document order) matched by ``remove`` and by ``select``."""

    removed: list[Element]
    selected: list[Element]


def _first_line(exc: Exception) -> str:
    """soupsieve's messages span lines (the selector, a caret): the first says what is wrong."""
    lines = str(exc).strip().splitlines()
    return lines[0] if lines else type(exc).__name__


def _select(soup: BeautifulSoup, selector: str, source: str) -> list[Tag]:
    try:
        return list(soup.select(selector))
    except Exception as exc:  # soupsieve's SelectorSyntaxError and friends
        raise ExtractionError(
            f"{source}: invalid CSS selector {selector!r}: {_first_line(exc)}", cause="bad_selector"
        ) from None


def _pair_trees(soup: BeautifulSoup, root: Element) -> dict[int, Element]:
    """``id`` of each beautifulsoup4 tag → the same element of the lxml tree, found by walking both
    trees together (same names at the same places). beautifulsoup4 keeps markup after ``</html>``
    as a second root that lxml does not have: such tags are left out."""
    from bs4 import Tag

    pairs: dict[int, Element] = {}
    top = next((c for c in soup.children if isinstance(c, Tag)), None)
    todo = [(top, root)] if top is not None and top.name == root.tag else []
    while todo:
        tag, element = todo.pop()
        pairs[id(tag)] = element
        tags = [c for c in tag.children if isinstance(c, Tag)]
        elements = [c for c in element if isinstance(c.tag, str)]
        todo.extend((t, e) for t, e in zip(tags, elements, strict=False) if t.name == e.tag)
    return pairs


def match_selectors(html: str, root: Element, select: Sequence[str], remove: Sequence[str], source: str) -> Matches:
    """What ``remove`` and ``select`` match in the page ``html``, as elements of ``root`` (its lxml
    tree); ``ExtractionError`` (``bad_selector``) for a selector soupsieve cannot compile."""
    from bs4 import BeautifulSoup  # loaded only for a page that declares selectors

    soup = BeautifulSoup(html, "lxml")
    pairs = _pair_trees(soup, root)
    removed: list[Element] = []
    for selector in remove:  # each sees the page without what the ones before it matched
        for tag in _select(soup, selector, source):
            if id(tag) in pairs:
                removed.append(pairs[id(tag)])
            tag.decompose()
    selected: list[Element] = []
    for selector in select:
        for tag in _select(soup, selector, source):
            element = pairs.get(id(tag))
            if element is not None and not any(element is seen for seen in selected):
                selected.append(element)
    return Matches(removed, selected)
