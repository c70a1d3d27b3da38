"""HTML → blocks: decoding, volatile text and noise removed, the policy body found (declared
``select`` or automatic detection), then walked in reading order into blocks."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from bs4 import BeautifulSoup, Comment, NavigableString, Tag
from bs4.dammit import UnicodeDammit
from bs4.element import PreformattedString

from tracker.errors import ExtractionError
from tracker.extract.blocks import Block, normalize_text
from tracker.extract.body import find_body
from tracker.extract.dates import find_last_updated
from tracker.extract.layout import (
    PART_OPENING,
    mark_part_openings,
    remove_consent_panels,
    remove_overviews,
    show_disclosed_panels,
)

_DROP_TAGS = (
    "script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "canvas",
    "form", "button", "input", "select", "textarea", "nav", "header", "footer", "img",
    "picture", "video", "audio", "map", "link", "meta", "dialog",
)  # fmt: skip
_NOISE_WORDS = re.compile(
    r"(^|[-_ ])(cookie-?(banner|bar|consent|notice|popup|law|message|alert|modal)|cookiebanner|cookieconsent|"
    r"consent|onetrust|cc-window|cc-banner|gdpr|didomi|axeptio|usercentrics|share|sharing|social|"
    r"newsletter|breadcrumbs?|skip-?link|popup|modal|banner|toolbar|sidebar|related|promo|advert|"
    r"sr-only|visually-hidden|screen-reader)([-_ ]|$)",
    re.IGNORECASE,
)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_BLOCK_TAGS = {
    "p", "div", "section", "article", "main", "aside", "ul", "ol", "li", "table", "thead", "tbody",
    "tfoot", "tr", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "dl", "dt", "dd",
    "pre", "address", "figure", "figcaption", "details", "summary", "center", "caption", "hr", "body", "html",
}  # fmt: skip
_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_HEADING_NAMES = list(_HEADINGS)
_WS = re.compile(r"\s+")


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
    dammit = UnicodeDammit(content, ["utf-8", "windows-1252"], is_html=True)
    if dammit.unicode_markup is None:
        return content.decode("utf-8", errors="replace")
    return dammit.unicode_markup


def _decode_cloudflare_email(hex_text: str) -> str | None:
    """The address behind Cloudflare's e-mail obfuscation (first byte is the XOR key), or None."""
    try:
        data = bytes.fromhex(hex_text)
        return bytes(b ^ data[0] for b in data[1:]).decode("utf-8") if len(data) > 1 else None
    except (ValueError, UnicodeDecodeError):
        return None


def _reveal_obfuscated_emails(root: Tag) -> None:
    # Cloudflare serves "[email protected]" to some fetches and the address to others: the same
    # policy must read the same either way.
    for tag in root.select("[data-cfemail]"):
        address = _decode_cloudflare_email(str(tag.get("data-cfemail") or ""))
        if address:
            tag.string = address


def _is_hidden(tag: Tag) -> bool:
    if tag.has_attr("hidden") or tag.get("aria-hidden") == "true":
        return True
    style = tag.get("style")
    return isinstance(style, str) and bool(_HIDDEN_STYLE.search(style))


def _noise_names(tag: Tag) -> str:
    raw: object = tag.get("class") or []
    classes: list[str] = [raw] if isinstance(raw, str) else [str(c) for c in raw] if isinstance(raw, list) else []
    return " ".join([*classes, str(tag.get("id") or ""), str(tag.get("role") or "")])


_NOISE_ROLES = {"navigation", "banner", "contentinfo", "dialog", "alertdialog", "search"}


def _is_noise(tag: Tag) -> bool:
    if _is_hidden(tag) or str(tag.get("role") or "") in _NOISE_ROLES:
        return True
    if tag.name in _HEADINGS:
        return False  # a heading is never a widget: <h2 id="sharing-your-information"> is a section
    names = _noise_names(tag)
    # A noise-named box is dropped only when small: a policy's own "cookies" section or a page
    # wrapper whose class happens to contain "banner" is kept.
    return bool(names.strip()) and bool(_NOISE_WORDS.search(names)) and len(tag.get_text(" ", strip=True)) < 2000


def _remove_noise(root: Tag) -> None:
    # one plain walk over the tree: find_all with a list of names or a string filter runs
    # bs4's generic matcher on every node and costs several times more
    dropped = frozenset(_DROP_TAGS)
    doomed = [
        node
        for node in root.descendants
        if isinstance(node, Comment) or (isinstance(node, Tag) and node.name in dropped)
    ]
    for node in doomed:  # comments first: a decomposed tag destroys the comments inside it
        if isinstance(node, Comment):
            node.extract()
    for node in doomed:
        if isinstance(node, Tag):
            node.decompose()
    stack = [root]
    while stack:  # top-down, so a dropped box's descendants are never looked at
        for child in list(stack.pop().children):
            if isinstance(child, Tag):
                if _is_noise(child):
                    child.decompose()
                else:
                    stack.append(child)


def _collect_text(node: Tag, parts: list[str]) -> None:
    for child in node.children:
        if isinstance(child, Tag):
            if child.name == "br":
                parts.append(" ")
            elif child.name in _BLOCK_TAGS:
                # a block boundary is a word boundary: <p>Data</p><p>Profile</p> is two words
                parts.append(" ")
                _collect_text(child, parts)
                parts.append(" ")
            else:
                _collect_text(child, parts)
        elif isinstance(child, NavigableString) and not isinstance(child, PreformattedString):
            parts.append(str(child))


def _text_of(node: Tag | NavigableString) -> str:
    """The text of a node, inline markup joined as written and block or <br> boundaries as spaces."""
    if isinstance(node, NavigableString):
        return "" if isinstance(node, PreformattedString) else str(node)
    parts: list[str] = []
    _collect_text(node, parts)
    return f" {''.join(parts)} " if node.name in _BLOCK_TAGS else "".join(parts)


def _is_block(tag: Tag) -> bool:
    """A block element, or an inline one (span, a, font ...) wrapping blocks, as some page builders write."""
    return tag.name in _BLOCK_TAGS or tag.find(_BLOCK_TAGS) is not None


def _inline_text(nodes: Sequence[Tag | NavigableString]) -> str:
    return normalize_text("".join(_text_of(node) for node in nodes))


def _is_bold_only(nodes: Sequence[Tag | NavigableString]) -> bool:
    """True when every non-blank piece of text in ``nodes`` sits inside b/strong (or a heading-ish span)."""
    seen = False
    for node in nodes:
        if isinstance(node, NavigableString):
            if str(node).strip():
                return False
            continue
        if node.name in {"b", "strong"} or (node.name in {"span", "a", "u", "em", "i"} and _all_bold(node)):
            if node.get_text().strip():
                seen = True
            continue
        if node.get_text().strip():
            return False
    return seen


def _all_bold(tag: Tag) -> bool:
    texts = [s for s in tag.find_all(string=True) if s.strip()]
    return bool(texts) and all(any(p.name in {"b", "strong"} for p in s.parents if isinstance(p, Tag)) for s in texts)


def _lines_of(nodes: Sequence[Tag | NavigableString]) -> Iterator[list[Tag | NavigableString]]:
    """Split inline content at <br> into lines."""
    line: list[Tag | NavigableString] = []
    for node in nodes:
        if isinstance(node, Tag) and node.name == "br":
            yield line
            line = []
        elif isinstance(node, Tag) and node.find("br") and node.name in {"b", "strong", "span", "font"}:
            # <strong>HEADING<br></strong>: the break inside the bold run still ends the line
            inner = [c for c in node.children if isinstance(c, (Tag, NavigableString))]
            for part in _lines_of(inner):
                line.extend(part)
                yield line
                line = []
        else:
            line.append(node)
    yield line


def _emit_inline(nodes: list[Tag | NavigableString], out: list[Block], part: bool = False) -> None:
    for line in _lines_of(nodes):
        text = _inline_text(line)
        if not text:
            continue
        out.append(Block("paragraph", text, strong=_is_bold_only(line), part=part))


def _walk(tag: Tag, out: list[Block], depth: int = 0) -> None:
    name = tag.name
    if name in _HEADINGS:
        text = normalize_text(_text_of(tag))
        if text:
            out.append(Block("heading", text, level=_HEADINGS[name]))
        return
    if name == "tr":
        cells = [normalize_text(_text_of(c)) for c in tag.find_all(["td", "th"], recursive=False)]
        cells = [c for c in cells if c]
        if cells:
            out.append(Block("table_row", " | ".join(cells)))
        return
    if name == "dl":
        term: str | None = None
        for child in tag.find_all(["dt", "dd"], recursive=False):
            text = normalize_text(_text_of(child))
            if child.name == "dt":
                term = text
            elif text:
                out.append(Block("definition", f"{term}: {text}" if term else text))
                term = None
        return
    if name == "li" and tag.find(_HEADING_NAMES) is None:
        # (a list item holding headings is a layout wrapper, e.g. <ol><li><h2>1. Scope</h2>...,
        # and is walked as a container below)
        inline: list[Tag | NavigableString] = []
        nested: list[Tag] = []
        for node in tag.children:
            if isinstance(node, Tag) and node.name in {"ul", "ol"}:
                nested.append(node)
            elif isinstance(node, (Tag, NavigableString)) and not isinstance(node, Comment):
                inline.append(node)  # <li><p>text</p></li>: the paragraph is the item's text
        text = _inline_text(inline)
        if text:
            out.append(Block("list_item", text, depth=depth))
        for sub in nested:
            _walk(sub, out, depth + 1)
        return
    if name in {"ul", "ol"}:
        for item in tag.children:
            if isinstance(item, Tag):
                _walk(item, out, depth)
        return
    # A container: runs of inline content become paragraphs, block children recurse.
    run: list[Tag | NavigableString] = []
    opens_part = tag.has_attr(PART_OPENING)
    for part in tag.children:
        if isinstance(part, Comment):
            continue
        if isinstance(part, Tag) and _is_block(part):
            if run:
                _emit_inline(run, out, opens_part)
                run = []
            if part.name != "hr":
                _walk(part, out, depth)
        elif isinstance(part, (Tag, NavigableString)):
            run.append(part)
    if run:
        _emit_inline(run, out, opens_part)


def _first_line(exc: Exception) -> str:
    """soupsieve's messages span lines (the selector, a caret): the first says what is wrong."""
    lines = str(exc).strip().splitlines()
    return lines[0] if lines else type(exc).__name__


def _select_body(soup: BeautifulSoup, select: Sequence[str], source: str) -> list[Tag]:
    if not select:
        return find_body(soup.body or soup)
    matches: list[Tag] = []
    for selector in select:
        try:
            found = soup.select(selector)
        except Exception as exc:  # soupsieve's SelectorSyntaxError and friends
            raise ExtractionError(
                f"{source}: invalid CSS selector {selector!r}: {_first_line(exc)}", cause="bad_selector"
            ) from None
        matches.extend(m for m in found if not any(m is x or m in x.descendants for x in matches))
    if not matches:
        raise ExtractionError(
            f"{source}: selector {', '.join(select)!r} matched nothing", cause="selector_matched_nothing"
        )
    if len(matches) == 1:
        return matches
    wrapper = soup.new_tag("div")
    for match in matches:
        wrapper.append(match.extract())
    return [wrapper]


def _apply_layout_rules(soup: BeautifulSoup) -> None:
    """Disclosed panels shown, layered overviews and consent panels removed, openings of appended
    documents marked (``tracker.extract.layout``); before noise removal drops the controls."""
    controls = show_disclosed_panels(soup)
    remove_overviews(soup, controls)
    remove_consent_panels(soup)
    mark_part_openings(soup)


def html_blocks(
    content: bytes, content_type: str, select: Sequence[str], remove: Sequence[str], source: str
) -> tuple[list[Block], str | None, str | None]:
    """An HTML page as (blocks in reading order, title, "last updated" date); ``ExtractionError`` on bad selectors."""
    html = _decode_html(content, content_type)
    soup = BeautifulSoup(html, "lxml")
    title_tag = soup.find("title")
    page_title = normalize_text(title_tag.get_text()) if title_tag else None
    for selector in remove:
        try:
            for tag in soup.select(selector):
                tag.decompose()
        except Exception as exc:
            raise ExtractionError(
                f"{source}: invalid CSS selector {selector!r}: {_first_line(exc)}", cause="bad_selector"
            ) from None
    if "data-cfemail" in html:  # a CSS select over the whole tree costs more than this scan
        _reveal_obfuscated_emails(soup)
    _apply_layout_rules(soup)
    _remove_noise(soup)
    page_text = soup.get_text(" ")
    blocks: list[Block] = []
    for body in _select_body(soup, select, source):
        _walk(body, blocks)
    date = find_last_updated(" ".join(b.text for b in blocks)) or find_last_updated(normalize_text(page_text))
    h1 = soup.find("h1")
    title = normalize_text(h1.get_text(" ")) if h1 else page_title
    return blocks, title or None, date
