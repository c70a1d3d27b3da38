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
from tracker.extract.dates import find_last_updated

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


def _measure(tag: Tag, sizes: dict[int, tuple[int, int]]) -> tuple[int, int]:
    """Fill ``sizes`` with (text length, text length inside links) for ``tag`` and its descendants."""
    total = links = 0
    for child in tag.children:
        if isinstance(child, Tag):
            child_total, child_links = _measure(child, sizes)
            total += child_total
            links += child_total if child.name == "a" else child_links
        elif isinstance(child, NavigableString) and not isinstance(child, PreformattedString):
            total += len(" ".join(child.split()))
    sizes[id(tag)] = (total, links)
    return total, links


def _find_body(root: Tag) -> Tag:
    """The element holding the policy: main/article if they hold most text, else the densest container."""
    sizes: dict[int, tuple[int, int]] = {}
    page_total, page_links = _measure(root, sizes)
    if page_total == 0:
        return root
    page_text = page_total - page_links
    for candidate in root.select("main, [role=main], article"):
        total, links = sizes[id(candidate)]
        if total - links >= 0.6 * page_text:
            root = candidate
            break
    node = root
    while True:
        node_total, node_links = sizes[id(node)]
        node_text = max(node_total - node_links, 1)
        best: Tag | None = None
        best_text = 0
        for child in node.find_all(True, recursive=False):
            total, links = sizes[id(child)]
            if total - links > best_text:
                best, best_text = child, total - links
        if best is None or best_text < 0.85 * node_text:
            return node
        node = best


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


def _emit_inline(nodes: list[Tag | NavigableString], out: list[Block], kind: str = "paragraph", depth: int = 0) -> None:
    for line in _lines_of(nodes):
        text = _inline_text(line)
        if not text:
            continue
        out.append(Block(kind, text, depth=depth, strong=kind == "paragraph" and _is_bold_only(line)))


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
    for part in tag.children:
        if isinstance(part, Comment):
            continue
        if isinstance(part, Tag) and _is_block(part):
            if run:
                _emit_inline(run, out)
                run = []
            if part.name != "hr":
                _walk(part, out, depth)
        elif isinstance(part, (Tag, NavigableString)):
            run.append(part)
    if run:
        _emit_inline(run, out)


def _first_line(exc: Exception) -> str:
    """soupsieve's messages span lines (the selector, a caret): the first says what is wrong."""
    lines = str(exc).strip().splitlines()
    return lines[0] if lines else type(exc).__name__


def _select_body(soup: BeautifulSoup, select: Sequence[str], source: str) -> Tag:
    if not select:
        return _find_body(soup.body or soup)
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
        return matches[0]
    wrapper = soup.new_tag("div")
    for match in matches:
        wrapper.append(match.extract())
    return wrapper


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
    _remove_noise(soup)
    page_text = soup.get_text(" ")
    body = _select_body(soup, select, source)
    blocks: list[Block] = []
    _walk(body, blocks)
    date = find_last_updated(" ".join(b.text for b in blocks)) or find_last_updated(normalize_text(page_text))
    h1 = soup.find("h1")
    title = normalize_text(h1.get_text(" ")) if h1 else page_title
    return blocks, title or None, date
