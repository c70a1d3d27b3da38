"""A denial of going on said as stopping: "if you no longer wish to use us" = "if you wish to stop
using us", « de ne plus utiliser » = « d'arrêter d'utiliser », „nicht mehr nutzen“ = „aufhören
zu nutzen“. The negation went, but the edit that took it away put an act of stopping in its
place: no commitment shifted (``no_longer`` / ``stop_verbs`` of ``clause_rules.toml``).
"""

from __future__ import annotations

from tracker.classify.language import active
from tracker.classify.vocabulary import vocabulary

__all__ = ["cessation_restated"]


def cessation_restated(deleted: str, inserted: str) -> bool:
    """True when the negations of the words ``deleted`` from a modified clause are each a "no
    longer" and the words ``inserted`` hold no negation and more verbs of stopping than those
    taken out ("no longer use" → "stop using"; « ne souhaitez plus recevoir » → « souhaitez
    arrêter de recevoir », whose "ne" and "plus" the redline cuts apart)."""
    negation, words = active().negation, vocabulary()
    denials = len(negation.findall(deleted))
    if not denials or denials > len(words.no_longer.findall(deleted)) or negation.search(inserted):
        return False
    return len(words.stop_verbs.findall(inserted)) > len(words.stop_verbs.findall(deleted))
