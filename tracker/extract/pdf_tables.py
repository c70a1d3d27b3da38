"""The lines of a table whose cells wrap over several lines, for the PDF reader.

A browser sets a table cell's text in the middle of its row (``vertical-align: middle``): when
one cell of a row holds three lines and its neighbour one, the lines of the two columns sit at
heights that interleave, and the PDF's lines come out one cell line at a time ("Categories of
Third", "We We We Parties with Whom We", "Category"), bold in a header row, so that each read
as a pseudo-heading. The signs, all from the line geometry:

- **seeds**: a line with column gaps (``cells``), or two consecutive lines of one page whose tops
  are closer than three quarters of a line's size, or whose boxes reach into each other (a cell
  set half a line below its neighbour's first line in a table with generous line height), while
  they lie side by side (no horizontal overlap, three characters or more each) — two lines of
  running text never sit that close —
  with another such pair or a row of cells within five lines (a pair alone is a logo or a menu
  set beside a title);
- **between seeds**: up to ten lines between two seeds of one page, each narrower than 60 % of
  the text column and none after a gap wider than two and a half lines, are cells too, and so
  are the narrow lines right below a seed set as tightly as a paragraph's (a cell wrapping on);
- **beside a cluster**: the line right before or after it (same page, within two lines) that is
  indented from the body's left edge by more than two ems (a cell of a right-hand column), and
  the lines next to such a line in its column, narrow and indented too (a header cell of a
  right-hand column wrapping over two lines above the row's other cells, as a header row a
  print repeats at the top of each page).

Every line of such a table is a table row of the reading: never a heading, never joined to a
paragraph, as the HTML reading keeps a table's rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

_BETWEEN = 10  # lines at most between two seeds (a narrow column's cell wraps over many)


class _Line(Protocol):
    page: int
    text: str
    top: float
    bottom: float
    x0: float
    x1: float
    size: float
    cells: tuple[str, ...]


def table_lines(lines: Sequence[_Line], left: float, width: float, spacing: float) -> set[int]:
    """The indices of the ``lines`` that belong to a table with wrapped cells (see the module
    docstring); ``left`` is the body text's left edge, ``width`` its column's width, ``spacing``
    the usual gap between two lines of a paragraph."""
    rows = {i for i, line in enumerate(lines) if len(line.cells) > 1}
    pairs = [(i - 1, i) for i in range(1, len(lines)) if _side_by_side(lines[i - 1], lines[i])]
    marks = rows | {i for pair in pairs for i in pair}
    seeds = set(rows)
    for a, b in pairs:  # a pair alone is two things set side by side (a logo beside a title), not a table
        if any(lines[o].page == lines[a].page for o in marks - {a, b} if a - 5 <= o <= b + 5):
            seeds.update((a, b))
    if not seeds:
        return set()
    out = set(seeds)
    ordered = sorted(seeds)
    for a, b in zip(ordered, ordered[1:], strict=False):
        between = range(a + 1, b)
        if 0 < len(between) <= _BETWEEN and all(_cell_like(lines[i - 1], lines[i], width) for i in (*between, b)):
            out.update(between)
    for i in sorted(out):  # the rest of a cell wrapping on below the last seed, set as tightly
        j = i + 1
        while j < len(lines) and j not in out and _wraps_on(lines[j - 1], lines[j], width, spacing):
            out.add(j)
            j += 1
    beside = set()
    for i in sorted(out):
        for j in (i - 1, i + 1):
            if 0 <= j < len(lines) and j not in out and _beside(lines[i], lines[j], left):
                beside.add(j)
    out |= beside
    while beside:  # a cell beside the cluster wrapping over lines of its own column (a header cell)
        beside = {
            j
            for i in beside
            for j in (i - 1, i + 1)
            if 0 <= j < len(lines) and j not in out and _same_cell(lines[i], lines[j], left, width)
        }
        out |= beside
    return out


def _wraps_on(previous: _Line, line: _Line, width: float, spacing: float) -> bool:
    tight = line.page == previous.page and line.top - previous.bottom <= spacing + 0.25 * previous.size
    return tight and line.x1 - line.x0 < 0.6 * width and len(line.cells) <= 1


def _side_by_side(a: _Line, b: _Line) -> bool:
    overlap = b.top < a.bottom and a.top < b.bottom  # a line box reaching into the other's
    close = a.page == b.page and (abs(b.top - a.top) < 0.75 * min(a.size, b.size) or overlap)
    apart = b.x0 >= a.x1 or a.x0 >= b.x1
    return close and apart and len(a.text) >= 3 and len(b.text) >= 3


def _cell_like(previous: _Line, line: _Line, width: float) -> bool:
    same = line.page == previous.page and line.top - previous.top <= 2.5 * previous.size
    return same and (line.x1 - line.x0 < 0.6 * width or len(line.cells) > 1)


def _same_cell(cell: _Line, line: _Line, left: float, width: float) -> bool:
    """``line`` is another line of the narrow cell ``cell`` is in: beside it as ``_beside`` asks, in
    its column (the two overlap across) and narrow (under 60 % of the text column)."""
    across = line.x0 < cell.x1 and cell.x0 < line.x1
    return across and line.x1 - line.x0 < 0.6 * width and _beside(cell, line, left)


def _beside(cell: _Line, line: _Line, left: float) -> bool:
    near = line.page == cell.page and abs(line.top - cell.top) <= 2 * cell.size
    return near and line.x0 > left + 2 * line.size
