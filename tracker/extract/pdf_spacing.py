"""How the lines of a PDF are set, for the PDF reader (``tracker.extract.pdf``): where a full
line ends, which lines are centred, the usual gaps between body lines, and letter spacing.

All from the line geometry pdfplumber gives: a line's box, its font size, and the gaps between
its characters (a glyph's box is its advance, so the gap between two letters of a word is what
the letter spacing adds).
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Sequence
from typing import Protocol


class _Line(Protocol):
    page: int
    top: float
    bottom: float
    x0: float
    x1: float
    size: float
    tracking: float | None
    tracked: bool

    @property
    def emphasised(self) -> bool: ...


def letter_spacing(chars: list[dict[str, object]], size: float) -> float | None:
    """The line's letter spacing in ems: the median gap between consecutive characters of a word
    (a glyph's box is its advance, so the gap is what the letter spacing adds; kerning moves a few
    pairs only). None with fewer than three such gaps."""
    gaps = []
    for a, b in zip(chars, chars[1:], strict=False):
        gap = float(b["x0"]) - float(a["x1"])  # type: ignore[arg-type]
        if abs(gap) < size * 0.15:  # inside a word: a word space is wider
            gaps.append(gap / size)
    return statistics.median(gaps) if len(gaps) >= 3 else None


class Centred:
    """A line centred in the text column (from the body text's left edge to its right edge),
    clear of both edges: set apart as a document's title is ("COOKIE NOTICE" set centred after a
    privacy policy), the PDF's sign of a part opening (``Block.part``, as an anchor naming a
    document is in HTML; ``tracker.extract.blocks`` still asks for a document's title of another
    kind)."""

    def __init__(self, left: float, right: float) -> None:
        self.left, self.middle = left, (left + right) / 2

    def __call__(self, line: _Line) -> bool:
        clear = line.x0 > self.left + 2 * line.size
        return clear and abs((line.x0 + line.x1) / 2 - self.middle) <= 0.5 * line.size


class RightEdge:
    """Where a line of text would end if it were full: the 95th percentile of the body lines'
    right ends, never beyond the longest line of the page starting at or left of the line's own
    left edge (a centred line is measured against the page's width), and, in a run of three or
    more lines set close together in one size that wrapped at one edge (half its lines but the
    last, two at least, end within three ems of its longest), never beyond the run's longest line
    (a box narrower than the page wraps at its own edge; a stack of short lines, an address, does
    not make one). All lie under the true edge, so a line is only called short when it plainly is."""

    def __init__(self, lines: Sequence[_Line], body: float, spacing: float) -> None:
        ends = sorted(line.x1 for line in lines if line.size == body)
        self.edge = ends[int(len(ends) * 0.95)] if ends else 0.0
        self.by_page: dict[int, list[tuple[float, float]]] = {}
        for line in lines:
            self.by_page.setdefault(line.page, []).append((line.x0, line.x1))
        self.run_edge: dict[int, float] = {}  # id(line) -> the longest line of its run
        runs: list[list[_Line]] = []
        for previous, line in zip([None, *lines], lines, strict=False):
            close = (
                previous is not None
                and line.page == previous.page
                and line.size == previous.size
                and 0 <= line.top - previous.bottom <= max(previous.size * 0.5, spacing + previous.size * 0.5)
            )
            if close:
                runs[-1].append(line)
            else:
                runs.append([line])
        for run in runs:
            longest = max(line.x1 for line in run)
            near = sum(longest - line.x1 <= 3 * line.size for line in run[:-1])  # wrapped at one edge
            if len(run) >= 3 and near >= max(2, (len(run) - 1) / 2):
                self.run_edge.update((id(line), longest) for line in run)

    def of(self, line: _Line) -> float:
        """The right edge for ``line``."""
        local = max(x1 for x0, x1 in self.by_page[line.page] if x0 <= line.x0 + 3)
        return min(self.edge, local, self.run_edge.get(id(line), local))


def mark_tracked(lines: Sequence[_Line], body: float) -> None:
    """Mark the lines letter-spaced unlike the body text (by more than 1 % of an em from the body
    lines' usual spacing): a heading style may keep the body's font, size and weight and differ
    only in its letter spacing (a web page's ``letter-spacing: -0.02em`` on its headings), the
    one sign left of it in print. A document set without letter spacing marks nothing, and so does
    one whose body lines scatter (their middle half over more than a quarter of 1 % of an em: glyph
    widths that do not match the drawn advances, so the measure says nothing)."""
    usual = sorted(line.tracking for line in lines if line.size == body and line.tracking is not None)
    if not usual or usual[len(usual) * 3 // 4] - usual[len(usual) // 4] > 0.0025:
        return
    median = statistics.median(usual)
    for line in lines:
        line.tracked = line.tracking is not None and abs(line.tracking - median) > 0.01


def tightest_gap(lines: Sequence[_Line], body: float) -> float:
    """The narrowest gap usual between two lines of body text (the tenth percentile of the gaps
    under one font size between consecutive body lines of a page in one style); 0.0 without."""
    gaps = sorted(
        line.top - previous.bottom
        for previous, line in zip(lines, lines[1:], strict=False)
        if line.page == previous.page
        and line.size == previous.size == body
        and line.emphasised == previous.emphasised
        and 0 <= line.top - previous.bottom < body
    )
    return gaps[len(gaps) // 10] if gaps else 0.0


def line_spacing(lines: Sequence[_Line], body: float) -> float:
    """The usual gap between two lines of body text in a paragraph: the most common gap between
    consecutive body-size lines of a page, when it is under one font size (a document set with
    generous line height, e.g. 1.9, has gaps near 11 pt at 12 pt where a tight one has 1 pt)."""
    gaps = Counter(
        round(line.top - previous.bottom)
        for previous, line in zip(lines, lines[1:], strict=False)
        if line.page == previous.page and line.size == previous.size == body and line.top >= previous.bottom
    )
    if not gaps:
        return 0.0
    usual = float(gaps.most_common(1)[0][0])
    return usual if usual < body else 0.0
