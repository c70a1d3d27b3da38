"""PDF policies with their structure: headings from the layout, clauses from the line geometry.

pdfplumber (on pdfminer.six) gives every text line with its position and its characters' font
size and name. From them:

- **running headers and footers** — lines in the top or bottom tenth of the page whose text,
  digits aside, comes back at the same height on at least half the pages (two at least) — and
  page numbers
  ("3", "Page 3 of 5", "3/5") in those margins are dropped; on a one-page PDF, a first or last line
  in the margin set well under the body's size and laid out apart goes too (``pdf_running``);
- **headings** are lines set larger than the body text (the most common size, by characters):
  each larger size is a level, largest first (a size under 12 % larger only for its bold lines,
  where they are short); a line in another subset of the body's face is bold (``pdf_chars``); a
  short bold line at body size is a bold pseudo-heading candidate as in HTML (``Block.strong``);
  consecutive heading lines of one size are one heading;
- **heading styles**: a bold style set smaller than the body text that is used for headings
  (at least three lines set alone in it, two in three reading as headings) makes every line
  set alone in it a heading, a numbered one nested under the size levels (as an ``<h5>`` under
  the ``<h2>`` parts of a legal hub);
- **clauses**: lines join into one paragraph until a vertical gap wider than half the font size,
  a heading, or a list bullet (a small drawn disc or square left of the line, or a "•", "–",
  "1.", "a)" start) — a bullet starts a list item; a bold numbered line indented from the body
  text's left edge ("A. Your account" of a lettered list) is a list item too; a paragraph
  running onto the next page goes on unless the last line ended a sentence;
- **line breaks**: a line broken on purpose, as by a ``<br>``, starts a new clause, as the HTML
  reading splits at ``<br>`` (address lines, two bold lines that are two pseudo-headings): it is
  short (at most 60 % of the width it had), reads as a heading or an address (bold, ALL CAPS, at
  most eight words), and the next line's first word would have fitted before the right edge
  with two ems to spare (the edge: the 95th percentile of the body lines' ends, never beyond the
  longest line of the page starting at or left of it, nor beyond a box's edge), unless it starts
  a numbered title the next line ends (a title wrapped in a narrow box); a line in another style
  goes on with a paragraph whose last line was full (a bold link wrapped alone), unless it sits
  closer to it than body lines do (a heading set with a tighter line height);
- **letter spacing**: a line letter-spaced unlike the body text (by more than 1 % of an em) is
  set apart as a bold one is, when the body lines share one spacing: a heading style may keep
  the body's font, size and weight;
- **printed page chrome**: characters a printed web page draws again at the same place on most
  pages, over its text (a fixed cookie panel), are dropped before the lines are read
  (``tracker.extract.pdf_overlay``); a line centred in the text column is set apart
  (``Block.part``), so a centred title of another document appended to the policy opens a part
  (in a heading's size too, after text); a site footer (titles heading no text) and a site header (menu rows before the
  top-level title) go (``pdf_footer``);
- **run-in leads**: a line opening larger and ending in the body's size is a paragraph's, no heading;
- **table rows**: a line with gaps wider than three font sizes between its characters is a row
  of cells ("Purpose | Legal basis"), never a heading; so is every line of a table whose cells
  wrap over several lines, set side by side at interleaved heights (``tracker.extract.pdf_tables``).
"""

from __future__ import annotations

import io
import re
import statistics
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from tracker.extract.blocks import Block, normalize_text, numbered_heading_level
from tracker.extract.parts import is_part_title
from tracker.extract.pdf_chars import covered_spaces, emboldened_subsets, lean_objects
from tracker.extract.pdf_errors import unreadable_pdf
from tracker.extract.pdf_footer import without_site_footer, without_site_header
from tracker.extract.pdf_headings import (
    SECTION_NUMBER,
    heading_levels,
    numbered_headings,
    run_in_leads,
    styled_headings,
    text_before,
    without_callouts,
)
from tracker.extract.pdf_overlay import MARGIN, repeated_chars
from tracker.extract.pdf_running import drop_running
from tracker.extract.pdf_spacing import Centred, RightEdge, letter_spacing, line_spacing, mark_tracked, tightest_gap
from tracker.extract.pdf_tables import table_lines
from tracker.extract.pdf_words import first_word, joined, row_cells, word_width

_BULLET_TEXT = re.compile(r"^(?:[•·▪◦‣\-–—*]|\(?\d{1,2}[.)]|\(?[a-z][.)])\s+")
_NUMBERED_ITEM = re.compile(r"^\(?(?:\d{1,2}|[a-z])[.)]\s+")  # "2. ", "b) ": an item numbered, not dashed
_GLUED_MARKER = re.compile(r"^\(?(?:\d{1,2}|[a-z])[.)](?=[^\W\d_])")  # "1.IMPORTANT": a list's marker set tight
_BOLD = re.compile(r"bold|black|heavy|semibold|demi", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.:;!?»”\")]$")


@dataclass
class _Line:
    page: int
    text: str
    top: float
    bottom: float
    x0: float
    x1: float
    size: float
    bold: bool
    bullet: bool
    margin: bool  # in the page's top or bottom margin
    first_word: float = 0.0  # the width of the line's first word
    tracking: float | None = None  # letter spacing in ems (the usual gap inside words), None if too few
    tracked: bool = False  # letter-spaced unlike the body text (set in pdf_blocks)
    cells: tuple[str, ...] = ()  # the texts of a table row's cells, when the line has column gaps
    tail_size: float = 0.0  # the size its last characters are set in (a run-in lead's text goes on smaller)
    head_bold: bool = False  # its first word is bold (a bold lead ending on this line opens it)

    @property
    def emphasised(self) -> bool:
        """Set apart from the body text by its style at the same size: bold, or letter-spaced
        unlike the body (a heading style that keeps the body's font and weight)."""
        return self.bold or self.tracked


def _lines(content: bytes, source: str) -> tuple[list[_Line], int]:
    import pdfplumber

    try:
        with pdfplumber.open(io.BytesIO(content)) as pdf:
            for page in pdf.pages:
                lean_objects(page)  # characters and small shapes only, read once
            chars, heights = [p.chars for p in pdf.pages], [float(p.height) for p in pdf.pages]
            drop = repeated_chars(chars, heights)  # drawn again
            for dropped, page_chars in zip(drop, chars, strict=True):
                dropped.update(covered_spaces(page_chars))  # a space over a glyph: no word gap
            bold = emboldened_subsets(chars, heights, MARGIN)
            lines = [
                line
                for number, page in enumerate(pdf.pages)
                for line in _page_lines(number, page.filter(_keep(drop[number])), bold)
            ]
            return lines, len(pdf.pages)
    except Exception as exc:  # pdfminer raises a wide variety of errors on malformed files
        raise unreadable_pdf(content, source, exc) from None


def _keep(dropped: set[int]) -> Callable[[object], bool]:
    """The test of ``Page.filter`` that leaves out the characters ``dropped`` (their ``id``)."""
    return lambda obj: id(obj) not in dropped


def _page_lines(number: int, page: object, emboldened: frozenset[str] = frozenset()) -> list[_Line]:
    height = float(page.height)  # type: ignore[attr-defined]
    marks = [
        (float(g["top"]), float(g["bottom"]), float(g["x1"]))
        for g in (*page.curves, *page.rects)  # type: ignore[attr-defined]
        if float(g["x1"]) - float(g["x0"]) <= 8 and float(g["bottom"]) - float(g["top"]) <= 8
    ]
    out = []
    for line in page.extract_text_lines(return_chars=True):  # type: ignore[attr-defined]
        text = normalize_text(line["text"])
        chars = [c for c in line["chars"] if c["text"].strip()]
        if not text or not chars:
            continue
        top, bottom, x0 = float(line["top"]), float(line["bottom"]), float(line["x0"])
        bullet = any(t < bottom and b > top and x1 <= x0 for t, b, x1 in marks)
        size = round(statistics.median(float(c["size"]) for c in chars), 1)
        head = first_word(line["chars"], size)
        out.append(
            _Line(
                page=number,
                text=text,
                top=top,
                bottom=bottom,
                x0=x0,
                x1=float(line["x1"]),
                size=size,
                # bold only when (nearly) the whole line is: a bold run-in lead ("Our commitment. We
                # design ...") wrapping into regular text is the start of a paragraph, not a heading
                bold=sum(_bold(c.get("fontname", ""), emboldened) for c in chars) >= 0.9 * len(chars),
                bullet=bullet,
                margin=top < height * MARGIN or bottom > height * (1 - MARGIN),
                first_word=word_width(head),
                tracking=letter_spacing(chars, size),
                cells=row_cells(line["chars"], size),
                tail_size=round(statistics.median(float(c["size"]) for c in chars[-8:]), 1),
                head_bold=all(_bold(str(c.get("fontname", "")), emboldened) for c in head if str(c["text"]).isalnum()),
            )
        )
    return out


def _bold(fontname: str, emboldened: frozenset[str]) -> bool:
    return bool(_BOLD.search(fontname)) or fontname in emboldened


def pdf_blocks(content: bytes, source: str) -> list[Block]:
    """The blocks (headings, paragraphs, list items) of a PDF in reading order; ``ExtractionError``
    (cause ``bad_pdf``) when it cannot be read. A PDF without a text layer gives no blocks."""
    lines, pages = _lines(content, source)
    lines = drop_running(lines, pages)
    if not lines:
        return []
    sizes: Counter[float] = Counter()
    for line in lines:
        sizes[line.size] += len(line.text)
    body = sizes.most_common(1)[0][0]
    run_in_leads(lines, body)
    mark_tracked(lines, body)
    spacing = line_spacing(lines, body)
    floor = tightest_gap(lines, body)
    right = RightEdge(lines, body, spacing)
    left = Counter(round(line.x0) for line in lines if line.size == body).most_common(1)[0][0]
    starts = sorted(line.x0 for line in lines if line.size == body)
    flush = min(left, starts[len(starts) // 20])  # the text's left margin (left of a page's list items)
    centred = Centred(left, right.edge)
    levels = heading_levels(lines, set(sizes), body, left, right.edge)
    blocks: list[Block] = []
    styles: list[tuple[float, bool] | None] = []  # per block: the style of its one line, None when longer
    previous: _Line | None = None
    title_open = False  # the last block is one line that a plain numbered title started
    table = table_lines(lines, left, right.edge - left, spacing)  # the lines of tables whose cells wrap
    for index, line in enumerate(lines):
        level = levels.get(line.size, 0) if line.bold or line.size > body * 1.12 else 0
        text = line.text
        listed, plain_title = _listed(lines, index, (left, flush), body)
        if len(line.cells) > 1 or index in table:  # a table row: never a heading, never joined
            blocks.append(Block("table_row", " | ".join(line.cells) or text))
            styles.append(None)
        elif (
            blocks
            and previous is not None
            and not previous.cells
            and index - 1 not in table
            and _continues(previous, line, blocks[-1], level, listed or plain_title, (spacing, floor), right)
            # a plain numbered title ends on its line unless it wrapped ("6. Is your data sent abroad?"
            # and the text set under it at the paragraph's line spacing, its headings' style lost)
            and not (title_open and not _full(previous, line, right))
        ):
            last = blocks[-1]
            part = last.part and centred(line)  # a title centred over two lines stays set apart
            blocks[-1] = Block(last.kind, joined(last.text, text), last.level, 0, last.strong, part)
            styles[-1] = None
            title_open = False
        else:
            title_open = plain_title
            if not level and not listed and previous is not None and _described(previous, line, blocks[-1], spacing):
                blocks[-1] = Block("paragraph", blocks[-1].text)  # a term, not a pseudo-heading
                styles[-1] = None
            blocks.append(_opened(line, level, listed, centred, blocks))
            styles.append((line.size, line.bold) if not level and not line.bullet else None)
        previous = line
    blocks = numbered_headings(styled_headings(blocks, styles, body, len(levels) + 1), len(levels) + 1)
    blocks = without_callouts(blocks)
    return without_site_header(without_site_footer(blocks))


def _opened(line: _Line, level: int, listed: bool, centred: Centred, blocks: list[Block]) -> Block:
    """The block ``line`` opens after ``blocks``: a heading at its size's ``level``, a list item,
    or a paragraph (set apart when emphasised or centred); a centred title of a document after
    text is set apart as an appended part's opening."""
    if level and centred(line) and is_part_title(line.text) and text_before(blocks):
        return Block("paragraph", line.text, strong=True, part=True)
    if level:
        return Block("heading", line.text, level=min(level, 6))
    if listed:
        return Block("list_item", re.sub(r"^[•·▪◦‣]\s*", "", line.text))
    return Block("paragraph", line.text, strong=line.emphasised, part=centred(line))


def _listed(lines: list[_Line], index: int, edges: tuple[float, float], body: float) -> tuple[bool, bool]:
    """Whether line ``index`` starts a list item, and whether it is a plain numbered title (a
    heading candidate that starts a block of its own). ``edges``: the body text's usual left edge
    and the text's left margin (left of both lines and list items)."""
    line, (left, flush) = lines[index], edges
    text = line.text
    # a bold numbered line ("1. Scope", "11. A title too long for a numbered heading") is a
    # heading candidate, not a list item, unless it is indented from the body text's left edge
    # as a numbered list's items are ("A. Account")
    indented = line.x0 > left + body * 0.5
    long_title = not indented and bool(SECTION_NUMBER.match(text))
    numbered = line.emphasised and (numbered_heading_level(text) is not None or long_title)
    # a numbered title at the text's left margin ("1. What data we process?"), in the body's
    # style, numbered in digits, is a heading candidate too: a list's items are indented (a page
    # whose headings lost their style to another printer), unless a line next to it is numbered
    # as an item is (a table of contents set flush left); a dash item next to it is a list's that
    # the title follows or opens
    plain_title = line.x0 <= flush + body * 0.5 and not numbered and bool(SECTION_NUMBER.match(text))
    plain_title = plain_title and numbered_heading_level(text) is not None
    plain_title = plain_title and not any(
        _NUMBERED_ITEM.match(n.text) for n in lines[max(0, index - 1) : index + 2] if n is not line
    )
    listed = line.bullet or (numbered and indented) or (bool(_BULLET_TEXT.match(text)) and not numbered)
    listed = listed and not plain_title
    listed = listed or (indented and bool(_GLUED_MARKER.match(text)))  # an indented item, marker set tight
    return listed, plain_title


def _continues(
    previous: _Line,
    line: _Line,
    block: Block,
    level: int,
    listed: bool,
    gaps: tuple[float, float],
    right: RightEdge,
) -> bool:
    """True when ``line`` goes on with the block ``previous`` ended (same kind, no gap or bullet,
    and ``previous`` not broken off on purpose, see ``_broken_off``). ``gaps``: the document's
    usual and tightest usual gap between body lines. A line in another style goes on only when
    ``previous`` was full and the line sits no closer to it than body lines do: a bold link at
    the end of a paragraph that wrapped onto a line of its own ("... log files. [LEARN MORE]") is
    still the paragraph; a heading set with a tighter line height than the body (a line box of
    a paragraph is never smaller than its lines') is not, even after a full line."""
    spacing, floor = gaps
    if level or block.kind == "heading":  # a heading wrapped over lines, unless the line starts a numbered one
        same = bool(level) and block.kind == "heading" and line.size == previous.size
        wrapped = _close(previous, line) or _wrapped_heading(previous, line, right)
        return same and wrapped and numbered_heading_level(line.text) is None
    if listed or _broken_off(previous, line, right):
        return False
    if line.emphasised != previous.emphasised and not (
        _full(previous, line, right) and _close(previous, line) and not _tighter(previous, line, floor)
    ):
        return _lead_ends(previous, line)
    if line.page != previous.page:  # a line that plainly had room left ended its clause on its page
        return not _SENTENCE_END.search(previous.text) and _room(previous, line, right) < 2 * previous.size
    if _close(previous, line):
        return True
    # a gap as wide as the document's usual line spacing joins a sentence that runs on
    gap = line.top - previous.bottom
    return spacing > 0 and gap <= spacing + previous.size * 0.5 and not _SENTENCE_END.search(previous.text)


def _described(term: _Line, line: _Line, block: Block, spacing: float) -> bool:
    """``block`` is the one line ``term``, set apart at the body's size (a bold pseudo-heading
    candidate), and ``line``, a regular line set right under it and indented from it by two ems
    or more, starts its description: a definition list's term and the ``<dd>`` that hangs under
    it ("Claims handler" / "Assesses and pays claims ..."). A heading's text starts at the
    heading's own left edge; the HTML reading reads a ``<dt>`` as a paragraph."""
    if block.kind != "paragraph" or not block.strong or block.text != term.text or line.emphasised:
        return False
    gap = line.top - term.bottom
    close = line.page == term.page and 0 <= gap <= max(term.size * 0.5, spacing + term.size * 0.5)
    return close and line.size == term.size and line.x0 >= term.x0 + 2 * term.size


def _lead_ends(previous: _Line, line: _Line) -> bool:
    """``line`` opens in the bold of ``previous`` and goes on in the regular weight, set right under
    it in one size: a bold run-in lead ("2. SAFETY; YOUR INTERACTIONS ... CHECKS. Please note ...")
    that wrapped and ends on this line, its paragraph going on, as a heading set in one weight to
    its end never does."""
    same = line.size == previous.size and abs(line.x0 - previous.x0) <= previous.size * 2
    return previous.bold and not line.bold and line.head_bold and same and _close(previous, line)


def _wrapped_heading(previous: _Line, line: _Line, right: RightEdge) -> bool:
    """A heading line that wrapped (its next line's first word would not have fitted) goes on with
    the next line a little further than half an em below it, at most 0.8 em, when it ran over 60 %
    of the width it had: a heading style may set its lines wider apart than the body's (a word
    processor's widely spaced titles)."""
    gap, width = line.top - previous.bottom, previous.x1 - previous.x0
    # a line of words set flush left with the next, not a stack of short titles (a footer's columns)
    long = width > max(0.6 * (right.of(previous) - previous.x0), 10 * previous.size)
    long = long and abs(line.x0 - previous.x0) <= previous.size * 0.5
    return line.page == previous.page and gap <= previous.size * 1.25 and long and _full(previous, line, right)


def _room(previous: _Line, line: _Line, right: RightEdge) -> float:
    """What was left on ``previous`` after the next line's first word and a space (under 0.35 em)."""
    return right.of(previous) - 1 - (previous.x1 + previous.size * 0.35 + line.first_word)


def _full(previous: _Line, line: _Line, right: RightEdge) -> bool:
    """The next line's first word would not have fitted on ``previous``: it wrapped."""
    return _room(previous, line, right) <= 0


def _broken_off(previous: _Line, line: _Line, right: RightEdge) -> bool:
    """``previous`` was broken on purpose, as by a ``<br>`` (the next line starts a new clause, as
    the HTML reading splits there): the next line's first word would have fitted on it with two
    ems to spare, it is short (at most 60 % of the width it had) and it reads as a heading or an
    address line (bold, ALL CAPS, or at most eight words). A line of a paragraph that wrapped
    early (before an unbreakable run a first word does not measure: "Art. 6 Abs. 1" or « … »
    joined by no-break spaces, a long address) is never short *and* spare by that much."""
    width = right.of(previous) - previous.x0
    if _room(previous, line, right) < 2 * previous.size or previous.x1 - previous.x0 > 0.6 * width:
        return False
    if _title_wraps_on(previous, line):
        return False
    return previous.emphasised or previous.text.isupper() or len(previous.text.split()) <= 8


def _title_wraps_on(previous: _Line, line: _Line) -> bool:
    """``line`` is the rest of the numbered title ``previous`` starts, wrapped in a box narrower
    than the page ("2. Information that We Collect" / "Automatically"): both set apart in one
    size, the line not numbered itself, and the two together still a numbered heading's title."""
    same = previous.emphasised and line.emphasised and line.size == previous.size
    numbered = SECTION_NUMBER.match(previous.text) and not SECTION_NUMBER.match(line.text)
    if not same or not numbered or _BULLET_TEXT.match(line.text):
        return False
    return numbered_heading_level(f"{previous.text} {line.text}") is not None


def _tighter(previous: _Line, line: _Line, floor: float) -> bool:
    """``line`` sits closer to ``previous`` than body lines usually do (by more than a twentieth
    of an em, past a browser's rounding of line positions to pixels)."""
    return line.top - previous.bottom < floor - previous.size * 0.05


def _close(previous: _Line, line: _Line) -> bool:
    return line.page == previous.page and line.top - previous.bottom <= previous.size * 0.5
