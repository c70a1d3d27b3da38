"""A German compound noun and the same two nouns written apart are one meaning: „Einstellungen
Ihres Browsers“ → „Browsereinstellungen“, „Daten zur Zahlung“ → „Zahlungsdaten“ (issue 17:
a retranslated clause read as new words).

Only in a language whose table asks for it (``compounds`` of ``clause_rules.toml``); the stems
compared are the paraphrase rules' meaning-bearing words.
"""

from __future__ import annotations

from tracker.classify.vocabulary import vocabulary

_LINK = 3  # letters allowed between the two stems: a linking "s", "en", "er" or a stem's residue
_MIN_PART = 4  # a first part of fewer letters is read as no noun of its own (it would match by chance)
_MIN_TAIL = 3  # the last part may be short: „Daten“ stems to "dat" („Zahlungsdaten“)


def joined_compounds(before: set[str], after: set[str]) -> tuple[set[str], set[str]]:
    """Both sets of stems with a compound of one set read as the two stems of the other that it
    joins (first part at its start, second at its end), or both sets as they were."""
    if not vocabulary().compounds:
        return before, after
    before, after = set(before), set(after)
    for one, other in ((before, after), (after, before)):
        for compound in sorted(one - other):
            parts = _parts(compound, other - one)
            if parts:
                one.discard(compound)
                one.update(parts)
    return before, after


def _parts(compound: str, stems: set[str]) -> tuple[str, str] | None:
    """The two stems of ``stems`` that ``compound`` joins, or None."""
    for first in sorted(stems):
        # „Zahlung“ joins as „Zahlungs-“, „Werbung“ as „Werbe-“
        heads = (first, first[:-3]) if first.endswith("ung") else (first,)
        for head in heads:
            if len(head) < _MIN_PART or not compound.startswith(head):
                continue
            for second in sorted(stems - {first}):
                rest = len(compound) - len(head) - len(second)
                if len(second) >= _MIN_TAIL and compound.endswith(second) and 0 <= rest <= _LINK:
                    return first, second
    return None
