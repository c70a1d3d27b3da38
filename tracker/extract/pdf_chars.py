"""A page's characters and small shapes for the PDF reader, read once and lean.

pdfplumber turns every object pdfminer lays out into a dict of all its attributes, resolving
each (colours, graphic state, matrices, marked content): on a printed web page most of the
extraction's CPU time, for values the reader never asks for. ``lean_objects`` builds, from the
same pdfminer layout, only what ``tracker.extract.pdf`` and pdfplumber's own line finder read —
for each character its text, box (``x0``/``x1``/``top``/``bottom``/``doctop``, ``y0``/``y1``,
``width``/``height``), ``size``, ``fontname`` and ``upright``; for each curve and rectangle its
box — computed as pdfplumber computes them, and hands them to the page as its parsed objects,
so that ``page.chars``, ``page.curves``, ``page.rects``, ``page.filter`` and
``page.extract_text_lines`` read the same values as before, without the rest.

Two passes over those characters serve the reader too: ``emboldened_subsets`` (a weight embedded
as a subset of its own face sets text apart) and ``covered_spaces`` (a space drawn inside a glyph
is no word gap).
"""

from __future__ import annotations

import bisect
from typing import Any

_Obj = dict[str, Any]


def lean_objects(page: Any) -> None:
    """Give the pdfplumber ``page`` its characters, curves and rectangles (the only objects the
    reader uses) as pdfplumber would parse them, without the attributes it does not read."""
    from pdfminer.layout import LTChar, LTContainer, LTCurve

    height, doctop = float(page.height), float(page.initial_doctop)
    mb_x0, mb_top = page.mediabox[:2]
    objects: dict[str, list[_Obj]] = {"char": [], "curve": [], "rect": []}

    def box(obj: Any, kind: str) -> _Obj:
        top = (height - obj.y1) + mb_top
        out: _Obj = {
            "object_type": kind,
            "page_number": page.page_number,
            "x0": obj.x0 + mb_x0,
            "x1": obj.x1 + mb_x0,
            "y0": obj.y0,
            "y1": obj.y1,
            "width": obj.width,
            "height": obj.height,
            "top": top,
            "bottom": (height - obj.y0) + mb_top,
            "doctop": doctop + top,
        }
        return out

    def walk(items: list[Any]) -> None:
        for obj in items:
            if isinstance(obj, LTContainer):  # a figure: its children (pdfplumber reads no layout params)
                walk(obj._objs)
            elif isinstance(obj, LTChar):
                char = box(obj, "char")
                char["text"] = obj.get_text()
                char["size"] = obj.size
                char["fontname"] = _fontname(obj.fontname)
                char["upright"] = obj.upright
                objects["char"].append(char)
            elif isinstance(obj, LTCurve):  # rectangles and lines are curves too
                kind = type(obj).__name__[2:].lower()
                if kind in objects:
                    objects[kind].append(box(obj, kind))

    walk(page.layout._objs)
    page._objects = objects


def _fontname(name: object) -> str:
    if isinstance(name, bytes):  # rare byte-encoded font names, as pdfplumber fixes them
        from pdfplumber.page import fix_fontname_bytes

        return str(fix_fontname_bytes(name))
    return str(name)


def emboldened_subsets(pages: list[list[_Obj]], heights: list[float], margin: float) -> frozenset[str]:
    """The font subsets that set text apart though their name says no weight. Chromium embeds a
    face once per weight asked for: a ``<strong>`` in a light body text (weight 300, set by the
    regular face), a weight of 500, or a bold the family has no face for (emboldened) is the same
    face again under another subset tag ("BAAAAA+LiberationSans" beside the body's
    "AAAAAA+LiberationSans"). Of the subsets of one face in the text (the page margins aside: a
    printed header and footer are laid out apart, in subsets of their own), the one holding the
    most characters is the face's regular; the others set their runs apart as bold does."""
    counts: dict[str, dict[str, int]] = {}
    for chars, height in zip(pages, heights, strict=True):
        for char in chars:
            name = str(char["fontname"])
            tag, plus, face = name.partition("+")
            if plus and len(tag) == 6 and tag.isupper() and height * margin <= char["top"] <= height * (1 - margin):
                subsets = counts.setdefault(face, {})
                subsets[name] = subsets.get(name, 0) + 1
    out: set[str] = set()
    for subsets in counts.values():
        if len(subsets) > 1:
            regular = max(subsets, key=lambda name: subsets[name])
            out.update(name for name in subsets if name != regular)
    return frozenset(out)


def covered_spaces(chars: list[_Obj]) -> set[int]:
    """The space characters (their ``id``) drawn inside a glyph of their own run (same height, same
    size; starting past the glyph's start and over a tenth of an em, past any kerning, before its
    end): not a word gap ("H ow long", where a page converted from a PDF draws a run's space inside
    the next run's first letter), though the line finder, ordering by position, reads one there.
    A space's box may be wider than its advance, so only its start is measured: a word's space
    starts where the word's last glyph ends."""
    glyphs: dict[tuple[float, float], list[tuple[float, float]]] = {}
    for char in chars:
        if str(char["text"]).strip():
            glyphs.setdefault((round(char["top"], 1), round(char["size"], 1)), []).append((char["x0"], char["x1"]))
    for boxes in glyphs.values():
        boxes.sort()
    starts = {key: [x0 for x0, _ in boxes] for key, boxes in glyphs.items()}
    out = set()
    for char in chars:
        key = (round(char["top"], 1), round(char["size"], 1))
        if str(char["text"]).strip() or key not in glyphs:
            continue
        start, em = char["x0"], char["size"]
        first = bisect.bisect_left(starts[key], start - 2 * em)  # no glyph is wider
        last = bisect.bisect_left(starts[key], start - 0.01 * em)
        if any(x1 > start + 0.1 * em for _, x1 in glyphs[key][first:last]):
            out.add(id(char))
    return out
