"""Is this extracted text the policy? Checked before a body may become a version.

* ``first_reason``: a first snapshot needs a minimum of text; a JavaScript shell ("Loading...",
  "please enable JavaScript") is ``script_shell``, any other page with fewer than
  ``MIN_FIRST_WORDS`` words ``not_policy_like``.
* ``same_document_reason``: a later version must still be the same document. Compared with the
  previous version by content, in two ways, and by structure:

  - *text kept*: how many of the new text's word triples the old text had (a sentence kept);
  - *vocabulary*: the words (of four letters or more) the two texts share, as a set (Jaccard)
    and weighted by use (cosine of the word counts). A rewrite of the same policy keeps its
    vocabulary even when hardly a sentence survives; another kind of page does not;
  - *structure*: how many of the old section headings survive, and how many sections there are.

  A small page of sign-in, error or cookie-consent wording that shares little with the old text
  is a ``login_wall``, ``error_page`` or ``cookie_wall``; a page that kept few of many headings,
  has under half as many sections and under three quarters of the words is ``lost_sections``;
  one that keeps almost no text *and* not the vocabulary is a ``different_document``.

Each reason needs a text that kept under half of its word triples: ``kept_at_least_half`` proves
most new versions are not such a text from what the two do not share at their start and end,
before any whole word list is made. Each returns ``(cause, why)`` or None; causes are listed in
``tracker.errors.ANOMALY_CAUSES``.
Measured on the shared corpus by ``benchmarks/sanity.py`` (see docs/checks.md).
"""

from __future__ import annotations

import math
import re
from collections import Counter

from tracker.models import PolicyDocument

MIN_FIRST_WORDS = 40
SMALL_PAGE_WORDS = 400  # walls and error pages are short
DIFFERENT_BELOW = 0.15  # share of the new text's word triples found in the old text
WALL_SIMILARITY_BELOW = 0.5
LOST_SECTIONS_KEPT_BELOW = 0.34  # share of the old headings still present
LOST_SIMILARITY_BELOW = 0.3
LOST_SECTION_SHARE_BELOW = 0.5  # new sections / old sections: sections gone, not renamed
LOST_WORDS_SHARE_BELOW = 0.75  # new words / old words: text gone with them
MIN_SECTIONS_FOR_LOST = 5
SAME_VOCABULARY_JACCARD = 0.28  # shared distinct words (4+ letters) / all of them
SAME_VOCABULARY_COSINE = 0.7  # cosine of the two texts' word counts (4+ letters)

_SHELL = re.compile(
    r"enable javascript|javascript (is )?(required|disabled)|requires javascript|turn on javascript"
    r"|loading\.\.\.|loading…|please wait",
    re.I,
)
_LOGIN = re.compile(r"\b(sign in|log in|login|password|forgot|username|create (an )?account)\b", re.I)
_ERROR = re.compile(
    r"\b(page not found|not found|404|500|internal server error|service unavailable|something went wrong"
    r"|an error (has )?occurred|bad gateway|access denied|forbidden)\b",
    re.I,
)
_COOKIE = re.compile(
    r"\b(cookies?|consent|accept all|reject all|manage (your )?preferences|we value your privacy)\b", re.I
)
_WORD = re.compile(r"[^\W_]+")


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def _triples(words: list[str]) -> set[tuple[str, str, str]]:
    return set(zip(words, words[1:], words[2:], strict=False))


def first_reason(document: PolicyDocument) -> tuple[str, str] | None:
    """Why a first snapshot cannot be a baseline, or None."""
    if document.word_count >= MIN_FIRST_WORDS:
        return None
    text = document.to_markdown()
    if _SHELL.search(text) or document.word_count <= 3:
        return "script_shell", f"a script shell of {document.word_count} words, not the policy text"
    return "not_policy_like", f"only {document.word_count} words: too little to be a policy (< {MIN_FIRST_WORDS})"


def similarity(old: PolicyDocument, new: PolicyDocument) -> float:
    """Share of the new text's word triples that the old text has (1.0 for an empty new text)."""
    return _triple_share(_words(old.to_markdown()), _words(new.to_markdown()))


def _common_ends(a: list[str], b: list[str]) -> tuple[int, int]:
    """How many words ``a`` and ``b`` share at the start and, after that, at the end (binary
    searches over list slices, compared in C)."""
    low, high = 0, min(len(a), len(b))
    while low < high:  # the longest common prefix
        mid = (low + high + 1) // 2
        if a[:mid] == b[:mid]:
            low = mid
        else:
            high = mid - 1
    prefix = low
    low, high = 0, min(len(a), len(b)) - prefix
    while low < high:  # the longest common suffix of what is left
        mid = (low + high + 1) // 2
        if a[len(a) - mid :] == b[len(b) - mid :]:
            low = mid
        else:
            high = mid - 1
    return prefix, low


def _common_prefix_chars(a: str, b: str, start: int = 0) -> int:
    """How many characters ``a`` and ``b`` share from ``start`` on (a binary search over slices)."""
    low, high = 0, min(len(a), len(b)) - start
    while low < high:
        mid = (low + high + 1) // 2
        if a[start : start + mid] == b[start : start + mid]:
            low = mid
        else:
            high = mid - 1
    return low


def _common_suffix_chars(a: str, b: str, limit: int) -> int:
    """How many characters ``a`` and ``b`` share at their ends, at most ``limit``."""
    low, high = 0, limit
    while low < high:
        mid = (low + high + 1) // 2
        if a[len(a) - mid :] == b[len(b) - mid :]:
            low = mid
        else:
            high = mid - 1
    return low


def _words_before(text: str, end: int, count: int) -> list[str]:
    """The last ``count`` words of ``text[:end]`` (all of them when fewer; ``end`` falls between
    words), read from a window that grows until they are whole."""
    size = 16 * (count + 2)
    while True:
        start = max(0, end - size)
        found = [(m.start(), m.group(0)) for m in _WORD.finditer(text, start, end)]
        if start > 0 and found and found[0][0] == start:
            found = found[1:]  # it may go on before the window: not a whole word
        if len(found) >= count or start == 0:
            return [w for _, w in found[max(0, len(found) - count) :]] if count else []
        size *= 4


def _words_after(text: str, begin: int, count: int) -> list[str]:
    """The first ``count`` words of ``text[begin:]`` (all of them when fewer; ``begin`` falls
    between words)."""
    size = 16 * (count + 2)
    while True:
        stop = min(len(text), begin + size)
        found = [(m.end(), m.group(0)) for m in _WORD.finditer(text, begin, stop)]
        if stop < len(text) and found and found[-1][0] == stop:
            found = found[:-1]  # it may go on after the window: not a whole word
        if len(found) >= count or stop == len(text):
            return [w for _, w in found[:count]]
        size *= 4


def _cut_back(text: str, at: int) -> int:
    """The last position ``<= at`` right after a character that is no part of a word (0 if none):
    the text's words are those before it and those after it."""
    while at > 0 and _WORD.match(text, at - 1, at):
        at -= 1
    return at


def _cut_forward(text: str, at: int) -> int:
    """The first position ``>= at`` at a character that is no part of a word (the end if none)."""
    while at < len(text) and _WORD.match(text, at, at + 1):
        at += 1
    return at


def kept_at_least_half(old_text: str, new_text: str) -> bool:
    """Whether at least half of the new text's word triples are in the old text, proven from
    what the two lower-cased texts do not share at their start and end (True means
    ``_triple_share`` of their words is >= 0.5; False means only that it was not proven).

    With the words split where both texts still agree (after a character that is no part of a
    word), the new text's triples are those of the shared start and end (S, in both texts) and R,
    those of its differing middle with two words of context on each side; any in neither S nor
    the old middle's triples O is missing, so at most D = |R - O| are, and the share is at least
    1 - D / |Q ∪ R| for any Q within S: Q is read from the shared text around the middle until
    it holds enough triples, not from the whole text."""
    a, b = old_text.lower(), new_text.lower()
    head = _cut_back(a, _common_prefix_chars(a, b))
    limit = min(len(a), len(b)) - head
    tail = _common_suffix_chars(a, b, limit)
    end_a = _cut_forward(a, len(a) - tail)  # within the shared end: the same cut in both texts
    end_b = len(b) - (len(a) - end_a)
    if 9 * (head + len(b) - end_b) < end_b - head:
        return False  # under a tenth of the new text shared at its ends: left to the whole check
    before, after = _words_before(a, head, 2), _words_after(a, end_a, 2)
    middle_new = before + _WORD.findall(b, head, end_b) + after
    middle_old = before + _WORD.findall(a, head, end_a) + after
    triples_new = _triples(middle_new)
    missing = len(triples_new - _triples(middle_old))
    if missing == 0:
        return True
    need = 2 * missing  # |A| >= 2 D: the share is >= 0.5
    if len(triples_new) + (head + 1) // 2 + (len(a) - end_a + 1) // 2 < need:
        return False  # a word is a character or more, and one between words: not enough text shared
    count = need + 2
    while True:
        shared = _words_before(a, head, count)
        later = _words_after(a, end_a, count)
        seen = triples_new | _triples(shared) | _triples(later)
        if len(seen) >= need:
            return True
        if len(shared) < count and len(later) < count:  # the whole shared text read
            return False
        count *= 4


def _triple_share(old_words: list[str], new_words: list[str]) -> float:
    """Share of the distinct word triples of ``new_words`` that ``old_words`` has.

    A new version is mostly the old one: the triples inside the words both share at the start
    and at the end (``ends``) are on both sides, so only the triples of the two middles are
    compared, and the old side's own set is never built: with M the middles' triples,
    new ∩ old = ends ∪ (M_new ∩ M_old) and new = ends ∪ M_new."""
    if len(new_words) < 3:
        return 1.0
    prefix, suffix = _common_ends(old_words, new_words)
    n, m = len(new_words), len(old_words)
    if prefix + suffix < n // 2:  # mostly rewritten: the two whole sets cost less
        new_triples = _triples(new_words)
        return len(new_triples & _triples(old_words)) / len(new_triples)
    ends = _triples(new_words[:prefix]) | _triples(new_words[n - suffix :]) if suffix else _triples(new_words[:prefix])
    # triples that start before the middle's last two words of the prefix reach into the middle
    mid_new = _triples(new_words[max(0, prefix - 2) : n - suffix + 2 if suffix else n]) - ends
    mid_old = _triples(old_words[max(0, prefix - 2) : m - suffix + 2 if suffix else m])
    return (len(ends) + len(mid_new & mid_old)) / (len(ends) + len(mid_new))


def vocabulary(old_words: list[str], new_words: list[str]) -> tuple[float, float]:
    """(Jaccard of the distinct words, cosine of the word counts), words of 4+ letters only."""
    a = Counter(w for w in old_words if len(w) >= 4)
    b = Counter(w for w in new_words if len(w) >= 4)
    shared = a.keys() & b.keys()
    union = len(a.keys() | b.keys())
    norm = math.sqrt(sum(v * v for v in a.values()) * sum(v * v for v in b.values()))
    jaccard = len(shared) / union if union else 1.0
    cosine = sum(a[w] * b[w] for w in shared) / norm if norm else 1.0
    return jaccard, cosine


def _wall(text: str) -> tuple[str, str] | None:
    """The kind of wall a short text reads as, if it reads as one."""
    for cause, pattern, needed, what in (
        ("login_wall", _LOGIN, 2, "a sign-in page"),
        ("error_page", _ERROR, 1, "an error page"),
        ("cookie_wall", _COOKIE, 2, "a cookie-consent wall"),
    ):
        found = {m.group(0).lower() for m in pattern.finditer(text)}
        if len(found) >= needed:
            return cause, f"{what} ({', '.join(sorted(found)[:4])}) instead of the policy"
    return None


def _headings(document: PolicyDocument) -> set[str]:
    return {" ".join(_words(s.heading)) for s in document.sections if s.heading}


def _lost_sections(old: PolicyDocument, new: PolicyDocument, share: float) -> str | None:
    before, after = _headings(old), _headings(new)
    if len(before) < MIN_SECTIONS_FOR_LOST or share >= LOST_SIMILARITY_BELOW:
        return None
    kept = len(before & after)
    gone = (
        kept < LOST_SECTIONS_KEPT_BELOW * len(before)
        and len(after) < LOST_SECTION_SHARE_BELOW * len(before)
        and new.word_count < LOST_WORDS_SHARE_BELOW * old.word_count
    )
    return f"only {kept} of the previous {len(before)} section headings remain" if gone else None


def same_document_reason(old: PolicyDocument, new: PolicyDocument) -> tuple[str, str] | None:
    """Why ``new`` is not a new version of the document ``old`` is, or None."""
    if kept_at_least_half(old.to_markdown(), new.to_markdown()):
        return None  # none of the reasons below is given to a text that kept half its triples
    old_words, new_words = _words(old.to_markdown()), _words(new.to_markdown())
    share = _triple_share(old_words, new_words)
    if new.word_count < SMALL_PAGE_WORDS and share < WALL_SIMILARITY_BELOW:
        wall = _wall(new.to_markdown())
        if wall:
            return wall[0], f"{wall[1]}; {share:.0%} of its text is in the previous version"
    lost = _lost_sections(old, new, share)
    if lost:
        return "lost_sections", lost
    if share < DIFFERENT_BELOW:
        jaccard, cosine = vocabulary(old_words, new_words)
        if jaccard < SAME_VOCABULARY_JACCARD or cosine < SAME_VOCABULARY_COSINE:
            return (
                "different_document",
                f"only {share:.0%} of its text and {jaccard:.0%} of its vocabulary are in the previous version: "
                "another document",
            )
    return None
