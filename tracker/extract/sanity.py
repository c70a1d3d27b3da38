"""Is this extracted text the policy? Checked before a body may become a version.

* ``first_reason``: a first snapshot needs a minimum of text; a JavaScript shell ("Loading...",
  "please enable JavaScript") is ``script_shell``, any other page with fewer than
  ``MIN_FIRST_WORDS`` words ``not_policy_like``.
* ``same_document_reason``: a later version must still be the same document. Compared with the
  previous version by content (how many of the new text's word triples the old text had) and by
  structure (how many of its section headings survive): a small page of sign-in, error or
  cookie-consent wording that shares little with the old text is a ``login_wall``,
  ``error_page`` or ``cookie_wall``; a page that kept few of many headings is ``lost_sections``;
  one that shares almost no text is a ``different_document``.

Each returns ``(cause, why)`` or None; causes are listed in ``tracker.errors.ANOMALY_CAUSES``.
"""

from __future__ import annotations

import re

from tracker.models import PolicyDocument

MIN_FIRST_WORDS = 40
SMALL_PAGE_WORDS = 400  # walls and error pages are short
DIFFERENT_BELOW = 0.15  # share of the new text's word triples found in the old text
WALL_SIMILARITY_BELOW = 0.5
LOST_SECTIONS_KEPT_BELOW = 0.34  # share of the old headings still present
LOST_SIMILARITY_BELOW = 0.3
MIN_SECTIONS_FOR_LOST = 5

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
    new_triples = _triples(_words(new.to_markdown()))
    if not new_triples:
        return 1.0
    return len(new_triples & _triples(_words(old.to_markdown()))) / len(new_triples)


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


def same_document_reason(old: PolicyDocument, new: PolicyDocument) -> tuple[str, str] | None:
    """Why ``new`` is not a new version of the document ``old`` is, or None."""
    share = similarity(old, new)
    if new.word_count < SMALL_PAGE_WORDS and share < WALL_SIMILARITY_BELOW:
        wall = _wall(new.to_markdown())
        if wall:
            return wall[0], f"{wall[1]}; {share:.0%} of its text is in the previous version"
    before, after = _headings(old), _headings(new)
    if len(before) >= MIN_SECTIONS_FOR_LOST and len(after) < len(before):
        kept = len(before & after) / len(before)
        if kept < LOST_SECTIONS_KEPT_BELOW and share < LOST_SIMILARITY_BELOW:
            return "lost_sections", f"only {len(before & after)} of the previous {len(before)} section headings remain"
    if share < DIFFERENT_BELOW:
        return "different_document", f"only {share:.0%} of its text is in the previous version: another document"
    return None
