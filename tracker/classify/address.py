"""The reader addressed one way throughout: German "du" read as "Sie", French "tu" as "vous".

A policy that changes how it addresses its reader ("Sie können Ihre Einwilligung widerrufen" →
"Du kannst deine Einwilligung widerrufen", "Vous pouvez" → "Tu peux") says the same: no right is
lost and none is new. The rules (rights, obligations, negative commitments, paraphrases) are
written for the formal form, so each clause change is judged with the informal forms of the
language read as the formal ones (``address_forms`` in ``tracker/data/clause_rules.toml``);
a policy written in the informal form throughout is read the same way, so its rights and duties
are recognised too.
"""

from __future__ import annotations

import functools
import re
from dataclasses import replace

from tracker.classify.vocabulary import vocabulary
from tracker.models import ClauseChange, WordDiff

__all__ = ["formal", "formal_text"]


@functools.lru_cache(maxsize=8)
def _pattern(forms: tuple[tuple[str, str], ...]) -> tuple[re.Pattern[str], dict[str, str]]:
    table = {informal.lower(): polite for informal, polite in forms}
    words = sorted(table, key=len, reverse=True)
    return re.compile(r"(?<![\w'’-])(?:" + "|".join(re.escape(w) for w in words) + r")(?![\w-])", re.IGNORECASE), table


def formal_text(text: str | None) -> str | None:
    """``text`` with the informal address of the language being read put in the formal form."""
    forms = vocabulary().address_forms
    if not text or not forms:
        return text
    pattern, table = _pattern(forms)

    def polite(match: re.Match[str]) -> str:
        word = table[match.group(0).lower()]
        return word[:1].upper() + word[1:] if match.group(0)[:1].isupper() else word

    return pattern.sub(polite, text)


def formal(clause: ClauseChange) -> ClauseChange:
    """The clause change with its texts and redline in the formal form (itself when nothing changes)."""
    if not vocabulary().address_forms:
        return clause
    old, new = formal_text(clause.old_text), formal_text(clause.new_text)
    words = tuple(WordDiff(w.op, formal_text(w.text) or w.text) for w in clause.words)
    if old == clause.old_text and new == clause.new_text and words == clause.words:
        return clause
    return replace(clause, old_text=old, new_text=new, words=words)
