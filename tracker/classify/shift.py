"""Small edits that shift a clause's meaning: what an editorial verdict that reads meaning may
never let through (issue 17, round 7).

The paraphrase rules compare meaning-bearing words and set function words aside; the minor
rewording lets one word stand for another. Some of the words they set aside carry the meaning of
a short edit, so a verdict that reads meaning (``judge``: paraphrase, restriction restated,
spelling, tense, reader or company named, pointer reworded, minor rewording, each edit alone) is
refused when the clause

- swaps a connective ("A and B" → "A or B", « et » → « ou », „und“ → „oder“) or adds or drops a
  list member with one ("in the EU" → "in the EU and the US", "Schools" → "Schools and teachers");
- holds more or fewer quantifiers of one class ("all of your data" → "some of your data",
  « toutes vos données » → « vos données »);
- swaps a word for one of opposite or distinct meaning (``opposites``: "before" → "after",
  "disabled" → "enabled", "approximate" → "precise", "weekly" → "daily", "Ltd" → "Inc", « au
  repos » → « en transit », „mindestens“ → „höchstens“; an "opt-in" turned "opt-out");
- gains or loses a condition or an exception ("where the law allows", « si vous l'acceptez »,
  "unless you object": ``conditions`` and ``exceptions`` of ``clause_rules.toml``);
- names an acronym the other version lacks that reads as a function word in lower case ("the EU"
  → "the EU and the US": "US" is no pronoun).

The rules that read no meaning (punctuation, the same letters, links, a cross-reference or date
renumbered, a stamp, an example struck out, an acronym spelled out, text found elsewhere) are not
asked: their verdict never depends on these words. The word lists are data,
``tracker/data/meaning_shift.toml``.
"""

from __future__ import annotations

import functools
import re
import tomllib
from collections import Counter
from dataclasses import dataclass
from importlib import resources

from tracker.classify.consent_model import consent_flip
from tracker.classify.hunks import edits
from tracker.classify.language import DEFAULT_LANGUAGE, LanguageRules, active, use
from tracker.classify.names import undotted
from tracker.classify.rules import strip_markup, unnumbered, word_stems
from tracker.classify.vocabulary import vocabulary
from tracker.models import ClauseChange

__all__ = ["meaning_shift"]

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_ACRONYM = re.compile(r"\b[A-Z]{2,5}\b")


@dataclass(frozen=True)
class _Words:
    and_words: frozenset[str]
    or_words: frozenset[str]
    quantifiers: tuple[frozenset[str], ...]
    opposites: tuple[tuple[tuple[str, ...], ...], ...]  # entries of groups of synonyms, as written


@functools.cache
def _shipped() -> dict[str, _Words]:
    text = resources.files("tracker").joinpath("data", "meaning_shift.toml").read_text(encoding="utf-8")
    return {
        code: _Words(
            frozenset(spec["and_words"]),
            frozenset(spec["or_words"]),
            tuple(frozenset(group) for group in spec["quantifiers"]),
            tuple(tuple(tuple(group.split("|")) for group in entry) for entry in spec["opposites"]),
        )
        for code, spec in tomllib.loads(text).items()
    }


def _words() -> _Words:
    shipped = _shipped()
    return shipped.get(active().code, shipped[DEFAULT_LANGUAGE])


@functools.lru_cache(maxsize=8)
def _opposite_stems(rules: LanguageRules) -> tuple[tuple[frozenset[str], ...], ...]:
    """The ``opposites`` of the language ``rules`` reads, each group as the stems of its words."""
    with use(rules):
        return tuple(tuple(frozenset(word_stems(" ".join(g))) for g in entry) for entry in _words().opposites)


_EMAIL = re.compile(r"\be-mail\b", re.IGNORECASE)  # one word, as the groups write it


def _opposite_swapped(gone: str, came: str) -> bool:
    """A word of one group of an ``opposites`` entry swapped for a word of another ("before" →
    "after"); a swap inside a group ("prior" → "before") is none."""
    gone_stems, came_stems = (set(word_stems(_EMAIL.sub("email", t))) for t in (gone, came))
    for entry in _opposite_stems(active()):
        was = {k for k, group in enumerate(entry) if group & gone_stems}
        now = {k for k, group in enumerate(entry) if group & came_stems}
        if was and now and was != now:
            return True
    return False


def _tokens(text: str) -> list[str]:
    return [w.casefold() for w in _WORD.findall(text)]


def _quoted(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _edit_shift(clause: ClauseChange, words: _Words) -> str | None:
    """An edit swaps a word for another of an ``opposites`` entry, "and" for "or" (or back), or is
    a pure insertion or deletion that opens with one and holds a meaning-bearing word (a list
    member joined or dropped)."""
    function = vocabulary().function_words
    joins = words.and_words | words.or_words
    for start, end in edits(clause):
        runs = clause.words[start:end]
        deleted = " ".join(strip_markup(r.text) for r in runs if r.op == "delete")
        inserted = " ".join(strip_markup(r.text) for r in runs if r.op == "insert")
        if _opposite_swapped(deleted, inserted):
            return f"a word swapped for one of another meaning ('{_quoted(deleted)}' → '{_quoted(inserted)}')"
        gone, came = _tokens(deleted), _tokens(inserted)
        for a, b in ((gone, came), (came, gone)):
            if set(a) & words.and_words and set(b) & words.or_words and not set(a) & words.or_words:
                return "a connective changed ('and' / 'or')"
        ops = {r.op for r in runs if r.text.strip()}
        if len(ops) != 1:
            continue  # words replaced: the paraphrase rules compare them
        only, what = (gone, "removed") if ops == {"delete"} else (came, "added")
        glossed = " ".join(r.text for r in runs).lstrip().startswith("(")  # "controller (or business …)"
        if only and only[0] in joins and not glossed and any(w not in function and w not in joins for w in only):
            return f"a list member {what}: '{_quoted(' '.join(only))}'"
    return None


def _counts(text: str, words: _Words) -> tuple[int, ...]:
    tokens = Counter(_tokens(text))
    return tuple(sum(tokens[w] for w in group) for group in words.quantifiers)


def _conditions(text: str) -> int:
    """How many conditions and exceptions ``text`` states; words that stand together are one
    ("sauf si", "unless and until"), and "without your consent" is one as "unless you consent" is."""
    terms = vocabulary()
    patterns = (terms.conditions, terms.exceptions, terms.consent_exceptions)
    spans = sorted(m.span() for p in patterns for m in p.finditer(text))
    count, end = 0, None
    for start, stop in spans:
        if end is None or text[end:start].strip():
            count += 1  # not joined to the one before by spaces only
        end = stop if end is None else max(end, stop)
    return count


def _acronyms(text: str) -> set[str]:
    """The acronyms of ``text`` that read as function words in lower case ("US", "IT"): the
    paraphrase rules would set them aside as "us", "it" (other acronyms are meaning-bearing)."""
    plain = undotted(text)
    found = _ACRONYM.findall(plain)
    words = _WORD.findall(plain)
    if words and len(found) * 2 > len(words):
        return set()  # a sentence in capitals: its words are no acronyms
    function = vocabulary().function_words
    return {a for a in found if a.casefold() in function}


def meaning_shift(clause: ClauseChange) -> str | None:
    """What in a modified clause's small edit shifts its meaning although the editorial rules that
    read meaning would let it through (a word for its opposite, a connective, a list member, an
    opt-in turned opt-out, a quantifier, a condition, an acronym read as a function word), or None."""
    if clause.kind not in {"modified", "moved"} or not clause.old_text or not clause.new_text:
        return None
    old, new = strip_markup(unnumbered(clause.old_text)), strip_markup(unnumbered(clause.new_text))
    words = _words()
    if reason := _edit_shift(clause, words):
        return reason
    if consent_flip(old, new):
        return "an opt-in turned into an opt-out (or back)"
    if _counts(old, words) != _counts(new, words):
        return "a quantifier changed ('all' / 'some')"
    if _conditions(old) != _conditions(new):
        return "an 'if', 'where' or 'unless' (or its like) added or removed"
    if _acronyms(old) != _acronyms(new):
        return "an acronym added or removed"
    return None
