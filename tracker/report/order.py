"""Two reading orders in one list: what the whole-document view (``tracker.report.whole``) is built on.

The whole document shows the new version in order with the old version's removed and moved-away
text where it stood, so that accepting every change gives the new order and rejecting every change
the old one. ``interleave`` merges the new side's items (each anchored to its old position, if it
has one) with the old-only items; an anchored item that stands out of the old order is split into
its old side and its new side, so both orders hold.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from tracker.diff.runs import longest_increasing

_T = TypeVar("_T")


def interleave(
    new_items: list[tuple[int | None, _T]],
    old_items: list[tuple[int, _T]],
    split: Callable[[_T], tuple[_T, _T]],
) -> list[_T]:
    """New-side items in order, each old-only item (removed, moved away) placed before the first
    new item anchored to a later old position. An anchored item out of the old order (its old
    position before an earlier item's) cannot stand in both orders: ``split`` makes it its old
    side (placed as an old-only item) and its new side (unanchored), so rejecting every change
    still gives the old order and accepting every change the new one."""
    anchored = [i for i, (anchor, _) in enumerate(new_items) if anchor is not None]
    keep = {anchored[k] for k in longest_increasing([new_items[i][0] or 0 for i in anchored])}
    items: list[tuple[int | None, _T]] = []
    pending = list(old_items)
    for i, (anchor, item) in enumerate(new_items):
        if anchor is None or i in keep:
            items.append((anchor, item))
            continue
        old_side, new_side = split(item)
        pending.append((anchor, old_side))
        items.append((None, new_side))
    pending.sort(key=lambda pair: pair[0])
    out: list[_T] = []
    k = 0
    for anchor, piece in items:
        if anchor is not None:
            while k < len(pending) and pending[k][0] < anchor:
                out.append(pending[k][1])
                k += 1
        out.append(piece)
    out.extend(item[1] for item in pending[k:])
    return out
