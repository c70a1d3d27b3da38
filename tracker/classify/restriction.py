"""A denial with an exception said as a restriction, and back: "we do not share your data unless
you agree" says what "we share your data only if you agree" says; "we will not keep it longer than
we need it" what "we keep it only as long as we need it" says (issue 17: paraphrases that drop a
redundant "not" or "only").

The exception words ("unless", "except", "à moins que", "es sei denn") and the conditions of an
"only" ("if", "as long as", "si", "wenn") are per language in ``tracker/data/clause_rules.toml``;
``rules.restriction_swapped`` tells the commitment rules not to read such a swap as a reversal.
The user's consent as the exception is said either way too: "we do not share it unless you have
agreed" = "we do not share it without your agreement" (``consent_exceptions``).
"""

from __future__ import annotations

from tracker.classify.equivalents import join_particles
from tracker.classify.paraphrase import meaning_words, polarity
from tracker.classify.rules import restriction_swapped, strip_markup
from tracker.classify.vocabulary import vocabulary
from tracker.models import ClauseChange

__all__ = ["consent_exception_reason", "restriction_paraphrase_reason", "restriction_swapped"]


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


def consent_exception_reason(clause: ClauseChange) -> str | None:
    """Why a modified clause only restated the user's consent as the exception to its denial
    ("unless you have agreed" → "without your agreement", « sauf si vous y avez consenti » →
    « sans votre consentement », „es sei denn, Sie haben eingewilligt“ → „ohne Ihre
    Einwilligung“), with the same negations, modals and meaning-bearing words otherwise, or None.

    "With your consent" is no such exception: a denial turned into a permission keeps failing the
    comparison of negations."""
    if clause.kind not in {"modified", "moved"} or not clause.old_text or not clause.new_text:
        return None
    exception = vocabulary().consent_exceptions
    old, new = strip_markup(clause.old_text), strip_markup(clause.new_text)
    found_old, found_new = exception.findall(old), exception.findall(new)
    if not found_old or len(found_old) != len(found_new) or found_old == found_new:
        return None
    bare_old, bare_new = exception.sub(" ", old), exception.sub(" ", new)
    if polarity(bare_old) != polarity(bare_new):
        return None
    before, after = set(meaning_words(bare_old)), set(meaning_words(bare_new))
    if join_particles(before, bare_old, after) != join_particles(after, bare_new, before):
        return None
    return "the user's consent restated as the exception to the same denial ('unless you agree' = 'without it')"
