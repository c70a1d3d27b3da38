"""``normalize_text`` turns no-break spaces into spaces before NFKC (issue 20, h20l): the same
text as NFKC of the original, on texts made to break it (combining marks after the space,
compatibility characters, invisible characters, every white space beside it)."""

from __future__ import annotations

import gzip
import sys
import unicodedata
from pathlib import Path

import pytest

from tracker.extract.blocks import _INVISIBLE, normalize_text
from tracker.extract.tree import parse_html, text_content

CORPUS = Path(__file__).parent / "data" / "corpus"


def plain_normalize(text: str) -> str:
    """``normalize_text`` as it read before: NFKC of the text as given."""
    if not text.isascii():
        text = _INVISIBLE.sub("", unicodedata.normalize("NFKC", text))
    return " ".join(text.split())


TEXTS = [
    "Last\xa0updated",
    "\xa0\u0301accent on a no-break space",  # a combining mark after it: NFKC keeps " \u0301"
    "a\xa0\u0308\u0301b",
    "\xa0",
    "\xa0\xa0x\xa0",
    "caf\u00e9\xa0and cafe\u0301\xa0\u2014 \ufb01ne \u2460 \uff21",  # composed, decomposed, ligature, circled, wide
    "zero\u200b\xa0width\u00ad\xa0\u202e bidi",
    "\u00b4\xa0\u2002\u3000\u202f end",
    "\xa0\u0338=",  # a combining long solidus after the space
]


@pytest.mark.parametrize("text", TEXTS)
def test_normalize_text_reads_no_break_spaces_as_nfkc_does(text: str) -> None:
    assert normalize_text(text) == plain_normalize(text)
    assert "\xa0" not in normalize_text(text)


def test_a_space_before_a_combining_mark_is_kept_as_nfkc_keeps_it() -> None:
    assert normalize_text("x\xa0\u0301y") == "x \u0301y"


def test_nfkc_reads_a_no_break_space_as_a_space_before_every_combining_mark() -> None:
    marks = [chr(c) for c in range(sys.maxunicode + 1) if unicodedata.combining(chr(c))]
    assert len(marks) > 500
    for mark in marks:
        for text in (f"\xa0{mark}", f"a\xa0{mark}\u0301", f"{mark}\xa0{mark}"):
            assert unicodedata.normalize("NFKC", text) == unicodedata.normalize("NFKC", text.replace("\xa0", " "))


def test_normalize_text_reads_the_test_corpus_as_before() -> None:
    pages = sorted(CORPUS.glob("*/snapshots/*.html.gz"))
    assert pages
    with_no_break = 0
    for page in pages:
        root = parse_html(gzip.decompress(page.read_bytes()).decode("utf-8", errors="replace"))
        assert root is not None
        texts = [text_content(root, " "), *root.itertext()]
        with_no_break += sum("\xa0" in text for text in texts)
        assert [normalize_text(t) for t in texts] == [plain_normalize(t) for t in texts]
    assert with_no_break >= 10
