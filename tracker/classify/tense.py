"""A promise restated in another tense: "we will notify you" → "we notify you", "wir werden Sie
informieren" → "wir informieren Sie".

A policy's present tense states what it does as firmly as its future: "we notify you" is no
weaker a promise than "we will notify you", and no new one the other way round. A modified clause
whose changed words hold the auxiliary of the future (``future`` in
``tracker/data/clause_rules.toml``), and which, that auxiliary set aside, has the same
meaning-bearing words, negations, "only" words and modals, is editorial. A modal put in its place
("we will notify" → "we may notify") is not set aside, so a weakened promise stays a commitment
shift. French needs no entry: its future is an inflection ("informerons" / "informons" share a
stem).
"""

from __future__ import annotations

from tracker.classify.paraphrase import same_meaning
from tracker.classify.rules import changed_text
from tracker.classify.vocabulary import vocabulary
from tracker.models import ClauseChange

__all__ = ["tense_reason"]


def tense_reason(clause: ClauseChange) -> str | None:
    """Why a modified clause only restated a promise in the present tense (or the future), or None."""
    if clause.kind not in {"modified", "moved"} or not clause.old_text or not clause.new_text:
        return None
    words = vocabulary()
    future = words.future
    deleted, inserted = changed_text(clause)
    if not future.search(words.expand(f"{deleted} {inserted}")):
        return None
    old, new = (future.sub(" ", words.expand(text)) for text in (clause.old_text, clause.new_text))
    if not same_meaning(old, new):
        return None
    return "a promise restated in another tense ('we will notify' = 'we notify'); the same words otherwise"
