"""A denial with an exception said as a restriction, and back: "we do not share your data unless
you agree" says what "we share your data only if you agree" says; "we will not keep it longer than
we need it" what "we keep it only as long as we need it" says (issue 17: paraphrases that drop a
redundant "not" or "only").

The exception words ("unless", "except", "à moins que", "es sei denn") and the conditions of an
"only" ("if", "as long as", "si", "wenn") are per language in ``tracker/data/clause_rules.toml``;
``rules.restriction_swapped`` tells the commitment rules not to read such a swap as a reversal.
"""

from __future__ import annotations

from tracker.classify.paraphrase import meaning_words
from tracker.classify.rules import restriction_swapped, strip_markup
from tracker.classify.vocabulary import vocabulary
from tracker.models import ClauseChange

__all__ = ["restriction_paraphrase_reason", "restriction_swapped"]


def restriction_paraphrase_reason(clause: ClauseChange) -> str | None:
    """Why a modified clause only turned a denial with an exception into a restriction (or back),
    with the same meaning-bearing words otherwise, or None."""
    if clause.kind not in {"modified", "moved"} or not clause.old_text or not clause.new_text:
        return None
    if not restriction_swapped(clause.old_text, clause.new_text):
        return None
    words = vocabulary()

    def bare(text: str) -> set[str]:
        return set(meaning_words(words.conditions.sub(" ", words.exceptions.sub(" ", strip_markup(text)))))

    if bare(clause.old_text) != bare(clause.new_text):
        return None
    return "a denial with an exception reworded as a restriction ('not … unless' = 'only … if'), or back"
