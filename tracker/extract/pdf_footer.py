"""A printed web page's site footer and site header, dropped from the end and the start of a PDF's
blocks (``tracker.extract.pdf``).

A page printed whole ends with its site footer: columns of link titles ("About us", "The legal
stuff", "Download our app") and rows of menu links, each set in a heading's style with nothing
under it, since the links below a title are short lines or none at all. The HTML reading leaves
such a footer out by the DOM (``footer`` elements and boxes named for one); a PDF has only its
layout, and there a footer is a run of titles that head no text, after the policy's last
sentence. A policy's own last section ("Contact us" and an address) heads text and is kept. The
header is the run of menu rows before the policy's top-level title (``without_site_header``).
"""

from __future__ import annotations

import re

from tracker.extract.blocks import Block, is_all_caps_heading
from tracker.extract.parts import is_part_title

_SENTENCE_WORDS = 10  # a block of text this long is the policy's, not a footer's link or title
# a title with a digit or an "@" is an address or e-mail line of the policy's contact, not a link
# title; a copyright line ("©2025 Acme") is a footer's own
_ADDRESS = re.compile(r"^[^©]*[\d@][^©]*$")


def _titled(block: Block) -> bool:
    """A heading, or a short line the sectioning reads as one (bold, or ALL CAPS)."""
    if block.kind == "heading":
        return True
    short = block.kind == "paragraph" and len(block.text.split()) < _SENTENCE_WORDS
    return short and (block.strong or is_all_caps_heading(block.text))


def without_site_footer(blocks: list[Block]) -> list[Block]:
    """``blocks`` without a site footer at their end: from the first title after the last block
    of text with a sentence's length, when that run holds only titles and short lines, no title
    holds a digit or an "@" (an address), and at least two titles head nothing (another title or
    the end follows them at once) in a style of their own: a line set apart by its weight, or a
    heading at a level no heading of the policy's has (titles set as the policy's own headings
    are, with nothing under them, are the page's, as the HTML reading keeps them)."""
    last_text = max(
        (i for i, b in enumerate(blocks) if b.kind != "heading" and len(b.text.split()) >= _SENTENCE_WORDS),
        default=-1,
    )
    start = next((i for i in range(last_text + 1, len(blocks)) if _titled(blocks[i])), None)
    if start is None:
        return blocks
    tail = blocks[start:]
    if any(_titled(b) and _ADDRESS.search(b.text) for b in tail):
        return blocks
    used = {b.level for b in blocks[:start] if b.kind == "heading"}  # the levels of the policy's own headings
    empty = sum(
        _titled(b) and (i + 1 == len(tail) or _titled(tail[i + 1])) and not (b.kind == "heading" and b.level in used)
        for i, b in enumerate(tail)
    )
    return blocks[:start] if empty >= 2 else blocks


_SENTENCE_END = re.compile(r"[.!?:;]$")


def without_site_header(blocks: list[Block]) -> list[Block]:
    """``blocks`` without a site header before the policy's title: the blocks before the first
    heading of the top level go when there are at least three of them (a menu, not a breadcrumb
    or a date line), none is a heading or a sentence (ten words or more ending in a stop), and none
    holds a digit or an "@" but on a "©" line (an address set above a title is the policy's own).
    A page printed whole opens with its header's menu rows, set in the body's style or in bold
    capitals; the HTML reading leaves them out by the DOM (``header``, ``nav``). A short title
    naming a document among them ("TERMS OF SERVICE", a banner's) ends the header instead: it and
    what follows it are kept, as the HTML reading keeps a banner's heading."""
    first = next((i for i, b in enumerate(blocks) if b.kind == "heading" and b.level == 1), None)
    # a banner's title naming the document ("TERMS OF SERVICE") before the title is the page's own;
    # on a page without a title set larger (every line in the body's size, or only a cookie panel's
    # printed at its end) it is the title: the header is sought before the first sentence only
    end = next((i for i, b in enumerate(blocks) if _sentence(b)), 0)
    banner = [
        i
        for i, b in enumerate(blocks[: min(end, first if first is not None else end)])
        if _titled(b) and is_part_title(b.text)
    ]
    first = banner[-1] if banner else first
    if first is None or first < 3:
        return blocks
    head = blocks[:first]
    if any(_sentence(b) for b in head) or any(b.kind == "heading" or _ADDRESS.search(b.text) for b in head):
        return blocks
    return blocks[first:]


def _sentence(block: Block) -> bool:
    """A block of ten words or more ending in a stop: the policy's text, never a menu's."""
    return len(block.text.split()) >= _SENTENCE_WORDS and bool(_SENTENCE_END.search(block.text))
