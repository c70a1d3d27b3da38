"""Who a clause speaks of, said another way.

**The reader named instead of addressed**, or back: "You can ask us to delete your account" →
"Members can ask us to delete their account", "Vous pouvez demander …" → "Les membres peuvent
demander …".

A policy speaks to its reader ("you") and of its users ("users", "members", "Nutzer") and means
the same people: rewriting a clause from one to the other grants no right and takes none away. A
modified clause whose deleted words address the reader and whose inserted words name users by a
bare noun (``second_person``, ``reader_nouns`` in ``tracker/data/clause_rules.toml``), or the
other way round, is editorial when, the nouns set aside and the verbs that agree with them read
as one (``reader_verbs``: "pouvez" = "peuvent"), it has the same meaning-bearing words,
negations, "only" words and modals. A noun with a word of its own stays a change: "You can
download a copy" → "Premium members can download a copy" narrows the right to some users. One
noun for another ("customers" → "visitors") is not this rule's: they may be other people.

**The company named instead of "we"**, or back: "We use your precise location …" → "Acme Dating
uses your precise location …". When the name is one the policy gives itself (its title, or a
definition of "we": ``tracker.classify.own_name``) and, the names read as "we", the words are the
same, the same company does the same thing: editorial. Any other name in place of "we" ("We
collect …" → "Google collects …") is another party and stays for the other rules.
"""

from __future__ import annotations

import functools
import re

from tracker.classify.paraphrase import same_meaning
from tracker.classify.rules import changed_text
from tracker.classify.vocabulary import Vocabulary, vocabulary
from tracker.models import ClauseChange

__all__ = ["reader_reason", "self_name_reason"]


@functools.lru_cache(maxsize=8)
def _verb_forms(groups: tuple[tuple[str, ...], ...]) -> tuple[re.Pattern[str], dict[str, str]]:
    table = {form.lower(): group[0] for group in groups for form in group}
    words = sorted(table, key=len, reverse=True) or ["(?!)"]
    return re.compile(r"(?<![\w'’-])(?:" + "|".join(map(re.escape, words)) + r")(?![\w-])", re.IGNORECASE), table


def _one_reader(text: str, words: Vocabulary) -> str:
    """``text`` with its nouns for users left out and its verbs read in one form."""
    pattern, table = _verb_forms(words.reader_verbs)
    text = pattern.sub(lambda m: table[m.group(0).lower()], words.reader_nouns.sub(" ", text))
    return words.second_person.sub(" ", text)


def reader_reason(clause: ClauseChange) -> str | None:
    """Why a modified clause only named its reader by a noun instead of "you" (or back), or None."""
    if clause.kind not in {"modified", "moved"} or not clause.old_text or not clause.new_text:
        return None
    words = vocabulary()
    deleted, inserted = changed_text(clause)
    named, addressed = words.reader_nouns.search, words.second_person.search
    if not (
        (addressed(deleted) and named(inserted) and not named(deleted))
        or (named(deleted) and addressed(inserted) and not named(inserted))
    ):
        return None
    if not same_meaning(_one_reader(clause.old_text, words), _one_reader(clause.new_text, words)):
        return None
    return "the reader named as users or members instead of 'you' (or back); the same words otherwise"


def _as_we(text: str, names: frozenset[str]) -> str:
    for name in sorted(names, key=len, reverse=True):
        text = re.sub(rf"(?<![\w-]){re.escape(name)}[’']s\b", "our", text)
        text = re.sub(rf"(?<![\w-]){re.escape(name)}(?![\w-])", "we", text)
    return text


def self_name_reason(clause: ClauseChange, names: frozenset[str]) -> str | None:
    """Why a modified clause only named the company instead of "we" (or back), or None."""
    if not names or clause.kind not in {"modified", "moved"} or not clause.old_text or not clause.new_text:
        return None
    deleted, inserted = changed_text(clause)
    we = vocabulary().first_person.search

    def named(text: str) -> bool:
        return any(re.search(rf"(?<![\w-]){re.escape(n)}(?![\w-])", text) for n in names)

    if not ((we(deleted) and named(inserted)) or (named(deleted) and we(inserted))):
        return None
    if not same_meaning(_as_we(clause.old_text, names), _as_we(clause.new_text, names)):
        return None
    return "the company named instead of 'we' (or back); the same words otherwise"
