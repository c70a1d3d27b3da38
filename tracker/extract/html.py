"""HTML → blocks: decoding, volatile text and noise removed, the policy body found (declared
``select`` or automatic detection), then walked in reading order into blocks.

The page is parsed once, by lxml, and its elements are walked directly (``tracker.extract.tree``);
beautifulsoup4 parses a page only to match its declared selectors (``tracker.extract.selectors``)."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from lxml import etree

from tracker.errors import ExtractionError
from tracker.extract.blocks import Block, normalize_text
from tracker.extract.body import find_body
from tracker.extract.contents import remove_contents_lists
from tracker.extract.dates import find_last_updated
from tracker.extract.layout import (
    PART_OPENING,
    mark_part_openings,
    remove_consent_panels,
    remove_overviews,
    show_disclosed_panels,
)
from tracker.extract.linked_emails import decode_cloudflare_email, reveal_linked_emails
from tracker.extract.noise import remove_noise
from tracker.extract.same_page import is_same_page_link, localise_fragments
from tracker.extract.scan import FoldedWords
from tracker.extract.selectors import match_selectors
from tracker.extract.tree import (
    Element,
    Listed,
    Node,
    attached,
    attributed,
    child_elements,
    drop,
    first,
    has_descendant,
    is_live,
    kids,
    owned_strings,
    parse_html,
    text_content,
)

_BLOCK_TAGS = {
    "p", "div", "section", "article", "main", "aside", "ul", "ol", "li", "table", "thead", "tbody",
    "tfoot", "tr", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "dl", "dt", "dd",
    "pre", "address", "figure", "figcaption", "details", "summary", "center", "caption", "hr", "body", "html",
}  # fmt: skip
_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_HEADING_NAMES = tuple(_HEADINGS)
_EMAIL_LINK_HINT = FoldedWords("mailto:", "email-protection#")


def _decode_html(content: bytes, content_type: str) -> str:
    declared = None
    match = re.search(r"charset=([\w.:-]+)", content_type, re.IGNORECASE)
    if match:
        declared = match.group(1).strip("'\"")
    if declared:
        try:
            return content.decode(declared)
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong declared charset: fall back to detection
    from bs4.dammit import UnicodeDammit  # beautifulsoup4 loads in ~0.4 s: only when detection is needed

    dammit = UnicodeDammit(content, ["utf-8", "windows-1252"], is_html=True)
    if dammit.unicode_markup is None:
        return content.decode("utf-8", errors="replace")
    return dammit.unicode_markup


def _reveal_obfuscated_emails(root: Element) -> None:
    # Cloudflare serves "[email protected]" to some fetches and the address to others: the same
    # policy must read the same either way.
    for tag in _CFEMAIL(root):  # (libxml2 finds them: a Python loop over every node cost ~3 ms a page)
        address = decode_cloudflare_email(tag.get("data-cfemail") or "")
        if address:
            for child in list(tag):
                tag.remove(child)
            tag.text = address


_CFEMAIL = etree.XPath("descendant-or-self::*[@data-cfemail]")  # in page order, as root.iter() lists them


def _collect_text(node: Element, parts: list[str]) -> None:
    for child in kids(node):
        if isinstance(child, str):
            parts.append(child)
        elif child.tag == "br":
            parts.append(" ")
        elif child.tag in _BLOCK_TAGS:
            # a block boundary is a word boundary: <p>Data</p><p>Profile</p> is two words
            parts.append(" ")
            _collect_text(child, parts)
            parts.append(" ")
        else:
            _collect_text(child, parts)


def _text_of(node: Node) -> str:
    """The text of a node, inline markup joined as written and block or <br> boundaries as spaces."""
    if isinstance(node, str):
        return node
    parts: list[str] = []
    _collect_text(node, parts)
    return f" {''.join(parts)} " if node.tag in _BLOCK_TAGS else "".join(parts)


def _is_block(tag: Element) -> bool:
    """A block element, or an inline one (span, a, font ...) wrapping blocks, as some page builders write."""
    return tag.tag in _BLOCK_TAGS or has_descendant(tag, _BLOCK_TAGS)


def _inline_text(nodes: Sequence[Node]) -> str:
    return normalize_text("".join([node if node.__class__ is str else _text_of(node) for node in nodes]))


def _is_bold_only(nodes: Sequence[Node]) -> bool:
    """True when every non-blank piece of text in ``nodes`` sits inside b/strong (or a heading-ish span)."""
    seen = False
    for node in nodes:
        if isinstance(node, str):
            if node.strip():
                return False
            continue
        if node.tag in {"b", "strong"} or (node.tag in {"span", "a", "u", "em", "i"} and _all_bold(node)):
            if _has_text(node):
                seen = True
            continue
        if _has_text(node):
            return False
    return seen


def _has_text(element: Element) -> bool:
    """Whether ``text_content(element).strip()`` is not empty: one of its strings is not blank."""
    return any(not text.isspace() for text in element.itertext() if text)


def _in_bold(element: Element) -> bool:
    # (libxml2 tests the ancestors' names: no Python object is made for the others)
    return element.tag in {"b", "strong"} or next(element.iterancestors("b", "strong"), None) is not None


def _all_bold(tag: Element) -> bool:
    texts = [owner for text, owner in owned_strings(tag) if text.strip()]
    return bool(texts) and all(_in_bold(owner) for owner in texts)


def _lines_of(nodes: Sequence[Node]) -> Iterator[list[Node]]:
    """Split inline content at <br> into lines."""
    line: list[Node] = []
    for node in nodes:
        if not isinstance(node, str) and node.tag == "br":
            yield line
            line = []
        elif not isinstance(node, str) and node.tag in {"b", "strong", "span", "font"} and has_descendant(node, "br"):
            # <strong>HEADING<br></strong>: the break inside the bold run still ends the line
            for part in _lines_of(kids(node)):
                line.extend(part)
                yield line
                line = []
        else:
            line.append(node)
    yield line


def _emit_inline(nodes: list[Node], out: list[Block], part: bool = False) -> None:
    for node in nodes:
        if node.__class__ is not str or not node.isspace():
            break
    else:
        return  # the white space between blocks (most runs): normalised, it is no text at all
    for line in _lines_of(nodes):
        text = _inline_text(line)
        if not text:
            continue
        out.append(Block("paragraph", text, strong=_is_bold_only(line), part=part, contents=_is_contents_entry(line)))


_ENTRY_NUMBER = re.compile(r"[\W\d_]*|[ivxlc]{1,6}[.)]?|[a-z][.)]", re.IGNORECASE)


def _is_contents_entry(nodes: Sequence[Node]) -> bool:
    """True when a line's text is a link to a place on the same page (``href="#…"``), besides a
    number or letter before it ("1. ", "IV. "): an entry of a table of contents."""
    linked = False
    rest: list[str] = []
    for node in nodes:
        if isinstance(node, str):
            rest.append(node)
        elif is_same_page_link(node) and _has_text(node):
            linked = True
        elif _has_text(node):
            links = [a for a in node.iter("a") if is_same_page_link(a)]
            if len(links) != 1 or text_content(links[0]).strip() != text_content(node).strip():
                return False
            linked = True
    return linked and _ENTRY_NUMBER.fullmatch("".join(rest).strip()) is not None


_CELLS = frozenset({"td", "th"})
_TERMS = frozenset({"dt", "dd"})


def _walk(tag: Element, out: list[Block], depth: int = 0) -> None:
    name = tag.tag
    if name in _HEADINGS:
        text = normalize_text(_text_of(tag))
        if text:
            out.append(Block("heading", text, level=_HEADINGS[name]))
        return
    if name == "tr":
        cells = [normalize_text(_text_of(c)) for c in child_elements(tag, _CELLS)]
        cells = [c for c in cells if c]
        if cells:
            out.append(Block("table_row", " | ".join(cells)))
        return
    if name == "dl":
        term: str | None = None
        for child in child_elements(tag, _TERMS):
            text = normalize_text(_text_of(child))
            if child.tag == "dt":
                term = text
            elif text:
                out.append(Block("definition", f"{term}: {text}" if term else text))
                term = None
        return
    if name == "li" and not has_descendant(tag, _HEADING_NAMES):
        # (a list item holding headings is a layout wrapper, e.g. <ol><li><h2>1. Scope</h2>...,
        # and is walked as a container below)
        inline: list[Node] = []
        nested: list[Element] = []
        for node in kids(tag):
            if not isinstance(node, str) and node.tag in {"ul", "ol"}:
                nested.append(node)
            else:
                inline.append(node)  # <li><p>text</p></li>: the paragraph is the item's text
        text = _inline_text(inline)
        if text:
            out.append(Block("list_item", text, depth=depth))
        for sub in nested:
            _walk(sub, out, depth + 1)
        return
    if name in {"ul", "ol"}:
        for item in child_elements(tag):
            _walk(item, out, depth)
        return
    # A container: runs of inline content become paragraphs, block children recurse.
    run: list[Node] = []
    opens_part = tag.get(PART_OPENING) is not None
    for part in kids(tag):
        if not isinstance(part, str) and _is_block(part):
            if run:
                _emit_inline(run, out, opens_part)
                run = []
            if part.tag != "hr":
                _walk(part, out, depth)
        else:
            run.append(part)
    if run:
        _emit_inline(run, out, opens_part)


def _select_body(
    root: Element, selected: list[Element] | None, select: Sequence[str], source: str, listed: Listed
) -> list[Element]:
    if selected is None:
        body = first(root, "body")
        return find_body(root if body is None else body, listed)
    matches: list[Element] = []
    for match in selected:  # dropped as noise, or inside an earlier match: not a match of its own
        if attached(match, root) and not any(attached(match, earlier) for earlier in matches):
            matches.append(match)
    if not matches:
        raise ExtractionError(
            f"{source}: selector {', '.join(select)!r} matched nothing", cause="selector_matched_nothing"
        )
    if len(matches) == 1:
        return matches
    wrapper = etree.Element("div")
    for match in matches:
        wrapper.append(match)  # moved out of the page, as found; the text after it stays behind
        match.tail = None
    return [wrapper]


def _apply_layout_rules(root: Element, listed: Listed) -> None:
    """Disclosed panels shown, layered overviews, tables of contents (``tracker.extract.contents``)
    and consent panels removed, openings of appended documents marked (``tracker.extract.layout``);
    before noise removal drops the controls.
    ``listed``: ``tree.attributed(root)``, taken right before."""
    controls = show_disclosed_panels(root, listed)
    remove_overviews(root, controls, listed)
    remove_contents_lists(root, listed)
    remove_consent_panels(root, listed)
    mark_part_openings(root, listed)


def html_blocks(
    content: bytes, content_type: str, select: Sequence[str], remove: Sequence[str], source: str
) -> tuple[list[Block], str | None, str | None]:
    """An HTML page as (blocks in reading order, title, "last updated" date); ``ExtractionError`` on bad selectors."""
    html = _decode_html(content, content_type)
    root = parse_html(html)
    if root is None:
        return [], None, None
    title_tag = first(root, "title")
    page_title = normalize_text(text_content(title_tag)) if title_tag is not None else None
    selected: list[Element] | None = None
    if select or remove:
        matches = match_selectors(html, root, select, remove, source)
        for element in matches.removed:
            if is_live(element):
                drop(element)
        selected = matches.selected if select else None
    if "data-cfemail" in html:  # a search of the whole tree costs more than this scan
        _reveal_obfuscated_emails(root)
    localise_fragments(root, html, source)
    listed = attributed(root)  # (every rule's candidates, from one search of the tree)
    _apply_layout_rules(root, listed)
    remove_noise(root, listed)
    if _EMAIL_LINK_HINT.search(html):  # (a scan of the markup costs less than a search of the tree)
        reveal_linked_emails(root, _BLOCK_TAGS, listed)
    # the page's text, for a date outside the body: read later (only when the body has no date)
    # unless declared selectors move their matches out of the page first (``_select_body``)
    page_text = text_content(root, " ") if selected is not None else None
    blocks: list[Block] = []
    for body in _select_body(root, selected, select, source, listed):
        _walk(body, blocks)  # (the automatic body and the walk leave the tree as it is)
    date = find_last_updated(" ".join(b.text for b in blocks)) or find_last_updated(
        normalize_text(text_content(root, " ") if page_text is None else page_text)
    )
    h1 = first(root, "h1")
    title = normalize_text(text_content(h1, " ")) if h1 is not None else page_title
    return blocks, title or None, date
