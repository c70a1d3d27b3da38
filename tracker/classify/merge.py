"""Two sentences of one clause merged into one, or one split in two, with the same meaning
(issue 17, cause 5: "clauses merged with or split from a neighbour"):

    "Wir setzen Cookies ein, um Ihre Einstellungen zu speichern. Außerdem nutzen wir sie, um die
    Reichweite zu messen." → "Wir setzen Cookies ein, um Ihre Einstellungen zu speichern und die
    Reichweite zu messen."

    « Vous pouvez vous opposer à la prospection commerciale. Cette opposition est gratuite. » →
    « Vous pouvez vous opposer gratuitement à la prospection commerciale. »

**editorial** when the two versions have a different number of sentences, the same negations,
"only" words and modals, and the same meaning-bearing words but for what a merge drops or adds:
the connective that opened the second sentence and the verb and pronoun that restated the
first's subject (``merge_fillers`` in ``clause_rules.toml``), and a word of a family the other
version keeps ("opposition" / "opposer", "gratuite" / "gratuitement": stems sharing their first
five letters). Nothing else may be gained or lost, so a purpose, a recipient or a condition that
comes with the merge is read by the other rules.
"""

from __future__ import annotations

from tracker.classify.paraphrase import derived, meaning_words, polarity
from tracker.classify.rules import SENTENCE_END, strip_markup, unnumbered, word_stems
from tracker.classify.vocabulary import vocabulary
from tracker.models import ClauseChange

__all__ = ["merge_reason"]

_FAMILY = 5  # first letters two stems of one word family share ("opposit" / "oppos", "gratuit")
_MAX_DROPPED = 3  # meaning-bearing words a merge may drop: more is a rewrite


def _sentences(text: str) -> int:
    return len([s for s in SENTENCE_END.split(strip_markup(text).strip()) if s.strip()])


def _of_family(word: str, others: set[str]) -> bool:
    return len(word) >= _FAMILY and any(len(o) >= _FAMILY and o[:_FAMILY] == word[:_FAMILY] for o in others)


def merge_reason(clause: ClauseChange) -> str | None:
    """Why a modified clause only merged two sentences into one (or split one in two), or None."""
    if clause.kind not in {"modified", "moved"} or not clause.old_text or not clause.new_text:
        return None
    old, new = unnumbered(clause.old_text), unnumbered(clause.new_text)
    before, after = _sentences(old), _sentences(new)
    if before == after or polarity(old) != polarity(new):
        return None
    longer, shorter = (old, new) if before > after else (new, old)
    words_long, words_short = derived(set(meaning_words(longer)), set(meaning_words(shorter)))
    fillers = set(word_stems(vocabulary().merge_fillers))
    only_short = {w for w in words_short - words_long if not _of_family(w, words_long)}
    only_long = {w for w in words_long - words_short if w not in fillers and not _of_family(w, words_short)}
    if only_short or only_long or len(words_long - words_short) > _MAX_DROPPED:
        return None
    what = "merged into one" if before > after else "split in two"
    return f"sentences {what} with the same meaning-bearing words, negations and modality"
