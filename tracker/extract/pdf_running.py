"""Running headers, footers and page numbers, dropped from a PDF's lines (``tracker.extract.pdf``).

A line in the top or bottom tenth of a page whose text, digits aside, comes back at the same height
on at least half the pages (two at least) is a running header or footer; so is a page number
("3", "Page 3 of 5", "3/5") there. A one-page PDF cannot show a header coming back: there its
first and last lines go when they sit in the margin, set well under the body's size and laid out
apart from the text (``_margin_notes``).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from typing import Protocol, TypeVar

_PAGE_NUMBER = re.compile(r"^(?:page|seite|p\.)?\s*#\s*(?:(?:of|/|von|sur|de)\s*#)?$", re.IGNORECASE)


class _Line(Protocol):
    @property
    def page(self) -> int: ...
    @property
    def text(self) -> str: ...
    @property
    def top(self) -> float: ...
    @property
    def bottom(self) -> float: ...
    @property
    def size(self) -> float: ...
    @property
    def margin(self) -> bool: ...


L = TypeVar("L", bound=_Line)


def drop_running(lines: list[L], pages: int) -> list[L]:
    """Without running headers/footers (text repeated in the margins, digits aside) and page numbers."""

    def text_key(line: L) -> str:
        return re.sub(r"\d+", "#", line.text.lower())

    def key(line: L) -> tuple[str, int]:  # the same text at the same height, page after page
        return text_key(line), round(line.top / 6)

    on_pages: dict[tuple[str, int], set[int]] = {}
    for line in lines:
        if line.margin:
            on_pages.setdefault(key(line), set()).add(line.page)
    running = {k for k, seen in on_pages.items() if len(seen) >= max(2, pages / 2)}
    alone = _margin_notes(lines) if pages == 1 else set()
    return [
        ln
        for i, ln in enumerate(lines)
        if not (ln.margin and (key(ln) in running or _PAGE_NUMBER.match(text_key(ln)) or i in alone))
    ]


def _margin_notes(lines: Sequence[_Line]) -> set[int]:
    """On a one-page PDF, where no header can be seen coming back: the indices of the first and
    last lines when they sit in the page's margin, set under 80 % of the body's size, with a gap
    of more than two body sizes to the next line (a printed header or footer, laid out apart)."""
    sizes: Counter[float] = Counter()
    for line in lines:
        sizes[line.size] += len(line.text)
    body = sizes.most_common(1)[0][0]
    out = set()
    for edge, neighbour in ((0, 1), (len(lines) - 1, len(lines) - 2)):
        if not 0 <= neighbour < len(lines):
            continue
        line, other = lines[edge], lines[neighbour]
        gap = other.top - line.bottom if edge == 0 else line.top - other.bottom
        if line.margin and line.size < 0.8 * body and gap > 2 * body:
            out.add(edge)
    return out
