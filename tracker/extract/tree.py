"""The parsed HTML tree (lxml elements) and the few ways extraction reads it.

The page is parsed once by libxml2 (``lxml.etree.HTMLParser``, the parser beautifulsoup4 used
through its lxml builder, so the elements are the same) and walked directly: building Python
objects for every node costs ~20× the parse. Text lives in ``element.text`` and in each child's
``tail``; ``kids`` yields it as separate strings in document order, the way the page's text
nodes are.

An element dropped as noise is not unlinked (that would glue the text before and after it into
one string) but emptied and renamed ``DROPPED``: the strings on either side stay apart, and
nothing searches into it. Comments (and processing instructions, which libxml2's HTML parser
reads as comments) are skipped wherever text is read.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TypeAlias

from lxml import etree
from lxml.etree import _Element as Element

DROPPED = "x-dropped"  # the tag of an element removed as noise (a name no HTML page uses)
Node: TypeAlias = Element | str


def parse_html(html: str) -> Element | None:
    """The page's root (``html``) element, or None for a page without any markup or text."""
    parser = etree.HTMLParser(recover=True)
    try:  # fed, not ``fromstring``: a text page may start with an XML declaration naming a charset
        parser.feed(html)
        return parser.close()
    except etree.LxmlError:  # nothing to parse
        return None


def is_live(element: Element) -> bool:
    """An element of the page that is read: not a comment and not dropped."""
    tag = element.tag
    return isinstance(tag, str) and tag != DROPPED


def drop(element: Element) -> None:
    """Remove ``element`` and everything inside it from the reading, keeping the text after it."""
    element.clear(keep_tail=True)
    element.tag = DROPPED


def kids(element: Element) -> list[Node]:
    """The element's children in order: live elements and text strings (never empty)."""
    text = element.text  # (lxml builds a new string at every read: read each once)
    nodes: list[Node] = [text] if text else []
    for child in element:
        tag = child.tag
        if tag.__class__ is str and tag != DROPPED:  # is_live, inline: this runs for every node of a page
            nodes.append(child)
        tail = child.tail
        if tail:
            nodes.append(tail)
    return nodes


def child_elements(element: Element, names: frozenset[str] | set[str] | None = None) -> list[Element]:
    """The element's live child elements (only those named in ``names``, when given)."""
    if names is None:
        return [c for c in element if (tag := c.tag).__class__ is str and tag != DROPPED]  # (is_live)
    if DROPPED in names:
        return [c for c in element if is_live(c) and c.tag in names]
    return [c for c in element if c.tag in names]  # (named so, a child is neither a comment nor dropped)


def text_content(element: Element, separator: str = "", strip: bool = False) -> str:
    """The text inside ``element``: its strings joined by ``separator`` (each stripped and the blank
    ones left out, with ``strip``)."""
    if strip:
        return separator.join(s.strip() for s in element.itertext() if s.strip())
    return separator.join(element.itertext())


def is_collapsed(text: str) -> bool:
    """Whether ``" ".join(text.split())`` is ``text`` itself: every str.isspace character but the
    space is unprintable, so a printable text with no double, leading or trailing space already
    has its words apart by single spaces (most lines: splitting would only build them and join them)."""
    return text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " "


def spaced_length(text: str) -> int:
    """The length of ``text``'s words joined by single spaces."""
    return len(text) if is_collapsed(text) else len(" ".join(text.split()))


def owned_strings(element: Element) -> Iterator[tuple[str, Element]]:
    """Every text string inside ``element`` with the element that holds it."""
    for node in element.iter():
        if node is not element and node.tail:
            parent = node.getparent()
            if parent is not None:
                yield node.tail, parent
        if is_live(node) and node.text:
            yield node.text, node


_FEW_DESCENDANTS = 8  # looked at one by one; beyond them libxml2 matches the names


def has_descendant(element: Element, names: frozenset[str] | set[str] | list[str] | tuple[str, ...] | str) -> bool:
    """Whether an element named in ``names`` is inside ``element`` (``element`` itself not counted)."""
    if not len(element):  # no children (most inline elements): nothing inside
        return False
    wanted = frozenset((names,)) if isinstance(names, str) else names
    # Most elements asked about hold a few nodes: comparing their names here costs less than
    # setting up libxml2's matcher of the names (``iter(*names)``), which a larger one needs.
    for seen, node in enumerate(element.iterdescendants()):
        if node.tag in wanted:
            return True
        if seen == _FEW_DESCENDANTS:
            return any(node is not element for node in element.iter(*wanted))
    return False


_ATTRIBUTED = etree.XPath("descendant-or-self::*[@* or self::main or self::article]")
Listed: TypeAlias = list[tuple[Element, list[str]]]


def attributed(root: Element) -> Listed:
    """The elements of the tree under ``root`` (``root`` included) that carry an attribute, and
    every ``main`` and ``article``, in page order, each with the names of its attributes then.

    One search of the tree, from which the rules read their candidates (elements with a class or
    id, anchors, hidden boxes ...) by their attributes: libxml2 costs about as much for each
    rule's own search (~0.3 ms on a corpus page) as for this one. The list is taken once and not
    kept up to date: an element a rule removes afterwards, or one inside it, stays in it (a rule
    run later checks ``attached`` before it reads or changes such an element), and each rule
    reads the attributes it asks about as they are when it runs. The names let a rule skip the
    reads (each ``get`` costs as much as reading all the names) of attributes an element did not
    have: the rules take attributes away or add their own mark (``layout.PART_OPENING``), never
    another one, so an element has no attribute now that is not named here but that mark."""
    return [(element, element.keys()) for element in _ATTRIBUTED(root)]


def first(root: Element, name: str) -> Element | None:
    """The first element called ``name`` in the tree under ``root`` (``root`` included)."""
    return next(root.iter(name), None)


def attached(element: Element, root: Element) -> bool:
    """Whether ``element`` is still read as part of ``root``'s tree (not dropped, not inside a dropped box)."""
    node: Element | None = element
    while node is not None:
        if not is_live(node):
            return False
        if node is root:
            return True
        node = node.getparent()
    return False


_HIDDEN_TEXT = frozenset({"script", "style", "template"})  # their text is not the page's text


def visible_strings(element: Element) -> Iterator[tuple[str, Element]]:
    """The strings of ``element`` a reader sees, in order, each with the element holding it: not
    those of comments or inside ``script``, ``style`` or ``template`` (beautifulsoup4's ``strings``
    before noise removal)."""
    if element.tag in _HIDDEN_TEXT or next(element.iterancestors(*_HIDDEN_TEXT), None) is not None:
        return
    yield from _visible(element)


def _visible(element: Element) -> Iterator[tuple[str, Element]]:
    # depth first with a stack of the elements being read (a recursive generator passes every
    # string up through one generator per level): an element's text, its children's strings,
    # then its tail, held by its parent
    if element.text:
        yield element.text, element
    stack = [(element, iter(element))]
    while stack:
        holder, children = stack[-1]
        for child in children:
            if is_live(child) and child.tag not in _HIDDEN_TEXT:
                if child.text:
                    yield child.text, child
                stack.append((child, iter(child)))
                break  # its children first
            if child.tail:
                yield child.tail, holder
        else:
            stack.pop()
            if stack and holder.tail:
                yield holder.tail, stack[-1][0]


def page_strings(element: Element) -> Iterator[str]:
    """The strings of ``element`` a reader sees (``visible_strings`` without their holders)."""
    return (text for text, _ in visible_strings(element))


def page_pieces(element: Element) -> Iterator[str]:
    """The strings ``page_strings`` yields, in order, with perhaps empty ones between them: read
    by libxml2 (``itertext``, which skips comments' text as ``page_strings`` does) when nothing
    inside ``element`` hides its text; for readers that measure them or join them without a
    separator, to whom an empty string is nothing."""
    if element.tag in _HIDDEN_TEXT or next(element.iterancestors(*_HIDDEN_TEXT), None) is not None:
        return iter(())
    if not has_descendant(element, _HIDDEN_TEXT):
        return element.itertext()
    return (text for text, _ in _visible(element))


def page_text(element: Element, separator: str = "", strip: bool = False) -> str:
    """``text_content`` of the strings a reader sees (``page_strings``)."""
    if strip:
        return separator.join(s.strip() for s in page_pieces(element) if s.strip())
    return separator.join(page_pieces(element) if not separator else page_strings(element))


def ancestor_named(element: Element, names: frozenset[str] | set[str], itself: bool = False) -> Element | None:
    """The nearest ancestor of ``element`` (or ``element`` itself, with ``itself``) named in ``names``."""
    if itself and element.tag in names:
        return element
    if not names:
        return None
    return next(element.iterancestors(*names), None)  # (libxml2 tests the names)
