"""Finding the policy body automatically: the element holding most of the page's non-link text,
and the prose beside it.

``main``/``[role=main]``/``article`` is the root when it holds most of the text; from there the
walk goes down into the child holding nearly all of it while there is one (link text does not
count, so menus and link lists do not pull the body their way). A layout often sets the last
clauses (a representative's address, a closing paragraph) or an intro beside that child rather
than in it: at every step down, the run of prose siblings next to the chosen child — paragraphs,
lists, headings, tables, text boxes that are not mostly links — is kept with it, in page order.
"""

from __future__ import annotations

from bs4 import NavigableString, Tag
from bs4.element import PreformattedString

_MAIN_SHARE = 0.6  # main/article is the root when it holds this share of the page's text
_DESCEND_SHARE = 0.85  # the walk goes into a child holding this share of its parent's text
_MAX_LINK_SHARE = 0.3  # a sibling with more of its text in links is navigation, not prose
_MIN_PROSE = 20  # characters: a lone "Download" or "Default" beside the body is a widget's label
_PROSE_TAGS = {
    "p", "ul", "ol", "dl", "table", "h2", "h3", "h4", "h5", "h6", "blockquote", "address", "div",
    "section", "span",
}  # fmt: skip

Sizes = dict[int, tuple[int, int]]


def measure(tag: Tag, sizes: Sizes) -> tuple[int, int]:
    """Fill ``sizes`` with (text length, text length inside links) for ``tag`` and its descendants."""
    total = links = 0
    for child in tag.children:
        if isinstance(child, Tag):
            child_total, child_links = measure(child, sizes)
            total += child_total
            links += child_total if child.name == "a" else child_links
        elif isinstance(child, NavigableString) and not isinstance(child, PreformattedString):
            total += len(" ".join(child.split()))
    sizes[id(tag)] = (total, links)
    return total, links


def _text(tag: Tag, sizes: Sizes) -> int:
    total, links = sizes[id(tag)]
    return total - links


def _is_prose(node: object, sizes: Sizes) -> bool:
    if not isinstance(node, Tag) or node.name not in _PROSE_TAGS:
        return False
    total, links = sizes[id(node)]
    if total - links < _MIN_PROSE or links > _MAX_LINK_SHARE * total:
        return False
    return node.find("h1") is None  # the page's title block stays where it is


def _adjacent_prose(chosen: Tag, sizes: Sizes) -> tuple[list[Tag], list[Tag]]:
    """The runs of prose siblings right before and right after ``chosen`` (blank text between is skipped)."""
    runs: tuple[list[Tag], list[Tag]] = ([], [])
    for run, siblings in zip(runs, (chosen.previous_siblings, chosen.next_siblings), strict=True):
        for node in siblings:
            if isinstance(node, NavigableString) and not node.strip():
                continue
            if not _is_prose(node, sizes):
                break
            assert isinstance(node, Tag)
            run.append(node)
    runs[0].reverse()
    return runs


def find_body(root: Tag) -> list[Tag]:
    """The elements holding the policy, in page order: the densest container and the prose beside it."""
    sizes: Sizes = {}
    page_total, page_links = measure(root, sizes)
    if page_total == 0:
        return [root]
    page_text = page_total - page_links
    for candidate in root.select("main, [role=main], article"):
        if _text(candidate, sizes) >= _MAIN_SHARE * page_text:
            root = candidate
            break
    before: list[Tag] = []
    after: list[Tag] = []
    node = root
    while True:
        node_text = max(_text(node, sizes), 1)
        best = max(node.find_all(True, recursive=False), key=lambda child: _text(child, sizes), default=None)
        if best is None or _text(best, sizes) < _DESCEND_SHARE * node_text:
            return [*before, node, *after]
        prose_before, prose_after = _adjacent_prose(best, sizes)
        before, after = [*before, *prose_before], [*prose_after, *after]
        node = best
