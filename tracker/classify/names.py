"""Names in a clause: runs of capitalised words ("Stripe", "Amazon Web Services", "Cookie
Notice"), the first word of a sentence left out, and which of them a change brought or took away.

A run all of whose words are new is a new name ("Stripe" → "Stripe and Adyen": "Adyen"); a run
that keeps one of its words and changes another is a title renamed ("Cookie Notice" → "Cookie
Policy"), not a new name.
"""

from __future__ import annotations

import re

from tracker.classify.rules import EMAIL, strip_markup

__all__ = ["changed_names", "titles"]

_TITLE = re.compile(r"[A-Z][\w’'&-]*(?:\s+(?:of\s+)?[A-Z][\w’'&-]*)*")
_SENTENCE_START = re.compile(r"(?:^|[.!?:;•*]\s+|\(\s*|\n\s*)$")


def titles(text: str) -> list[tuple[str, ...]]:
    """Runs of capitalised words, each as its words, without the first word of a sentence."""
    text = EMAIL.sub(" ", strip_markup(text)).strip()
    runs = []
    for match in _TITLE.finditer(text):
        words = tuple(w for w in match.group(0).split() if w[0].isupper())
        if _SENTENCE_START.search(text[: match.start()]):
            words = words[1:]
        if words:
            runs.append(words)
    return runs


def changed_names(old: str, new: str) -> tuple[list[str], list[str], bool]:
    """(names gone, names new, renamed): whole runs whose every word is absent from the other
    version, and whether some run only changed part of its words (a title renamed)."""
    before, after = titles(old), titles(new)
    words_before, words_after = {w for r in before for w in r}, {w for r in after for w in r}
    gone = [" ".join(r) for r in before if not set(r) & words_after]
    added = [" ".join(r) for r in after if not set(r) & words_before]
    renamed = any(
        any(w not in other for w in run) and set(run) & other
        for runs, other in ((before, words_after), (after, words_before))
        for run in runs
    )
    return gone, added, renamed
