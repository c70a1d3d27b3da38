"""A period a clause states, compared in both directions (issue 17, rules in both directions).

- **material**: the period changed value, longer or shorter, in a clause tagged with a topic
  or on keeping data (a period to return goods is no privacy matter) — "We
  keep server logs for 12 months" → "... for 90 days", "within 72 hours of a breach" → "within
  7 days", "zehn Jahre" → "acht Jahre", "30 jours" → "45 jours". (A longer or new *retention*
  period is already said by ``rules.retention_reasons``; this rule adds nothing then.)
- **editorial**: the same period written another way while nothing else of the clause changed
  ("45 days" → "forty-five days", "twelve months" → "12 months", "one year" → "12 months").

Durations are read in hours by the active language (``LanguageRules.durations``); two periods
within 2 % of each other are one (a year is 12 months of 30 days to the table, 360 days).
"""

from __future__ import annotations

from tracker.classify.language import active
from tracker.classify.paraphrase import same_meaning
from tracker.classify.rules import durations, retention_reasons
from tracker.models import ClauseChange

__all__ = ["period_reasons", "period_spelling_reason"]

_TOLERANCE = 0.02
_PLACEHOLDER = " zperiodz "  # one word for every period: the words around it are compared


def _same_periods(before: list[int], after: list[int]) -> bool:
    """Whether both versions state the same periods, each counted once: a period said twice in
    one version and once in the other ("for 30 days ... after 30 days" → "for 30 days") is none changed."""
    return all(any(_close(a, b) for b in after) for a in before) and all(
        any(_close(a, b) for a in before) for b in after
    )


def _close(a: int, b: int) -> bool:
    return abs(a - b) <= _TOLERANCE * max(a, b)


def _stated(text: str) -> str:
    return ", ".join(m.group(0) for m in active().duration.finditer(text))


def period_reasons(clause: ClauseChange, topical: bool) -> list[str]:
    """Material when a modified clause states a period in both versions and its value changed,
    and the clause is on keeping data or ``topical`` (the clause was tagged with a topic)."""
    if clause.kind not in {"modified", "moved"} or not clause.old_text or not clause.new_text:
        return []
    before, after = durations(clause.old_text), durations(clause.new_text)
    if not before or not after or _same_periods(before, after):
        return []
    if retention_reasons(clause):
        return []  # a longer retention period: that rule says it
    if not topical and not active().retention_context.search(f"{clause.old_text} {clause.new_text}"):
        return []
    return [f"a stated period changed ({_stated(clause.old_text)} → {_stated(clause.new_text)})"]


def period_spelling_reason(clause: ClauseChange) -> str | None:
    """Why a modified clause only writes the same period another way, or None."""
    if clause.kind not in {"modified", "moved"} or not clause.old_text or not clause.new_text:
        return None
    before, after = durations(clause.old_text), durations(clause.new_text)
    if not before or not _same_periods(before, after):
        return None
    pattern = active().duration
    if not same_meaning(pattern.sub(_PLACEHOLDER, clause.old_text), pattern.sub(_PLACEHOLDER, clause.new_text)):
        return None
    return "the same period written another way"
