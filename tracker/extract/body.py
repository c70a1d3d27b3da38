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

from tracker.extract.tree import (
    DROPPED,
    Element,
    Listed,
    attributed,
    child_elements,
    has_descendant,
    kids,
    spaced_length,
)

_MAIN_SHARE = 0.6  # main/article is the root when it holds this share of the page's text
_DESCEND_SHARE = 0.85  # the walk goes into a child holding this share of its parent's text
_MAX_LINK_SHARE = 0.3  # a sibling with more of its text in links is navigation, not prose
_MIN_PROSE = 20  # characters: a lone "Download" or "Default" beside the body is a widget's label
_PROSE_TAGS = {
    "p", "ul", "ol", "dl", "table", "h2", "h3", "h4", "h5", "h6", "blockquote", "address", "div",
    "section", "span",
}  # fmt: skip

_MAIN_TAGS = frozenset({"main", "article"})

Sizes = dict[Element, tuple[int, int]]


def measure(tag: Element, sizes: Sizes) -> tuple[int, int]:
    """Fill ``sizes`` with (text length, text length inside links) for ``tag`` and its live
    descendants; a string's length is that of its words joined by single spaces."""
    # in reverse document order every element comes after its descendants: one pass, no recursion
    for node in reversed(list(tag.iter())):
        name = node.tag
        if name.__class__ is not str or name == DROPPED:
            continue  # a comment or a dropped box: only its tail is text, counted with its parent
        text = node.text
        total = spaced_length(text) if text else 0
        links = 0
        for child in node:
            child_name = child.tag
            if child_name.__class__ is str and child_name != DROPPED:
                child_total, child_links = sizes[child]
                total += child_total
                links += child_total if child_name == "a" else child_links
            tail = child.tail
            if tail:
                total += spaced_length(tail)
        sizes[node] = (total, links)
    return sizes.get(tag, (0, 0))


def _is_main_candidate(tag: Element, names: list[str]) -> bool:
    """``*[self::main or @role='main' or self::article]`` (``names``: those of its attributes
    when listed, ``tree.attributed``)."""
    return tag.tag in _MAIN_TAGS or ("role" in names and tag.get("role") == "main")


def _text(tag: Element, sizes: Sizes) -> int:
    total, links = sizes[tag]
    return total - links


def _is_prose(node: Element | str, sizes: Sizes) -> bool:
    if isinstance(node, str) or node.tag not in _PROSE_TAGS:
        return False
    total, links = sizes[node]
    if total - links < _MIN_PROSE or links > _MAX_LINK_SHARE * total:
        return False
    return not has_descendant(node, "h1")  # the page's title block stays where it is


def _siblings(chosen: Element, after: bool) -> list[Element | str]:
    """The nodes beside ``chosen`` (live elements and text), nearest first."""
    parent = chosen.getparent()
    if parent is None:
        return []
    nodes = kids(parent)
    index = next(i for i, node in enumerate(nodes) if node is chosen)
    return nodes[index + 1 :] if after else nodes[:index][::-1]


def _adjacent_prose(chosen: Element, sizes: Sizes) -> tuple[list[Element], list[Element]]:
    """The runs of prose siblings right before and right after ``chosen`` (blank text between is skipped)."""
    runs: tuple[list[Element], list[Element]] = ([], [])
    for run, after in zip(runs, (False, True), strict=True):
        for node in _siblings(chosen, after):
            if isinstance(node, str) and not node.strip():
                continue
            if not _is_prose(node, sizes):
                break
            assert not isinstance(node, str)
            run.append(node)
    runs[0].reverse()
    return runs


def find_body(root: Element, listed: Listed | None = None) -> list[Element]:
    """The elements holding the policy, in page order: the densest container and the prose beside it.
    ``listed``: ``tree.attributed`` of ``root`` or of a tree holding it, taken before or after
    the tree changed (the ``main`` candidates are read from it)."""
    sizes: Sizes = {}
    page_total, page_links = measure(root, sizes)
    if page_total == 0:
        return [root]
    page_text = page_total - page_links
    for candidate, names in attributed(root) if listed is None else listed:
        # (every element read in ``root`` is measured: what is not is no longer in it, or dropped)
        if (
            _is_main_candidate(candidate, names)
            and candidate is not root
            and candidate in sizes
            and _text(candidate, sizes) >= _MAIN_SHARE * page_text
        ):
            root = candidate
            break
    before: list[Element] = []
    after: list[Element] = []
    node = root
    while True:
        node_text = max(_text(node, sizes), 1)
        best = max(child_elements(node), key=lambda child: _text(child, sizes), default=None)
        if best is None or _text(best, sizes) < _DESCEND_SHARE * node_text:
            return [*before, node, *after]
        prose_before, prose_after = _adjacent_prose(best, sizes)
        before, after = [*before, *prose_before], [*prose_after, *after]
        node = best
