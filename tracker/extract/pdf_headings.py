"""Heading levels of the PDF reader (``tracker.extract.pdf``): the sizes that are levels, the bold
styles smaller than the body text used for headings, numbered titles set at the body's size,
nested under the size levels, and the lines set larger that are not headings (run-in leads)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from typing import Protocol

from tracker.extract.blocks import Block, looks_like_heading_text, numbered_heading_level


class _Line(Protocol):
    x1: float
    size: float
    bold: bool
    tail_size: float


# a numbered title's number ("3. ", "2.1 ", "4.2.1. "), its group: read here and by ``pdf``
SECTION_NUMBER = re.compile(r"^((?:\d{1,2}\.){1,4}\d{0,2})\s")


def heading_levels(
    lines: Sequence[_Line], sizes: set[float], body: float, left: float, edge: float
) -> dict[float, int]:
    """The heading level of each size set larger than the body text, largest first: every size
    over the body's by more than 12 %, and the bold sizes just over it (``_bold_heading_sizes``)."""
    larger = {s for s in sizes if s > body * 1.12} | _bold_heading_sizes(lines, body, left, edge)
    return {size: level for level, size in enumerate(sorted(larger, reverse=True), 1)}


def _bold_heading_sizes(lines: Sequence[_Line], body: float, left: float, edge: float) -> set[float]:
    """The sizes just over the body's (by 4 to 12 %) that are heading levels in bold: a bold
    "<h4>" set 9 % larger than the text, where a regular line that size is not a heading. Only
    where the style's lines are short, as headings' are (two in three end before three quarters
    of the text column): a bold notice set a little larger runs full lines."""
    short: Counter[float] = Counter()
    total: Counter[float] = Counter()
    for line in lines:
        if line.bold and body * 1.04 < line.size <= body * 1.12:
            total[line.size] += 1
            short[line.size] += line.x1 - left < 0.75 * (edge - left)
    return {size for size, n in total.items() if short[size] >= 2 * n / 3}


def styled_headings(
    blocks: list[Block], styles: list[tuple[float, bool] | None], body: float, level: int
) -> list[Block]:
    """Lines set alone in a bold style smaller than the body text that is used for headings (at
    least three such lines, two in three reading as headings) are all headings, the ones ending
    in a full stop too ("12. Reporting of Violations; General Contact Info.", not a list item)."""
    counts: Counter[tuple[float, bool]] = Counter()
    headed: Counter[tuple[float, bool]] = Counter()
    for block, style in zip(blocks, styles, strict=True):
        if style is not None and style[1] and style[0] < body and block.kind in {"paragraph", "list_item"}:
            counts[style] += 1
            headed[style] += looks_like_heading_text(block.text.rstrip(":")) or bool(numbered_heading_level(block.text))
    heading_styles = {style for style, n in counts.items() if n >= 3 and headed[style] >= 2 * n / 3}
    if not heading_styles:
        return blocks
    out = []
    for block, style in zip(blocks, styles, strict=True):
        if style in heading_styles and block.kind in {"paragraph", "list_item"} and len(block.text.split()) <= 16:
            number = SECTION_NUMBER.match(block.text)
            depth = level + number.group(1).rstrip(".").count(".") if number else level  # under the size levels
            block = Block("heading", block.text, level=min(depth, 6))  # as set, like an <h5>
        out.append(block)
    return out


def numbered_headings(blocks: list[Block], level: int) -> list[Block]:
    """Numbered titles set at the body's size ("2. Eligibility", "3.1 Access", bold or not) are
    headings nested under the size levels (``level``: the first level below them; "1." there, "1.1"
    one further), as the heading styles are: the sectioning would set them at level 2 + depth,
    beside the titles set larger that a hub's documents open with, and a hub whose documents number
    their sections would no longer read as one."""
    base = max(2, level)
    out = []
    for block in blocks:
        depth = numbered_heading_level(block.text) if block.kind == "paragraph" else None
        if depth:  # its text as the sectioning would give it: a bold title without its colon
            text = (
                block.text.rstrip(":").strip()
                if block.strong and looks_like_heading_text(block.text.rstrip(":"))
                else block.text
            )
            block = Block("heading", text, level=min(base + depth - 2, 6))
        out.append(block)
    return out


def without_callouts(blocks: list[Block]) -> list[Block]:
    """``blocks`` without the headings that head nothing and stand right before a heading of a
    higher rank ("Download our app" set as an ``<h3>`` in a banner between two ``<h1>`` parts): a
    section's heading heads its text or the sub-sections under it, so a heading that a larger one
    follows at once is a page's call-out between sections, which the HTML reading leaves out with
    the box it sits in (an aside, a banner). A call-out is a label, never a sentence: a heading
    ending in a full stop is kept (an empty ``<h4>`` of the page's own that the HTML reading keeps)."""
    return [
        block
        for block, after in zip(blocks, [*blocks[1:], None], strict=True)
        if not (_callout(block) and after is not None and after.kind == "heading" and after.level < block.level)
    ]


def _callout(block: Block) -> bool:
    return block.kind == "heading" and not block.text.rstrip().endswith(".")


def text_before(blocks: list[Block]) -> bool:
    """A paragraph of text (ten words or more) is among ``blocks``: the document has begun, and a
    title centred now opens another one, not the page (the page's own title opens it)."""
    return any(b.kind == "paragraph" and len(b.text.split()) >= 10 for b in blocks)


def run_in_leads(lines: Sequence[_Line], body: float) -> None:
    """A line that opens larger and ends in the body text's size is a paragraph's first line with a
    run-in lead ("Disclosure of personal information. We share ..." where a word processor sets
    the bold lead a size up), not a heading: a heading line is set in one size to its end. It is
    read as a body line, in the weight of its end."""
    for line in lines:
        if line.size > body and line.tail_size == body:
            line.size, line.bold = body, False
