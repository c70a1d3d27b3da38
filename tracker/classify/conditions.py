"""A condition put on, or taken off, what a clause grants or imposes (issue 17, regional scope and
rights in both directions): "You can object to marketing at any time" → "..., sofern Sie in
Deutschland wohnen" narrows a right to some users; "Where your jurisdiction's law allows, you
may object ..." → "You may object ..." grants it to every user.

A modified clause whose changed words hold a condition clause of its language (the
``conditions`` words of ``tracker/data/clause_rules.toml``: "if", "where", "to the extent",
"sofern", "soweit", "si", "dans la mesure où") at the start of a sentence or after a comma, which
the other version lacks, and which stands in a clause stating a right or choice (``rights``) or a
duty of the user (``obligations``) is **material**: whom the right covers, or when it holds,
changed. A condition reworded ("if" → "where") is no change: only a condition gained or lost
counts, and only where the clause grants or imposes something.
"""

from __future__ import annotations

import re

from tracker.classify.rules import SENTENCE_END, changed_text, strip_markup
from tracker.classify.vocabulary import vocabulary
from tracker.models import ClauseChange

__all__ = ["condition_reasons"]

_OPENING = re.compile(r"(?:^|,)\s*$")  # a condition opens its sentence or follows a comma


def _conditions(text: str) -> list[str]:
    """The condition clauses of ``text`` that open a sentence or follow a comma, lower-cased: the
    condition word and the four words after it ("sofern sie in deutschland wohnen")."""
    found = []
    for sentence in SENTENCE_END.split(text):
        for match in vocabulary().conditions.finditer(sentence):
            if _OPENING.search(sentence[: match.start()]):
                words = re.findall(r"[^\W_]+", sentence[match.start() :].casefold())[:5]
                found.append(" ".join(words))
    return found


def _grants(text: str) -> bool:
    words = vocabulary()
    return bool(words.rights.search(text) or words.obligations.search(text))


def condition_reasons(clause: ClauseChange) -> list[str]:
    """Material reasons when a right's or duty's clause gained or lost a condition."""
    if clause.kind not in {"modified", "moved"} or not clause.old_text or not clause.new_text:
        return []
    old, new = strip_markup(clause.old_text), strip_markup(clause.new_text)
    before, after = _conditions(old), _conditions(new)
    if len(before) == len(after):
        return []  # as many conditions as before: one reworded, or none at all
    deleted, inserted = changed_text(clause)
    condition = vocabulary().conditions
    if len(after) > len(before) and condition.search(inserted) and _grants(new):
        added = [c for c in after if c not in before]
        return [f"condition added to a right or duty: '{(added or after)[0]}'"]
    if len(before) > len(after) and condition.search(deleted) and _grants(old):
        gone = [c for c in before if c not in after]
        return [f"condition removed from a right or duty: '{(gone or before)[0]}'"]
    return []
