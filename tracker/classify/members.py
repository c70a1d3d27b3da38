"""Members of a list added or struck (issue 17, rules in both directions): "We share order
details with our payment processor, our delivery partners and our marketing agency" → "... with
our payment processor and our delivery partners" removes a recipient; "name, email address and
password" → "name, email address, general location and password" adds a category of data.

A modified clause is read as a list: its text cut at commas, semicolons and the words that join
list items ("and", "or", "et", "ou", "und", "oder", "sowie"). When the only difference between
the two versions is one or two items gone or added — each a short phrase (at most ``_MAX_ITEM``
words) with a meaning-bearing word, the text around them the same, a member reworded ("email" →
"email address": the two share a word) not counted — and the clause is about sharing, collection or use (a topic of
the lexicon names it), the change is **material**: a recipient, a category of data or a purpose
is added or removed.

Not this rule's business: a list of examples ("such as", "for example", "z. B."; the
``examples`` and ``example_lists`` words), whose members only illustrate a category the clause
names (``tracker.classify.light``); and a clause whose other words changed too (the other rules
read it).
"""

from __future__ import annotations

import re
from collections import Counter

from tracker.classify.lexicon import Lexicon, matches
from tracker.classify.paraphrase import meaning_words
from tracker.classify.rules import strip_markup
from tracker.classify.vocabulary import vocabulary
from tracker.models import ClauseChange

__all__ = ["list_member_reasons"]

_SEPARATORS = re.compile(r"\s*(?:[,;]|\b(?:and|or|und|oder|sowie|et|ou)\b|&)\s*", re.IGNORECASE)
_MAX_ITEM = 6  # words of one list item
_MAX_CHANGED = 2  # members gone and added: more is a list rewritten, for the other rules
# The topics whose lists name recipients, categories of data or purposes.
_LIST_TOPICS = frozenset({"third_party_sharing", "first_party_collection", "cross_border_transfers"})


def _items(text: str) -> list[str]:
    """The pieces of ``text`` between list separators, lower-cased, without outer punctuation."""
    pieces = (" ".join(p.split()).strip(" .!?()[]\"'«»“”").casefold() for p in _SEPARATORS.split(text))
    return [p for p in pieces if re.search(r"[^\W_]", p)]


def _reworded_aside(gone: list[str], added: list[str]) -> tuple[list[str], list[str]]:
    """The items gone and added without the pairs that share a meaning-bearing word: "email" →
    "email address" rewords a member, it does not replace one."""
    gone, added = list(gone), list(added)
    for item in list(gone):
        words = set(meaning_words(item))
        twin = next((other for other in added if words & set(meaning_words(other))), None)
        if twin is not None:
            gone.remove(item)
            added.remove(twin)
    return gone, added


def members_changed(old: str, new: str) -> tuple[list[str], list[str]]:
    """(items gone, items added) when the two texts differ only in items of a list; else ([], [])."""
    before, after = Counter(_items(old)), Counter(_items(new))
    gone, added = list((before - after).elements()), list((after - before).elements())
    if not (gone or added) or any(len(item.split()) > _MAX_ITEM for item in gone + added):
        return [], []
    if len(gone) + len(added) >= max(len(before), len(after)):
        return [], []  # nothing of the list is kept: a rewrite, not a member changed
    gone, added = _reworded_aside(gone, added)
    if len(gone) + len(added) > _MAX_CHANGED or not all(meaning_words(item) for item in gone + added):
        return [], []  # many members, or a connective ("ainsi"), changed: the other rules read it
    return gone, added


def list_member_reasons(clause: ClauseChange, lexicon: Lexicon) -> list[str]:
    """Material reasons when a list of recipients, data or purposes gained or lost a member."""
    if clause.kind not in {"modified", "moved"} or not clause.old_text or not clause.new_text:
        return []
    old, new = strip_markup(clause.old_text), strip_markup(clause.new_text)
    words = vocabulary()
    if words.examples.search(f"{old} {new}") or words.example_lists.search(f"{old} {new}"):
        return []  # a list of examples: its members only illustrate
    gone, added = members_changed(old, new)
    if not (gone or added):
        return []  # only members reworded ("email" → "email address") or reordered
    about = [t.name for t in lexicon.topics if t.name in _LIST_TOPICS and matches(t, f"{old} {new}")]
    if not about:
        return []
    reasons = [f"list member removed: '{item}'" for item in gone[:3]]
    return reasons + [f"list member added: '{item}'" for item in added[:3]]
