"""Extract and normalise: a fetched page → the policy body → clause sections.

HTML goes through beautifulsoup4 with lxml: noise is dropped (scripts, styles, hidden
elements, navigation, header/footer, cookie and consent banners, share widgets, forms,
tracking pixels), the policy body is the declared ``select`` or else found automatically
(``main``/``article``/``role=main`` when they hold most of the text, else the smallest container
holding most of the page's non-link text), and the body is split into sections at real headings
(``h1``-``h6``) and pseudo-headings (a short bold-only or ALL-CAPS line, a numbered heading
like "3.2 Retention"). Paragraphs, list items (with their depth), table rows and "Term: text"
definitions become clauses. Link targets are dropped (they carry rotating tokens); link text
is kept. Text is Unicode NFKC with whitespace collapsed; quotes are kept as found.

Markdown, plain text and PDF (via pypdf) take the same sectioning path from lines of text.
"""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from bs4 import BeautifulSoup, Comment, NavigableString, Tag
from bs4.dammit import UnicodeDammit
from bs4.element import PreformattedString

from tracker.errors import ExtractionError
from tracker.extract_dates import find_last_updated, is_date_line
from tracker.extract_parts import document_kinds, keep_tracked_document
from tracker.models import Clause, PolicyDocument, Section

EXTRACTOR_VERSION = "1.4"

__all__ = ["EXTRACTOR_VERSION", "extract", "extract_file", "find_last_updated"]

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
# "3.", "3.2", "3.2.1 Title", "IV. Title", "B. Title"; a bare "10 Title" is more often an address line
_NUMBERED_HEADING = re.compile(r"^(?P<num>(?:\d{1,2}\.){1,4}\d{0,2}|[IVX]{1,5}\.|[A-Z]\.)\s+(?P<title>\S.*)$")
_WS = re.compile(r"\s+")
_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")


# --------------------------------------------------------------------------- text helpers


def normalize_text(text: str) -> str:
    """NFKC, zero-width characters removed, whitespace collapsed to single spaces."""
    text = unicodedata.normalize("NFKC", text)
    text = _ZERO_WIDTH.sub("", text)
    return _WS.sub(" ", text).strip()


def slugify(text: str) -> str:
    """A lower-case ASCII slug for section ids ("3.2 Data Retention" → "3-2-data-retention")."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:80].strip("-") or "section"


def _looks_like_heading_text(text: str) -> bool:
    words = text.split()
    return 0 < len(words) <= 16 and len(text) <= 140 and not text.endswith((".", ";", ",")) and not is_date_line(text)


def _is_all_caps_heading(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 3 and all(c.isupper() for c in letters) and _looks_like_heading_text(text)


def _numbered_heading_level(text: str) -> int | None:
    """Level for "3.2 Retention"-style headings (2 + depth), None for anything else."""
    match = _NUMBERED_HEADING.match(text)
    if not match or not _looks_like_heading_text(text):
        return None
    title = match.group("title")
    if not title[:1].isupper() or len(title.split()) > 10:
        return None
    num = match.group("num").rstrip(".")
    return 2 + num.count(".")


# --------------------------------------------------------------------------- blocks


@dataclass
class _Block:
    """One unit of text in reading order, before sectioning."""

    kind: str  # "heading", "paragraph", "list_item", "table_row", "definition"
    text: str
    level: int = 0  # heading level
    depth: int = 0  # list depth
    strong: bool = False  # heading candidates: the whole line was bold


# --------------------------------------------------------------------------- HTML


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
    for node in root.find_all(string=lambda s: isinstance(s, Comment)):
        node.extract()
    for tag in root.find_all(_DROP_TAGS):
        tag.decompose()
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


def _emit_inline(
    nodes: list[Tag | NavigableString], out: list[_Block], kind: str = "paragraph", depth: int = 0
) -> None:
    for line in _lines_of(nodes):
        text = _inline_text(line)
        if not text:
            continue
        out.append(_Block(kind, text, depth=depth, strong=kind == "paragraph" and _is_bold_only(line)))


def _walk(tag: Tag, out: list[_Block], depth: int = 0) -> None:
    name = tag.name
    if name in _HEADINGS:
        text = normalize_text(_text_of(tag))
        if text:
            out.append(_Block("heading", text, level=_HEADINGS[name]))
        return
    if name == "tr":
        cells = [normalize_text(_text_of(c)) for c in tag.find_all(["td", "th"], recursive=False)]
        cells = [c for c in cells if c]
        if cells:
            out.append(_Block("table_row", " | ".join(cells)))
        return
    if name == "dl":
        term: str | None = None
        for child in tag.find_all(["dt", "dd"], recursive=False):
            text = normalize_text(_text_of(child))
            if child.name == "dt":
                term = text
            elif text:
                out.append(_Block("definition", f"{term}: {text}" if term else text))
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
            out.append(_Block("list_item", text, depth=depth))
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


def _select_body(soup: BeautifulSoup, select: Sequence[str], source: str) -> Tag:
    if not select:
        return _find_body(soup.body or soup)
    matches: list[Tag] = []
    for selector in select:
        try:
            found = soup.select(selector)
        except Exception as exc:  # soupsieve's SelectorSyntaxError and friends
            raise ExtractionError(f"{source}: invalid CSS selector {selector!r}: {exc}", cause="bad_selector") from None
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


def _html_blocks(
    content: bytes, content_type: str, select: Sequence[str], remove: Sequence[str], source: str
) -> tuple[list[_Block], str | None, str | None]:
    html = _decode_html(content, content_type)
    soup = BeautifulSoup(html, "lxml")
    title_tag = soup.find("title")
    page_title = normalize_text(title_tag.get_text()) if title_tag else None
    for selector in remove:
        try:
            for tag in soup.select(selector):
                tag.decompose()
        except Exception as exc:
            raise ExtractionError(f"{source}: invalid CSS selector {selector!r}: {exc}", cause="bad_selector") from None
    _reveal_obfuscated_emails(soup)
    _remove_noise(soup)
    page_text = soup.get_text(" ")
    body = _select_body(soup, select, source)
    blocks: list[_Block] = []
    _walk(body, blocks)
    date = find_last_updated(" ".join(b.text for b in blocks)) or find_last_updated(normalize_text(page_text))
    h1 = soup.find("h1")
    title = normalize_text(h1.get_text(" ")) if h1 else page_title
    return blocks, title or None, date


# --------------------------------------------------------------------------- text, Markdown, PDF

_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MD_EMPHASIS = re.compile(r"(\*\*|__|\*|_|`)")
_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_MD_LIST = re.compile(r"^(\s*)(?:[-*+]|\d{1,3}[.)])\s+(.*)$")
_MD_BOLD_LINE = re.compile(r"^\s*(\*\*|__)(.+?)\1\s*:?\s*$")


def _md_inline(text: str) -> str:
    return normalize_text(_MD_EMPHASIS.sub("", _MD_LINK.sub(r"\1", text)).replace("\\", ""))


def _markdown_blocks(text: str) -> list[_Block]:
    blocks: list[_Block] = []
    para: list[str] = []
    lines = text.replace("\r\n", "\n").split("\n")

    def flush() -> None:
        if para:
            joined = _md_inline(" ".join(para))
            if joined:
                blocks.append(_Block("paragraph", joined))
            para.clear()

    index = 0
    while index < len(lines):
        line = lines[index]
        index += 1
        stripped = line.strip()
        # setext headings ("Title\n=====")
        if index < len(lines) and stripped and re.fullmatch(r"=+|-{3,}", lines[index].strip() or "x"):
            flush()
            blocks.append(_Block("heading", _md_inline(stripped), level=1 if lines[index].strip()[0] == "=" else 2))
            index += 1
            continue
        if not stripped or re.fullmatch(r"[-*_]{3,}", stripped):
            flush()
            continue
        heading = _MD_HEADING.match(stripped)
        if heading:
            flush()
            blocks.append(_Block("heading", _md_inline(heading.group(2)), level=len(heading.group(1))))
            continue
        item = _MD_LIST.match(line)
        if item:
            flush()
            depth = len(item.group(1).replace("\t", "    ")) // 2
            blocks.append(_Block("list_item", _md_inline(item.group(2)), depth=min(depth, 6)))
            continue
        if stripped.startswith("|"):
            flush()
            cells = [c.strip() for c in stripped.strip("|").split("|")]
            if not all(re.fullmatch(r":?-{2,}:?", c) for c in cells if c):
                row = " | ".join(_md_inline(c) for c in cells if _md_inline(c))
                if row:
                    blocks.append(_Block("table_row", row))
            continue
        bold = _MD_BOLD_LINE.match(line)
        if bold and not para:
            blocks.append(_Block("paragraph", _md_inline(bold.group(2)), strong=True))
            continue
        if line.startswith("    ") and blocks and blocks[-1].kind == "list_item" and not para:
            blocks[-1].text = normalize_text(blocks[-1].text + " " + _md_inline(stripped))
            continue
        if stripped.startswith(">"):
            stripped = stripped.lstrip("> ")
        para.append(stripped)
        if line.endswith("  "):  # a Markdown hard line break ends the paragraph's line
            flush()
    flush()
    return blocks


def _plain_blocks(text: str) -> list[_Block]:
    blocks: list[_Block] = []
    for chunk in re.split(r"\n\s*\n", text.replace("\r\n", "\n")):
        lines = [normalize_text(line) for line in chunk.split("\n") if line.strip()]
        if not lines:
            continue
        item = re.match(r"^(?:[-*•‣◦]|\d{1,3}[.)])\s+(.*)$", lines[0])
        if len(lines) > 1 and (_is_all_caps_heading(lines[0]) or _numbered_heading_level(lines[0])):
            blocks.append(_Block("paragraph", lines[0]))
            lines = lines[1:]
        if item and all(re.match(r"^(?:[-*•‣◦]|\d{1,3}[.)])\s+", line) for line in lines):
            blocks.extend(_Block("list_item", re.sub(r"^(?:[-*•‣◦]|\d{1,3}[.)])\s+", "", line)) for line in lines)
        else:
            blocks.append(_Block("paragraph", normalize_text(" ".join(lines))))
    return blocks


def _pdf_text(content: bytes, source: str) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(content))
        return "\n\n".join(page.extract_text() or "" for page in reader.pages)
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, IndexError, OSError) as exc:
        raise ExtractionError(f"{source}: unreadable PDF: {exc}", cause="bad_pdf") from None
    except Exception as exc:  # pypdf raises a wide variety of errors on malformed files
        raise ExtractionError(f"{source}: unreadable PDF: {type(exc).__name__}", cause="bad_pdf") from None


def _decode_text(content: bytes, content_type: str) -> str:
    match = re.search(r"charset=([\w.:-]+)", content_type, re.IGNORECASE)
    if match:
        try:
            return content.decode(match.group(1))
        except (LookupError, UnicodeDecodeError):
            pass
    dammit = UnicodeDammit(content, ["utf-8", "windows-1252"])
    return dammit.unicode_markup or content.decode("utf-8", errors="replace")


# --------------------------------------------------------------------------- sectioning


def _sections(blocks: list[_Block]) -> tuple[list[Section], str | None]:
    """Group blocks under headings; returns the sections and an h1 title when one was used as such."""
    real_levels = sorted({b.level for b in blocks if b.kind == "heading"})
    h1_count = sum(1 for b in blocks if b.kind == "heading" and b.level == 1)
    pseudo_level = 3 if any(level == 2 for level in real_levels) else 2

    headed: list[_Block] = []
    title: str | None = None
    for block in blocks:
        if block.kind == "heading" and block.level == 1 and h1_count == 1 and title is None:
            title = block.text  # the page title, not a section of its own
            continue
        if block.kind == "paragraph":
            numbered = _numbered_heading_level(block.text)
            if block.strong and _looks_like_heading_text(block.text.rstrip(":")):
                headed.append(_Block("heading", block.text.rstrip(":").strip(), level=numbered or pseudo_level))
                continue
            if _is_all_caps_heading(block.text) or numbered:
                headed.append(_Block("heading", block.text, level=numbered or pseudo_level))
                continue
        headed.append(block)

    sections: list[Section] = []
    stack: list[tuple[int, str]] = []
    current_heading, current_level = "", 0
    clauses: list[Clause] = []
    used_ids: dict[str, int] = {}

    def close() -> None:
        if not clauses and not current_heading:
            return
        path = tuple(h for _, h in stack) if current_heading else ()
        base = slugify("--".join(path)) if path else "preamble"
        count = used_ids.get(base, 0) + 1
        used_ids[base] = count
        section_id = base if count == 1 else f"{base}-{count}"
        sections.append(Section(section_id, current_heading, path, current_level, tuple(clauses)))

    for block in headed:
        if block.kind == "heading" and is_date_line(block.text):
            continue  # "Last Updated: June 11, 2021" set as a heading is metadata, not a section
        if block.kind == "heading":
            close()
            clauses = []
            while stack and stack[-1][0] >= block.level:
                stack.pop()
            stack.append((block.level, block.text))
            current_heading, current_level = block.text, block.level
            continue
        if is_date_line(block.text):
            continue
        kind = "list_item" if block.kind == "list_item" else block.kind
        if kind == "paragraph" and re.match(r"^[A-Z][\w '’/-]{1,40}: \S", block.text):
            kind = "definition"
        if clauses and clauses[-1].text == block.text and clauses[-1].kind == kind:
            continue  # the same clause twice in a row is markup duplication (e.g. mobile + desktop copies)
        clauses.append(Clause(block.text, kind, block.depth))  # type: ignore[arg-type]
    close()
    # Headings with nothing under them and no sub-sections are kept: a heading alone is still text.
    return sections, title


# --------------------------------------------------------------------------- public API

_HTML_TYPES = ("text/html", "application/xhtml+xml", "application/xml", "text/xml")


def extract(
    content: bytes,
    content_type: str,
    *,
    url: str | None = None,
    select: Sequence[str] = (),
    remove: Sequence[str] = (),
    name: str | None = None,
) -> PolicyDocument:
    """Turn a fetched body into a ``PolicyDocument``; ``ExtractionError`` when there is no policy text.

    ``content_type`` is the HTTP Content-Type (its charset is honoured when right). Supported:
    HTML/XHTML, PDF, plain text and Markdown. ``name`` is the tracked document's name (e.g.
    "Acme Privacy Policy"); on a page holding several documents (terms, privacy, copyright ...)
    it, or else the URL's path, picks the part to keep (see ``tracker.extract_parts``).
    """
    source = url or "document"
    ctype = (content_type or "").split(";")[0].strip().lower()
    try:
        if ctype in _HTML_TYPES or (not ctype and content.lstrip()[:1] == b"<"):
            blocks, title, date = _html_blocks(content, content_type or "", select, remove, source)
        elif ctype == "application/pdf":
            text = _pdf_text(content, source)
            blocks, title, date = _plain_blocks(text), None, find_last_updated(normalize_text(text))
        elif ctype in {"text/markdown", "text/x-markdown"}:
            text = _decode_text(content, content_type)
            blocks, title, date = _markdown_blocks(text), None, find_last_updated(normalize_text(text))
        elif ctype == "text/plain":
            text = _decode_text(content, content_type)
            blocks, title, date = _plain_blocks(text), None, find_last_updated(normalize_text(text))
        else:
            raise ExtractionError(
                f"{source}: unsupported content type {ctype or 'unknown'!r}", cause="unsupported_content_type"
            )
    except ExtractionError:
        raise
    except RecursionError:
        raise ExtractionError(f"{source}: document nested too deeply to extract", cause="malformed") from None
    sections, h1_title = _sections(blocks)
    hint = name if name and document_kinds(name) else (urlsplit(url).path if url else None)
    sections = keep_tracked_document(sections, hint)
    if not any(s.clauses for s in sections):
        raise ExtractionError(f"{source}: no policy text found (empty page or body)", cause="empty")
    return PolicyDocument(title=title or h1_title, last_updated=date, sections=tuple(sections))


_TYPES_BY_SUFFIX = {
    ".html": "text/html",
    ".htm": "text/html",
    ".xhtml": "application/xhtml+xml",
    ".md": "text/markdown",
    ".markdown": "text/markdown",
    ".pdf": "application/pdf",
    ".txt": "text/plain",
}


def extract_file(path: str | Path, select: Sequence[str] = (), remove: Sequence[str] = ()) -> PolicyDocument:
    """Extract a local file, its type chosen by extension (.html, .md, .pdf, .txt)."""
    path = Path(path)
    ctype = _TYPES_BY_SUFFIX.get(path.suffix.lower())
    if ctype is None:
        raise ExtractionError(
            f"{path}: unsupported file type {path.suffix or '(none)'!r} (use .html, .md, .pdf or .txt)",
            cause="unsupported_content_type",
        )
    try:
        content = path.read_bytes()
    except OSError as exc:
        raise ExtractionError(f"{path}: cannot read: {exc.strerror}", cause="io") from None
    return extract(content, ctype, url=str(path), select=select, remove=remove)
