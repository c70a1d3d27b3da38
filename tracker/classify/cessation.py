"""A denial of going on said as stopping: "if you no longer wish to use us" = "if you wish to stop
using us", « de ne plus utiliser » = « d'arrêter d'utiliser », „nicht mehr nutzen“ = „aufhören
zu nutzen“. The negation went, but the edit that took it away put an act of stopping in its
place: no commitment shifted (``no_longer`` / ``stop_verbs`` of ``clause_rules.toml``).
"""

from __future__ import annotations

from tracker.classify.hunks import edits
from tracker.classify.language import active
from tracker.classify.vocabulary import vocabulary
from tracker.models import ClauseChange

__all__ = ["cessation_restated"]


def cessation_restated(clause: ClauseChange) -> bool:
    """True when a modified clause lost negations only in edits that each delete a "no longer"
    (and no other negation) and insert a verb of stopping with no negation ("no longer use" →
    "stop using"); False when no edit removed a negation."""
    negation, words = active().negation, vocabulary()
    found = False
    for start, end in edits(clause):
        runs = clause.words[start:end]
        deleted = " ".join(w.text for w in runs if w.op == "delete")
        inserted = " ".join(w.text for w in runs if w.op == "insert")
        denials = len(negation.findall(deleted))
        if not denials:
            continue
        if denials > len(words.no_longer.findall(deleted)) or negation.search(inserted):
            return False
        if not words.stop_verbs.search(inserted):
            return False
        found = True
    return found
