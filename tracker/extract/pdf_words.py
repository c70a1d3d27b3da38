"""A printed line's words, for the PDF reader (``tracker.extract.pdf``): its first word (its
width, the weight it is set in), the cells of a table row, and how two lines of one block join.

pdfminer gives a line's characters with their boxes and, on some printers, no space characters
at all: a word ends at a space or at a gap of a space's width (a fifth of the font size).
"""

from __future__ import annotations

import re

from tracker.extract.blocks import normalize_text

_MARKER = re.compile(r"^(?:[•●·▪◦‣\-–—*]|\(?(?:\d{1,2}|[a-zA-Z]|[ivxIVX]{1,4})[.)]?)$")
_HYPHEN_BREAK = re.compile(r"\w-$")  # "In-" ending a line: "In-App" broke at its hyphen


def first_word(chars: list[dict[str, object]], size: float) -> list[dict[str, object]]:
    """The characters of the line's first word: up to the first space or a gap of a space's width
    (none when the line opens with a space); its letters and digits tell its weight ("CHECKS."
    may set its stop in the weight that follows), its extent its width (``word_width``)."""
    word: list[dict[str, object]] = []
    for char in chars:
        if not str(char["text"]).strip() or (word and float(char["x0"]) - float(word[-1]["x1"]) > size * 0.2):  # type: ignore[arg-type]
            break
        word.append(char)
    return word


def word_width(word: list[dict[str, object]]) -> float:
    """The width of a word's characters (``first_word``'s), 0 for none."""
    return float(word[-1]["x1"]) - float(word[0]["x0"]) if word else 0.0  # type: ignore[arg-type]


def row_cells(chars: list[dict[str, object]], size: float) -> tuple[str, ...]:
    """The cells of a table row: runs of characters split by gaps wider than three times the font
    size (no word space is, even in a stretched justified line); () for a line without such a gap."""
    cells, current, end = [], "", None
    for char in sorted(chars, key=lambda c: float(c["x0"])):  # type: ignore[arg-type]
        x0 = float(char["x0"])  # type: ignore[arg-type]
        if end is not None and x0 - end > size * 3 and current.strip():
            cells.append(normalize_text(current))
            current = ""
        elif end is not None and x0 - end > size * 0.2 and not current.endswith(" "):
            current += " "  # a word space pdfminer gave as a gap, not a character
        current += str(char["text"])
        end = max(float(char["x1"]), end or 0.0)  # type: ignore[arg-type]
    if not cells or _MARKER.match(cells[0]):  # "1.   Scope", "●   item": a list marker, not a cell
        return ()
    cells.append(normalize_text(current))
    return tuple(c for c in cells if c)


def joined(text: str, line: str) -> str:
    """``text`` and the next ``line`` of its block as one text: a line that ends on a hyphen right
    after a letter or digit was broken at the hyphen of a compound ("In-" / "App"), which goes on
    without a space ("In-App", as the page reads); any other line goes on after one."""
    return f"{text}{line}" if _HYPHEN_BREAK.search(text) and line[:1].isalnum() else f"{text} {line}"
