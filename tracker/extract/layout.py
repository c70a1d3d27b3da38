"""Layout rules run on the parsed page before noise removal: what a reader sees as the policy.

Three general shapes (no per-site rules), each a small function:

- ``show_disclosed_panels``: tab panels and accordion bodies hidden until a control opens them
  are part of the page's text (a layered policy often hides its full text in one);
- ``remove_overviews``: a layered policy's overviews — a summary, key points or summary table
  labelled as such ("In short", "At a glance", "Summary" tab ...), an "in this section" list of
  same-page links naming the headings — duplicate the full text beside them; when a page has two
  or more, they go (a table of contents goes alone: ``tracker.extract.contents``);
- ``remove_consent_panels``: a consent manager's preferences panel (a plain ``div`` named like
  one, holding its switches and accept/reject buttons, and often a full cookie table) is not
  the policy, however large.

These run before buttons and inputs are dropped: the controls are what identify the shapes.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator

from lxml import etree

from tracker.extract.contents import PageHeadings
from tracker.extract.names import NamePattern
from tracker.extract.same_page import is_same_page_link
from tracker.extract.tree import (
    DROPPED,
    Element,
    Listed,
    ancestor_named,
    attached,
    attributed,
    child_elements,
    drop,
    has_descendant,
    is_live,
    page_pieces,
    page_text,
    visible_strings,
)

_CONSENT_NAMES = NamePattern(
    r"cookie|consent|(^|[-_ ])cmp([-_ ]|$)|onetrust|optanon|cybot|didomi|usercentrics|tarteaucitron|axeptio|"
    r"quantcast|trustarc|truste|iubenda|klaro|osano|termly|borlabs|complianz|privacy-?(settings|preferences|center)",
)
_DECISION_WORDS = re.compile(
    r"\b(accept|reject|allow|deny|agree|disagree|refuse|save|confirm|decline|autoriser|interdire|accepter|"
    r"refuser|enregistrer|akzeptieren|ablehnen|zustimmen|speichern|erlauben)",
    re.IGNORECASE,
)
_OVERVIEW_LABEL = re.compile(
    r"^(summary|overview|at a glance|in short|in brief|briefly|key points|key takeaways|highlights|"
    r"(the )?short version|tl;? ?dr|quick summary|in a nutshell|what you need to know|in this section|"
    r"on this page|jump to|en bref|résumé|en résumé|l'essentiel|dans cette section|sur cette page|"
    r"kurz gesagt|kurzfassung|zusammenfassung|auf einen blick|das wichtigste in kürze|in diesem abschnitt|"
    r"auf dieser seite)\W*$",
    re.IGNORECASE,
)
_PANEL_NAMES = NamePattern(r"tab-?pane|tabpanel|accordion|collapse|disclosure|expand")
_NOT_A_PANEL = NamePattern(r"nav|menu|search|dropdown|modal|popup|header|footer")
_LABEL_TAGS = {"p", "span", "div", "strong", "b", "summary", "label", "h3", "h4", "h5", "h6", "dt", "legend"}
_OVERVIEW_BOXES = {"div", "section", "aside", "details", "ul", "ol"}
_MAX_LABEL = 60
_MAX_OVERVIEW_SHARE = 0.5  # overviews together hold less than this share of the page's text


def _names(tag: Element) -> str:
    return f"{' '.join((tag.get('class') or '').split())} {tag.get('id') or ''}"


def _short_text(tag: Element, limit: int = _MAX_LABEL) -> str | None:
    """The text of ``tag`` when it is at most ``limit`` characters, else None (read no further)."""
    parts: list[str] = []
    size = 0
    for piece in page_pieces(tag):
        size += len(piece)
        if size > limit * 4:
            return None
        parts.append(piece)
    text = " ".join("".join(parts).split())
    return text if len(text) <= limit else None


def _elements(root: Element, *names: str) -> list[Element]:
    """The live elements of the tree under ``root`` (``root`` included) named in ``names``, in order."""
    if not names or DROPPED in names:
        return [e for e in root.iter(*names) if is_live(e)]
    return list(root.iter(*names))  # (named so, an element is neither a comment nor dropped)


# The elements a rule can apply to are read from the page's elements with attributes
# (``tree.attributed``, one search of the tree for every rule), in page order, by these tests
# (each what the XPath predicate in its docstring finds: tests/test_extract_listed.py).
_WITH_ID = etree.XPath("descendant-or-self::*[@id]")  # (a dropped element has no attributes left)


# (``names``: those of the element's attributes when listed, ``tree.attributed``; what is not
# among them the element does not have)


def _is_control(tag: Element, names: list[str]) -> bool:
    """``*[@aria-controls] | a[starts-with(@href, '#')]``"""
    return ("aria-controls" in names and tag.get("aria-controls") is not None) or (
        tag.tag == "a" and "href" in names and (tag.get("href") or "").startswith("#")
    )


def _is_hiding(tag: Element, names: list[str]) -> bool:
    """``*[@hidden or @aria-hidden or @style]``"""
    return (
        ("hidden" in names and tag.get("hidden") is not None)
        or ("aria-hidden" in names and tag.get("aria-hidden") is not None)
        or ("style" in names and tag.get("style") is not None)
    )


def _has_class_or_id(tag: Element, names: list[str]) -> bool:
    """``*[@class or @id]``"""
    return ("class" in names and tag.get("class") is not None) or ("id" in names and tag.get("id") is not None)


def _is_anchor(tag: Element, names: list[str]) -> bool:
    """``*[@id] | a[@name]``"""
    return ("id" in names and tag.get("id") is not None) or (
        tag.tag == "a" and "name" in names and tag.get("name") is not None
    )


# --------------------------------------------------------------------------- disclosed panels


def _controlled_ids(listed: Listed) -> dict[str, Element]:
    """Ids opened by a control (``aria-controls``, a tab's same-page link), with that control."""
    controls: dict[str, Element] = {}
    for tag, names in listed:
        if not _is_control(tag, names):
            continue
        if tag.get("aria-controls") is not None:
            for ident in (tag.get("aria-controls") or "").split():
                controls.setdefault(ident, tag)
        elif tag.tag == "a" and len(href := tag.get("href") or "") > 1:
            parent = ancestor_named(tag, {"ul", "ol", "div"})
            if parent is not None and "tab" in _names(parent).lower():
                controls.setdefault(href[1:], tag)
    return controls


def show_disclosed_panels(root: Element, listed: Listed | None = None) -> dict[str, Element]:
    """Un-hide tab panels and accordion bodies; returns the controls by the id they open.
    ``listed``: ``tree.attributed(root)``, taken before any rule changed the tree."""
    listed = attributed(root) if listed is None else listed
    controls = _controlled_ids(listed)
    for tag, attributes in listed:
        if not _is_hiding(tag, attributes):
            continue  # only what hides an element is taken away
        names = _names(tag)
        is_panel = tag.get("role") == "tabpanel" or _PANEL_NAMES.search(names) or (tag.get("id") or "") in controls
        if is_panel and not _NOT_A_PANEL.search(names):
            for attribute in ("hidden", "aria-hidden", "style"):
                tag.attrib.pop(attribute, None)
    return controls


# --------------------------------------------------------------------------- overviews


def _first_child(tag: Element) -> Element | str | None:
    """The first child of ``tag`` that is an element or non-blank text (a comment counts as text)."""
    if tag.text and tag.text.strip():
        return tag.text
    for child in tag:
        if is_live(child):
            return child
        if child.tag is etree.Comment and (child.text or "").strip():
            return child.text
        if child.tail and child.tail.strip():
            return child.tail
    return None


def _own_label(tag: Element, controls: dict[str, Element], by_id: Callable[[], dict[str, Element]]) -> str | None:
    """What labels ``tag``: the control that opens it, ``aria-label(ledby)``, or its first child."""
    control = controls.get(tag.get("id") or "")
    if control is not None:
        return _short_text(control)
    labelledby = (tag.get("aria-labelledby") or "").split()
    if labelledby:
        found = by_id().get(labelledby[0])
        return _short_text(found) if found is not None else None
    if tag.get("aria-label"):
        return str(tag.get("aria-label"))
    first = _first_child(tag)
    if first is None or isinstance(first, str):
        return None
    if first.tag in {"h1", "h2"} or first.tag not in _LABEL_TAGS:
        return None
    lead = next((e for e in first.iter("strong", "b") if e is not first), None) if first.tag == "p" else None
    if lead is not None and page_text(first).strip().startswith(page_text(lead).strip()):
        return _short_text(lead)  # "<p><strong>In short:</strong> summary ...</p>"
    return _short_text(first)


def _is_anchor_list(tag: Element, headings: Callable[[], PageHeadings], controls: dict[str, Element]) -> bool:
    """A list of two or more items that are each a link to the same page naming a heading there
    ("in this section") or opening a panel (a tab bar); a list of sentences linking to the
    sections they are about is text."""
    items = child_elements(tag, {"li"})
    if len(items) < 2:
        return False
    links = []
    for item in items:
        link = next((a for a in item.iter("a") if a.get("href") is not None), None)
        if link is None or not is_same_page_link(link):
            return False
        if page_text(item).strip() != page_text(link).strip():
            return False
        links.append(link)
    if all(controls.get(str(link.get("href"))[1:]) is link for link in links):
        return True
    return headings().name_headings(links)


def _overview_candidates(root: Element, controls: dict[str, Element], listed: Listed | None) -> list[Element]:
    found: list[Element] = []
    taken: set[Element] = set()
    # the elements by id, for aria-labelledby: built on first use (few pages have one)
    by_id = functools.cache(lambda: {str(tag.get("id")): tag for tag in _WITH_ID(root)})
    headings = functools.cache(lambda: PageHeadings(root, listed))
    for tag in _elements(root, "div", "section", "aside", "details", "ul", "ol"):
        if taken and any(parent in taken for parent in tag.iterancestors()):
            continue  # inside one already taken
        if tag.tag in {"ul", "ol"}:
            if _is_anchor_list(tag, headings, controls):
                found.append(tag)
                taken.add(tag)
            continue
        label = _own_label(tag, controls, by_id)
        if label and _OVERVIEW_LABEL.match(label) and not has_descendant(tag, ["h1", "h2", "h3"]):
            found.append(tag)
            taken.add(tag)
    return found


def remove_overviews(root: Element, controls: dict[str, Element], listed: Listed | None = None) -> int:
    """Remove a layered policy's overviews when the page has two or more; returns how many.
    ``listed``: ``tree.attributed(root)``, taken before the rules ran (where targets are read)."""
    found = _overview_candidates(root, controls, listed)
    if len(found) < 2:
        return 0
    page = len(page_text(root, " ", strip=True)) or 1
    if sum(len(page_text(tag, " ", strip=True)) for tag in found) >= _MAX_OVERVIEW_SHARE * page:
        return 0
    for tag in found:
        _empty(tag)
    return len(found)


def _empty(tag: Element) -> None:
    """Take everything out of ``tag`` (its text and children), keeping the element itself, its
    attributes and the text after it, as the overview rules have always done."""
    tag.text = None
    for child in list(tag):
        tag.remove(child)


# --------------------------------------------------------------------------- consent panels


def _is_consent_panel(tag: Element) -> bool:
    """Holds a consent manager's controls: two switches, two accept/reject/save buttons, or one of each."""
    toggles = decisions = 0
    for node in tag.iterdescendants():
        if not is_live(node):
            continue
        role = node.get("role")
        kind = (node.get("type") or "").lower() if node.tag == "input" else ""
        if kind in {"checkbox", "radio"} or role in {"switch", "checkbox"}:
            toggles += 1
        elif node.tag == "button" or role == "button" or kind in {"button", "submit"}:
            text = page_text(node, " ", strip=True) or str(node.get("value") or "")
            decisions += bool(_DECISION_WORDS.search(text))
        if toggles >= 2 or decisions >= 2 or (toggles and decisions):
            return True
    return False


def remove_consent_panels(root: Element, listed: Listed | None = None) -> int:
    """Remove consent managers' preference panels, whatever their size; returns how many.
    ``listed``: ``tree.attributed(root)``, taken before (or after) the rules that ran before."""
    removed = 0
    # in page order, so a box is looked at before anything inside it (which goes with it)
    for child, names in attributed(root) if listed is None else listed:
        if (
            _has_class_or_id(child, names)
            and child is not root
            and _CONSENT_NAMES.search(_names(child))
            and child.tag not in {"body", "html", "main", "article"}
            and attached(child, root)
            and not has_descendant(child, ["h1", "main", "article"])
            and _is_consent_panel(child)
        ):
            drop(child)
            removed += 1
    return removed


# --------------------------------------------------------------------------- appended documents

PART_OPENING = "data-tracker-part-opening"
_DOCUMENT_ANCHOR = NamePattern(
    r"cookie|polic|notice|statement|terms|conditions|ccpa|cpra|california|residents|datenschutz|politique|"
    r"confidentialit|mentions|hinweis|richtlinie|erkl[aä]rung",
)
_TEXT_HOLDERS = ("p", "div", "li", "td", "section", "article", "span", "dd")


def _strings_from(anchor: Element) -> Iterator[tuple[str, Element]]:
    """Every string from the start of ``anchor`` to the end of the page, with the element holding
    it: comments and script text too (beautifulsoup4's ``next_elements``)."""
    yield from _subtree_strings(anchor)
    node: Element | None = anchor
    while node is not None:
        parent = node.getparent()
        if parent is None:
            return
        if node.tail:
            yield node.tail, parent
        for sibling in node.itersiblings():
            yield from _subtree_strings(sibling)
            if sibling.tail:
                yield sibling.tail, parent
        node = parent


def _subtree_strings(node: Element) -> Iterator[tuple[str, Element]]:
    if not isinstance(node.tag, str):  # a comment: its text, held by its parent
        parent = node.getparent()
        if node.text and parent is not None:
            yield node.text, parent
        return
    if node.text:
        yield node.text, node
    for child in node:
        yield from _subtree_strings(child)
        if child.tail:
            yield child.tail, node


def mark_part_openings(root: Element, listed: Listed | None = None) -> None:
    """Mark the line that follows an anchor (an ``id``/``name``) naming a document ("cookie-notice",
    "california-privacy-notice"): if it reads as a document's title it opens a part
    (``tracker.extract.blocks.sections_of``). ``listed``: ``tree.attributed(root)``, taken before
    (or after) the rules that ran before."""
    for anchor, names in attributed(root) if listed is None else listed:
        if not _is_anchor(anchor, names):
            continue
        ident = f"{anchor.get('id') or ''} {(anchor.get('name') or '') if anchor.tag == 'a' else ''}"
        if anchor.tag in {"body", "html", "main"} or not ident.strip() or not _DOCUMENT_ANCHOR.search(ident):
            continue
        if not attached(anchor, root):
            continue  # removed by a rule since it was listed
        owner = next((held for text, held in visible_strings(anchor) if text.strip()), None)
        if owner is None:  # an empty anchor: the first text after it
            owner = next((held for text, held in _strings_from(anchor) if text.strip()), None)
        holder = ancestor_named(owner, set(_TEXT_HOLDERS), itself=True) if owner is not None else None
        if holder is not None and _short_text(holder, 140) is not None:
            holder.set(PART_OPENING, "1")
