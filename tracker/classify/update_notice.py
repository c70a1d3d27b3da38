"""A policy's notice that it was or will be updated ("We updated our Privacy Policy on April 7,
2025", « Nous avons mis à jour cette politique le 3 février 2025 »): the changed words of such a
notice are about a change to the policy (``policy_change``), not about the practices the rest of
its clause names (``tracker.classify.topics``). A date line ("Last updated: 3 March 2025", "This
policy was last updated on …") states a date in no one's voice and is no such notice.
"""

from __future__ import annotations

import re

from tracker.classify.paraphrase import meaning_words
from tracker.classify.rules import strip_markup
from tracker.classify.vocabulary import vocabulary

__all__ = ["update_notice"]


def update_notice(deleted: str, inserted: str) -> bool:
    """The changed words are the policy's notice that it was or will be updated ("We updated our
    Privacy Policy on April 7, 2025"): about a change to the policy, not the practices the rest
    of the clause names. A date line ("Last updated: 3 March 2025", "This policy was last
    updated on …") states a date in no one's voice: no notice."""
    words, text = vocabulary(), strip_markup(f"{deleted} {inserted}")
    if not words.policy_date.search(text) or not (re.search(r"\d", text) or words.months.search(text)):
        return False
    if not words.first_person.search(text.casefold()):
        return False
    names = set(meaning_words(words.policy_names))
    return bool(names & set(meaning_words(text)))
