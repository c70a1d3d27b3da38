"""Layout rules run on the parsed page before noise removal: what a reader sees as the policy.

Three general shapes (no per-site rules), each a small function:

- ``show_disclosed_panels``: tab panels and accordion bodies hidden until a control opens them
  are part of the page's text (a layered policy often hides its full text in one);
- ``remove_overviews``: a layered policy's overviews — a summary, key points or summary table
  labelled as such ("In short", "At a glance", "Summary" tab ...), an "in this section" list of
  same-page links — duplicate the full text beside them; when a page has two or more, they go;
- ``remove_consent_panels``: a consent manager's preferences panel (a plain ``div`` named like
  one, holding its switches and accept/reject buttons, and often a full cookie table) is not
  the policy, however large.

These run before buttons and inputs are dropped: the controls are what identify the shapes.
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup, NavigableString, Tag

_CONSENT_NAMES = re.compile(
    r"cookie|consent|(^|[-_ ])cmp([-_ ]|$)|onetrust|optanon|cybot|didomi|usercentrics|tarteaucitron|axeptio|"
    r"quantcast|trustarc|truste|iubenda|klaro|osano|termly|borlabs|complianz|privacy-?(settings|preferences|center)",
    re.IGNORECASE,
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
_PANEL_NAMES = re.compile(r"tab-?pane|tabpanel|accordion|collapse|disclosure|expand", re.IGNORECASE)
_NOT_A_PANEL = re.compile(r"nav|menu|search|dropdown|modal|popup|header|footer", re.IGNORECASE)
_LABEL_TAGS = {"p", "span", "div", "strong", "b", "summary", "label", "h3", "h4", "h5", "h6", "dt", "legend"}
_OVERVIEW_BOXES = {"div", "section", "aside", "details", "ul", "ol"}
_MAX_LABEL = 60
_MAX_OVERVIEW_SHARE = 0.5  # overviews together hold less than this share of the page's text


def _names(tag: Tag) -> str:
    classes: object = tag.get("class") or []
    joined = " ".join(classes) if isinstance(classes, list) else str(classes)
    return f"{joined} {tag.get('id') or ''}"


def _short_text(tag: Tag, limit: int = _MAX_LABEL) -> str | None:
    """The text of ``tag`` when it is at most ``limit`` characters, else None (read no further)."""
    parts: list[str] = []
    size = 0
    for piece in tag.strings:
        size += len(piece)
        if size > limit * 4:
            return None
        parts.append(piece)
    text = " ".join("".join(parts).split())
    return text if len(text) <= limit else None


# --------------------------------------------------------------------------- disclosed panels


def _tags(soup: BeautifulSoup) -> list[Tag]:
    # one plain walk: find_all with names or attribute filters runs bs4's generic matcher per node
    return [node for node in soup.descendants if isinstance(node, Tag)]


def _controlled_ids(tags: list[Tag]) -> dict[str, Tag]:
    """Ids opened by a control (``aria-controls``, a tab's same-page link), with that control."""
    controls: dict[str, Tag] = {}
    for tag in tags:
        if tag.has_attr("aria-controls"):
            for ident in str(tag.get("aria-controls") or "").split():
                controls.setdefault(ident, tag)
        elif tag.name == "a" and str(tag.get("href") or "").startswith("#") and len(str(tag["href"])) > 1:
            parent = tag.find_parent(["ul", "ol", "div"])
            if parent is not None and "tab" in _names(parent).lower():
                controls.setdefault(str(tag["href"])[1:], tag)
    return controls


def show_disclosed_panels(soup: BeautifulSoup) -> dict[str, Tag]:
    """Un-hide tab panels and accordion bodies; returns the controls by the id they open."""
    tags = _tags(soup)
    controls = _controlled_ids(tags)
    for tag in tags:
        if not (tag.has_attr("hidden") or tag.has_attr("aria-hidden") or tag.has_attr("style")):
            continue
        names = _names(tag)
        is_panel = (
            tag.get("role") == "tabpanel" or bool(_PANEL_NAMES.search(names)) or (str(tag.get("id") or "") in controls)
        )
        if is_panel and not _NOT_A_PANEL.search(names):
            for attribute in ("hidden", "aria-hidden", "style"):
                if tag.has_attr(attribute):
                    del tag[attribute]
    return controls


# --------------------------------------------------------------------------- overviews


def _own_label(tag: Tag, controls: dict[str, Tag], by_id: dict[str, Tag]) -> str | None:
    """What labels ``tag``: the control that opens it, ``aria-label(ledby)``, or its first child."""
    control = controls.get(str(tag.get("id") or ""))
    if control is not None:
        return _short_text(control)
    labelledby = str(tag.get("aria-labelledby") or "").split()
    if labelledby:
        found = by_id.get(labelledby[0])
        return _short_text(found) if found is not None else None
    if tag.get("aria-label"):
        return str(tag["aria-label"])
    first = next((c for c in tag.children if isinstance(c, Tag) or str(c).strip()), None)
    if not isinstance(first, Tag):
        return None
    if first.name in {"h1", "h2"} or first.name not in _LABEL_TAGS:
        return None
    lead = first.find(["strong", "b"]) if first.name == "p" else None
    if lead is not None and first.get_text().strip().startswith(lead.get_text().strip()):
        return _short_text(lead)  # "<p><strong>In short:</strong> summary ...</p>"
    return _short_text(first)


def _is_anchor_list(tag: Tag) -> bool:
    """A list of two or more items that are each a link to the same page ("in this section")."""
    items = tag.find_all("li", recursive=False)
    if len(items) < 2:
        return False
    for item in items:
        link = item.find("a", href=True)
        if link is None or not str(link["href"]).startswith("#") or item.get_text().strip() != link.get_text().strip():
            return False
    return True


def _overview_candidates(soup: BeautifulSoup, controls: dict[str, Tag]) -> list[Tag]:
    found: list[Tag] = []
    taken: set[int] = set()
    tags = _tags(soup)
    by_id = {str(tag["id"]): tag for tag in tags if tag.has_attr("id")}
    for tag in tags:
        if tag.name not in _OVERVIEW_BOXES:
            continue
        if taken and any(id(parent) in taken for parent in tag.parents):
            continue  # inside one already taken
        if tag.name in {"ul", "ol"}:
            if _is_anchor_list(tag):
                found.append(tag)
                taken.add(id(tag))
            continue
        label = _own_label(tag, controls, by_id)
        if label and _OVERVIEW_LABEL.match(label) and tag.find(["h1", "h2", "h3"]) is None:
            found.append(tag)
            taken.add(id(tag))
    return found


def remove_overviews(soup: BeautifulSoup, controls: dict[str, Tag]) -> int:
    """Remove a layered policy's overviews when the page has two or more; returns how many."""
    found = _overview_candidates(soup, controls)
    if len(found) < 2:
        return 0
    page = len(soup.get_text(" ", strip=True)) or 1
    if sum(len(tag.get_text(" ", strip=True)) for tag in found) >= _MAX_OVERVIEW_SHARE * page:
        return 0
    for tag in found:
        # emptied, not removed: bs4 finds a tag's place among its siblings by a linear search, so
        # removing thousands of lists from one parent would cost the square of their number
        tag.clear(decompose=True)
    return len(found)


# --------------------------------------------------------------------------- consent panels


def _is_consent_panel(tag: Tag) -> bool:
    """Holds a consent manager's controls: two switches, two accept/reject/save buttons, or one of each."""
    toggles = decisions = 0
    for node in tag.descendants:
        if not isinstance(node, Tag):
            continue
        role = node.get("role")
        kind = str(node.get("type") or "").lower() if node.name == "input" else ""
        if kind in {"checkbox", "radio"} or role in {"switch", "checkbox"}:
            toggles += 1
        elif node.name == "button" or role == "button" or kind in {"button", "submit"}:
            text = node.get_text(" ", strip=True) or str(node.get("value") or "")
            decisions += bool(_DECISION_WORDS.search(text))
        if toggles >= 2 or decisions >= 2 or (toggles and decisions):
            return True
    return False


def remove_consent_panels(soup: BeautifulSoup) -> int:
    """Remove consent managers' preference panels, whatever their size; returns how many."""
    removed = 0
    stack: list[Tag] = [soup]
    while stack:
        for child in list(stack.pop().children):
            if not isinstance(child, Tag):
                continue
            if (
                _CONSENT_NAMES.search(_names(child))
                and child.name not in {"body", "html", "main", "article"}
                and child.find(["h1", "main", "article"]) is None
                and _is_consent_panel(child)
            ):
                child.decompose()
                removed += 1
            else:
                stack.append(child)
    return removed


# --------------------------------------------------------------------------- appended documents

PART_OPENING = "data-tracker-part-opening"
_DOCUMENT_ANCHOR = re.compile(
    r"cookie|polic|notice|statement|terms|conditions|ccpa|cpra|california|residents|datenschutz|politique|"
    r"confidentialit|mentions|hinweis|richtlinie|erkl[aä]rung",
    re.IGNORECASE,
)
_TEXT_HOLDERS = ("p", "div", "li", "td", "section", "article", "span", "dd")


def mark_part_openings(soup: BeautifulSoup) -> None:
    """Mark the line that follows an anchor (an ``id``/``name``) naming a document ("cookie-notice",
    "california-privacy-notice"): if it reads as a document's title it opens a part
    (``tracker.extract.blocks.sections_of``)."""
    for anchor in _tags(soup):
        ident = f"{anchor.get('id') or ''} {anchor.get('name') or '' if anchor.name == 'a' else ''}"
        if anchor.name in {"body", "html", "main"} or not ident.strip() or not _DOCUMENT_ANCHOR.search(ident):
            continue
        first = next((s for s in anchor.strings if s.strip()), None)
        if first is None:  # an empty anchor: the first text after it
            first = next((s for s in anchor.next_elements if isinstance(s, NavigableString) and s.strip()), None)
        holder = first.find_parent(_TEXT_HOLDERS) if first is not None else None
        if holder is not None and _short_text(holder, 140) is not None:
            holder[PART_OPENING] = "1"
