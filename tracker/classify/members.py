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
is added or removed. So is a security measure, a right or a choice joined to its list by a
conjunction ("encrypted in transit" → "in transit and at rest", « l'accès et la rectification »
→ « l'accès, la rectification et l'effacement »).

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
# The topics whose lists name security measures, rights or choices: a member there counts only
# when a conjunction joins it to the list ("in transit and at rest", « l'accès, la rectification
# et l'effacement »), not a clause after a semicolon or comma ("...; only trained staff have access").
_JOINED_TOPICS = frozenset({"data_security", "user_access", "user_choice"})
_JOIN = r"(?:and|or|und|oder|sowie|et|ou|&)"


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


def _middles(old: str, new: str) -> tuple[str, str]:
    """What is left of each text once the words both begin and end with are set aside."""
    a, b = old.split(), new.split()
    start = 0
    while start < min(len(a), len(b)) and a[start] == b[start]:
        start += 1
    end = 0
    while end < min(len(a), len(b)) - start and a[len(a) - 1 - end] == b[len(b) - 1 - end]:
        end += 1
    return " ".join(a[start : len(a) - end]), " ".join(b[start : len(b) - end])


_OPENING_JOIN = re.compile(rf"^[\s,;]*{_JOIN}\s+|^[\s,;]+", re.IGNORECASE)


def joined_members(old: str, new: str) -> tuple[list[str], list[str]]:
    """(items gone, items added) when the only change is one member joined to a list by a
    conjunction in the middle of a longer clause ("marketing e-mails in your account" →
    "marketing e-mails and push notifications in your account"): the words both versions begin
    and end with set aside, what is left is that member (its conjunction aside), or a list that
    gained or lost it."""
    before, after = _middles(old, new)
    for mid, other, is_new in ((after, before, True), (before, after, False)):
        if other or not _OPENING_JOIN.match(mid):
            continue
        item = " ".join(_OPENING_JOIN.sub("", mid).strip(" .!?()[]\"'«»“”").casefold().split())
        if item and len(item.split()) <= _MAX_ITEM and meaning_words(item):
            return ([], [item]) if is_new else ([item], [])
        return [], []
    if before and after:
        return members_changed(before, after)
    return [], []


def _joined(item: str, text: str) -> bool:
    """``item`` stands next to a conjunction in ``text`` ("encrypted in transit and at rest")."""
    plain = " ".join(text.split()).casefold()
    quoted = re.escape(item)
    return bool(re.search(rf"\b{_JOIN}\s+{quoted}(?!\w)|(?<!\w){quoted}\s+{_JOIN}\b", plain))


def list_member_reasons(clause: ClauseChange, lexicon: Lexicon) -> list[str]:
    """Material reasons when a list of recipients, data or purposes gained or lost a member."""
    if clause.kind not in {"modified", "moved"} or not clause.old_text or not clause.new_text:
        return []
    old, new = strip_markup(clause.old_text), strip_markup(clause.new_text)
    words = vocabulary()
    if words.examples.search(f"{old} {new}") or words.example_lists.search(f"{old} {new}"):
        return []  # a list of examples: its members only illustrate
    gone, added = members_changed(old, new)
    if gone or added:
        joined = all(_joined(item, old if item in gone else new) for item in gone + added)
        topics = _LIST_TOPICS | _JOINED_TOPICS if joined else _LIST_TOPICS
    else:  # a member joined in the middle of a longer clause: measures, rights and choices only
        gone, added = joined_members(old, new)
        topics = _JOINED_TOPICS
    if not (gone or added):
        return []  # only members reworded ("email" → "email address") or reordered
    about = [t.name for t in lexicon.topics if t.name in topics and matches(t, f"{old} {new}")]
    if not about:
        return []
    reasons = [f"list member removed: '{item}'" for item in gone[:3]]
    return reasons + [f"list member added: '{item}'" for item in added[:3]]
