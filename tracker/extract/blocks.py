"""Shared by every format: text normalisation, the reading-order ``Block``, heading tests, and
grouping blocks into sections of clauses with stable ids (the slug of the heading path)."""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

from tracker.extract.dates import is_date_line
from tracker.extract.lookalike import BIDI_CONTROLS
from tracker.extract.parts import document_kinds, is_part_title
from tracker.extract.tree import is_collapsed
from tracker.models import Clause, Section

# "3.", "3.2", "3.2.1 Title", "IV. Title", "B. Title"; a bare "10 Title" is more often an address line
_NUMBERED_HEADING = re.compile(r"^(?P<num>(?:\d{1,2}\.){1,4}\d{0,2}|[IVX]{1,5}\.|[A-Z]\.)\s+(?P<title>\S.*)$")
_NOT_SLUG = re.compile(r"[^a-z0-9]+")
_DEFINITION = re.compile(r"^[A-Z][\w '’/-]{1,40}: \S")  # "Personal data: any information ..."
_RESIDENTS = re.compile(r"\bresidents?\b|\bansässig|\brésidents?\b", re.IGNORECASE)
_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
# zero-width and bidirectional controls (``lookalike.strip_bidi``) removed in one scan: deleting
# two sets of characters one after the other deletes their union
_INVISIBLE = re.compile(_ZERO_WIDTH.pattern[:-1] + BIDI_CONTROLS.pattern[1:])


def normalize_text(text: str) -> str:
    """NFKC, zero-width and bidirectional control characters removed, whitespace collapsed to
    single spaces."""
    if not text.isascii():  # NFKC leaves ASCII as it is, and the removed characters are not ASCII
        if "\xa0" in text:
            # NFKC is NFKD then composition, and NFKD(U+00A0) is U+0020: the same NFKC either way,
            # but a text whose only change is its no-break spaces then takes NFKC's quick check
            text = text.replace("\xa0", " ")
        text = _INVISIBLE.sub("", unicodedata.normalize("NFKC", text))
    if is_collapsed(text):
        return text
    return " ".join(text.split())  # str.split's whitespace is the regex \s, and several times faster


def slugify(text: str) -> str:
    """A lower-case ASCII slug for section ids ("3.2 Data Retention" → "3-2-data-retention")."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = _NOT_SLUG.sub("-", ascii_text.lower()).strip("-")
    return slug[:80].strip("-") or "section"


def looks_like_heading_text(text: str) -> bool:
    """Short enough for a heading, not ending like a sentence or mid-sentence (on "and", "or"), not a
    date line."""
    if len(text) > 140:
        return False
    words = text.split()
    if not 0 < len(words) <= 16 or text.endswith((".", ";", ",")) or words[-1].lower() in _RUNS_ON:
        return False
    return not is_date_line(text)


# a line ending on a conjunction goes on in the next one: "as a listed country; and", "Name und"
_RUNS_ON = frozenset({"and", "or", "nor", "und", "oder", "sowie", "et", "ou", "ni"})


# Sectioning asks these of the same line up to four times (pseudo-headings looked at forwards,
# backwards and in place): pure functions of the text, each answer is kept for a while.
@functools.lru_cache(maxsize=8192)
def is_all_caps_heading(text: str) -> bool:
    """An ALL-CAPS line that reads as a heading ("DATA TRANSFERS"), not a code of letters and
    digits such as a postcode ("D02 PY28", "SW1A 1AA"): three of its letters are in words
    without a digit."""
    if not looks_like_heading_text(text):  # cheap, and rules out every long paragraph first
        return False
    letters = [c for c in text if c.isalpha()]
    if len(letters) < 3 or not all(c.isupper() for c in letters):
        return False
    return sum(sum(c.isalpha() for c in word) for word in text.split() if not any(c.isdigit() for c in word)) >= 3


@functools.lru_cache(maxsize=8192)
def numbered_heading_level(text: str) -> int | None:
    """Level for "3.2 Retention"-style headings (2 + depth), None for anything else."""
    match = _NUMBERED_HEADING.match(text)
    if not match or not looks_like_heading_text(text):
        return None
    title = match.group("title")
    if not title[:1].isupper() or len(title.split()) > 10:
        return None
    num = match.group("num").rstrip(".")
    return 2 + num.count(".")


# --------------------------------------------------------------------------- blocks


@dataclass
class Block:
    """One unit of text in reading order, before sectioning."""

    kind: str  # "heading", "paragraph", "list_item", "table_row", "definition"
    text: str
    level: int = 0  # heading level
    depth: int = 0  # list depth
    strong: bool = False  # heading candidates: the whole line was bold
    part: bool = False  # the line follows an anchor naming a document (tracker.extract.layout)
    contents: bool = False  # the line is a link to a place on the same page: a contents entry


def _heading_candidate(block: Block) -> bool:
    """A paragraph that may be read as a heading: not a contents entry ("1. <a href="#scope">SCOPE</a>"
    names a section; it does not open one)."""
    return block.kind == "paragraph" and not block.contents


def _is_pseudo_heading(block: Block) -> bool:
    return _heading_candidate(block) and (
        block.strong or is_all_caps_heading(block.text) or numbered_heading_level(block.text) is not None
    )


def _real_heading_follows(blocks: list[Block]) -> list[bool]:
    """For each block: is the next heading-like block after it a real heading (not a pseudo-heading)?"""
    follows = [False] * len(blocks)
    real = False
    for index in range(len(blocks) - 1, -1, -1):
        follows[index] = real
        block = blocks[index]
        if block.kind == "heading":
            real = True
        elif _is_pseudo_heading(block):
            real = False
    return follows


def _own_kind_resumes(blocks: list[Block], page_kinds: set[str]) -> list[bool]:
    """For each block: does a heading-like line after it name a part of the page's own kind
    ("Enforcement of terms" later in terms of service)? Then what comes before is not appended."""
    resumes = [False] * len(blocks)
    seen = False
    for index in range(len(blocks) - 1, -1, -1):
        resumes[index] = seen
        block = blocks[index]
        if page_kinds and (block.kind == "heading" or _is_pseudo_heading(block)):
            text = block.text.rstrip(":")
            seen = seen or (is_part_title(text) and bool(document_kinds(text) & page_kinds))
    return resumes


def _opens_part(block: Block, real_heading_next: bool, page_kinds: set[str]) -> bool:
    """A line that opens another document appended to this one ("Cookie Notice", "Supplemental
    Notice for California Residents"): set apart from the sections around it (after an anchor
    naming a document, or a bold / ALL-CAPS line followed by real headings), a document's title,
    and of another kind than the page's own title (or a notice for residents of somewhere)."""
    if not (block.part or (real_heading_next and (block.strong or is_all_caps_heading(block.text)))):
        return False
    text = block.text.rstrip(":")
    if not looks_like_heading_text(text) or not is_part_title(text):
        return False
    return bool(document_kinds(text) - page_kinds) or bool(_RESIDENTS.search(text))


def _headed_blocks(blocks: list[Block], page_title: str | None) -> tuple[list[Block], str | None]:
    """Pseudo-headings and part openings turned into headings; the single h1 taken as the title.
    (A heading's closing colon is dropped by ``sections_of``, for every heading alike.)"""
    real_levels = sorted({b.level for b in blocks if b.kind == "heading"})
    h1_count = sum(1 for b in blocks if b.kind == "heading" and b.level == 1)
    pseudo_level = 3 if any(level == 2 for level in real_levels) else 2

    headed: list[Block] = []
    title: str | None = None
    real_heading_next = _real_heading_follows(blocks)
    page_kinds = document_kinds(page_title or "")
    resumes = _own_kind_resumes(blocks, page_kinds)
    for index, block in enumerate(blocks):
        if block.kind == "heading" and block.level == 1 and h1_count == 1 and title is None:
            title = block.text  # the page title, not a section of its own
            continue
        if (
            _heading_candidate(block)
            and headed
            and not resumes[index]
            and _opens_part(block, real_heading_next[index], page_kinds)
        ):
            headed.append(Block("heading", block.text, level=1))
            continue
        if _heading_candidate(block):
            numbered = numbered_heading_level(block.text)
            if block.strong and looks_like_heading_text(block.text.rstrip(":")):
                headed.append(Block("heading", block.text, level=numbered or pseudo_level))
                continue
            if is_all_caps_heading(block.text) or numbered:
                headed.append(Block("heading", block.text, level=numbered or pseudo_level))
                continue
        headed.append(block)

    return headed, title


def sections_of(blocks: list[Block], page_title: str | None = None) -> tuple[list[Section], str | None]:
    """Group blocks under headings; returns the sections and an h1 title when one was used as such.

    ``page_title`` (the page's h1 or ``<title>``) tells appended documents of another kind apart."""
    headed, title = _headed_blocks(blocks, page_title)
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
            # a heading's closing colon introduces its text, as a bold lead's does: "What we collect:"
            # in an <h3> reads as the same heading in a bold line or a PDF
            heading = block.text.rstrip(":").strip() or block.text
            stack.append((block.level, heading))
            current_heading, current_level = heading, block.level
            continue
        if is_date_line(block.text):
            continue
        kind = "list_item" if block.kind == "list_item" else block.kind
        if kind == "paragraph" and _DEFINITION.match(block.text):
            kind = "definition"
        if clauses and clauses[-1].text == block.text and clauses[-1].kind == kind:
            continue  # the same clause twice in a row is markup duplication (e.g. mobile + desktop copies)
        clauses.append(Clause(block.text, kind, block.depth))  # type: ignore[arg-type]
    close()
    # Headings with nothing under them and no sub-sections are kept: a heading alone is still text.
    return sections, title
