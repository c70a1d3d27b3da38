"""Markdown, plain text and PDF (via pypdf) → blocks, for the same sectioning as HTML."""

from __future__ import annotations

import io
import re

from tracker.extract.blocks import Block, is_all_caps_heading, normalize_text, numbered_heading_level
from tracker.extract.pdf_errors import unreadable_pdf

_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MD_EMPHASIS = re.compile(r"(\*\*|__|\*|_|`)")
_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_MD_LIST = re.compile(r"^(\s*)(?:[-*+]|\d{1,3}[.)])\s+(.*)$")
_MD_BOLD_LINE = re.compile(r"^\s*(\*\*|__)(.+?)\1\s*:?\s*$")


def _md_inline(text: str) -> str:
    return normalize_text(_MD_EMPHASIS.sub("", _MD_LINK.sub(r"\1", text)).replace("\\", ""))


def markdown_blocks(text: str) -> list[Block]:
    """Markdown as blocks: ATX/setext headings, nested lists, tables, bold lines, paragraphs."""
    blocks: list[Block] = []
    para: list[str] = []
    lines = text.replace("\r\n", "\n").split("\n")

    def flush() -> None:
        if para:
            joined = _md_inline(" ".join(para))
            if joined:
                blocks.append(Block("paragraph", joined))
            para.clear()

    index = 0
    while index < len(lines):
        line = lines[index]
        index += 1
        stripped = line.strip()
        # setext headings ("Title\n=====")
        if index < len(lines) and stripped and re.fullmatch(r"=+|-{3,}", lines[index].strip() or "x"):
            flush()
            blocks.append(Block("heading", _md_inline(stripped), level=1 if lines[index].strip()[0] == "=" else 2))
            index += 1
            continue
        if not stripped or re.fullmatch(r"[-*_]{3,}", stripped):
            flush()
            continue
        heading = _MD_HEADING.match(stripped)
        if heading:
            flush()
            blocks.append(Block("heading", _md_inline(heading.group(2)), level=len(heading.group(1))))
            continue
        item = _MD_LIST.match(line)
        if item:
            flush()
            depth = len(item.group(1).replace("\t", "    ")) // 2
            blocks.append(Block("list_item", _md_inline(item.group(2)), depth=min(depth, 6)))
            continue
        if stripped.startswith("|"):
            flush()
            cells = [c.strip() for c in stripped.strip("|").split("|")]
            if not all(re.fullmatch(r":?-{2,}:?", c) for c in cells if c):
                row = " | ".join(_md_inline(c) for c in cells if _md_inline(c))
                if row:
                    blocks.append(Block("table_row", row))
            continue
        bold = _MD_BOLD_LINE.match(line)
        if bold and not para:
            blocks.append(Block("paragraph", _md_inline(bold.group(2)), strong=True))
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


def plain_blocks(text: str) -> list[Block]:
    """Plain text (and PDF text) as blocks: paragraphs, bullet/numbered lists, caps or numbered headings."""
    blocks: list[Block] = []
    for chunk in re.split(r"\n\s*\n", text.replace("\r\n", "\n")):
        lines = [normalize_text(line) for line in chunk.split("\n") if line.strip()]
        if not lines:
            continue
        item = re.match(r"^(?:[-*•‣◦]|\d{1,3}[.)])\s+(.*)$", lines[0])
        if len(lines) > 1 and (is_all_caps_heading(lines[0]) or numbered_heading_level(lines[0])):
            blocks.append(Block("paragraph", lines[0]))
            lines = lines[1:]
        if item and all(re.match(r"^(?:[-*•‣◦]|\d{1,3}[.)])\s+", line) for line in lines):
            blocks.extend(Block("list_item", re.sub(r"^(?:[-*•‣◦]|\d{1,3}[.)])\s+", "", line)) for line in lines)
        else:
            blocks.append(Block("paragraph", normalize_text(" ".join(lines))))
    return blocks


def pdf_text(content: bytes, source: str) -> str:
    """The text of a PDF, page after page; ``ExtractionError`` (cause ``bad_pdf``) when unreadable."""
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(content))
        return "\n\n".join(page.extract_text() or "" for page in reader.pages)
    except Exception as exc:  # pypdf raises a wide variety of errors on malformed files
        raise unreadable_pdf(content, source, exc) from None


def decode_text(content: bytes, content_type: str) -> str:
    """A text body decoded by its declared charset when right, else by detection."""
    match = re.search(r"charset=([\w.:-]+)", content_type, re.IGNORECASE)
    if match:
        try:
            return content.decode(match.group(1))
        except (LookupError, UnicodeDecodeError):
            pass
    from bs4.dammit import UnicodeDammit  # beautifulsoup4 loads in ~0.4 s: only when detection is needed

    dammit = UnicodeDammit(content, ["utf-8", "windows-1252"])
    return dammit.unicode_markup or content.decode("utf-8", errors="replace")
