"""``challenge_in`` reads a large page's head as bytes: the same answer as reading it as text.

The reference below is the text reading every body took before (decode the first 64 KB, lower
it, look for each marker); the inputs are the test corpus's real pages and pages made to break
the byte reading (upper-case markers, the two characters whose lower case is ASCII, a character
cut at the 64 KB edge, invalid UTF-8 beside a marker, markers past the scanned head).
"""

from __future__ import annotations

import pytest

from tests.corpus_data import corpus_pages, read_page
from tracker.fetch.challenge import _STRONG, _TAG, _WEAK, FEW_WORDS, SCAN_BYTES, SMALL_PAGE, challenge_in


def by_text(content: bytes) -> str | None:
    """The reading of the text, as ``challenge_in`` did it for every body."""
    head = content[:SCAN_BYTES].decode("utf-8", errors="replace").lower()
    for marker in _STRONG:
        if marker in head:
            return f"bot-challenge page instead of the policy ({marker!r})"
    if len(content) < SMALL_PAGE and len(_TAG.sub(" ", head).split()) < FEW_WORDS:
        for marker in _WEAK:
            if marker in head:
                return f"bot-challenge page instead of the policy ({marker!r} on a small page)"
    return None


FILLER = "<p>We collect and use your personal data as described in this policy.</p>\n" * 600  # ~44 KB


def _made() -> list[bytes]:
    pages = []
    for marker in _STRONG:
        pages.append((FILLER + marker.upper()).encode())
        pages.append((FILLER + marker.title()).encode())
        pages.append((FILLER[: SCAN_BYTES - 10] + FILLER + marker).encode())  # past the scanned head
        # the Kelvin sign lowers to "k", the dotted capital I to "i" and a combining dot: only the
        # text reading sees them as letters
        pages.append((FILLER + marker.replace("k", "\u212a")).encode())
        pages.append((FILLER + marker.replace("i", "\u0130")).encode())
        pages.append(b"\xff\xfe" + (FILLER + marker).encode() + b"\xc3")  # invalid UTF-8 around it
    cut = ("x" * (SCAN_BYTES - 1) + "\u00e9" + FILLER).encode()  # a character across the 64 KB edge
    pages += [cut, ("\u212a" * 30_000).encode(), FILLER.encode(), b""]
    pages += [b"<p>Please solve the CAPTCHA</p>", (FILLER[:20_000] + "captcha").encode()]  # small pages
    return pages


def test_the_byte_reading_gives_the_text_readings_answer_on_pages_made_to_break_it() -> None:
    pages = _made()
    assert any(challenge_in(p) for p in pages) and any(challenge_in(p) is None for p in pages)
    for page in pages:
        assert challenge_in(page) == by_text(page), page[-80:]


@pytest.mark.parametrize("page", corpus_pages(), ids=lambda p: p.parent.parent.name + "/" + p.name)
def test_the_byte_reading_gives_the_text_readings_answer_on_real_pages(page) -> None:  # type: ignore[no-untyped-def]
    body = read_page(page)
    assert challenge_in(body) == by_text(body)
    marked = body[:30_000] + b"<!-- Checking Your Browser -->" + body[30_000:]
    assert challenge_in(marked) == by_text(marked) is not None
