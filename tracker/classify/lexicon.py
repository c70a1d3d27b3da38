"""The topic lexicon: loading ``tracker/data/lexicon.toml`` (extended by the user's file) and
matching its terms and patterns against text.

Each topic has a label, a ``material_when`` (added / removed / any / never) and matchers; a
match returns the terms found, lower-cased, in order. ``stems`` reduces matched words with the
Snowball stemmer of the language being read so an inflection ("gathers" → "gather") is not new
text on a topic.
"""

from __future__ import annotations

import functools
import os
import re
import threading
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from tracker.classify.equivalents import equivalents
from tracker.classify.language import DEFAULT_LANGUAGE, active, rules_for
from tracker.classify.literal_gate import literal_search, lowers_like_re
from tracker.classify.lookahead import with_lookahead
from tracker.classify.memo import clear_caches
from tracker.errors import TrackerError


@dataclass(frozen=True)
class Topic:
    """One topic of the lexicon: its label, when a change on it is material, and its matchers."""

    name: str
    label: str
    material_when: str
    terms: tuple[str, ...]
    patterns: tuple[str, ...]
    # when a clause change is tagged with it: "always"; "alone" (only when no other topic is:
    # a catch-all such as "collection and use"); "changed" (a modified clause only when its words
    # on the topic differ between versions, else as "alone")
    tag_when: str = "always"
    # in a language that capitalises every noun (German), whether a noun gained or lost in a
    # clause on this topic is material, as a name is elsewhere (recipients, parties, destinations)
    nouns_matter: bool = False
    # groups of words that say the same on this topic ("share" / "disclose"): swapping one for
    # another is not new text; a matched word belongs to a group when its stem starts with the
    # stem of one of the group's words
    synonyms: tuple[tuple[str, ...], ...] = ()
    # words of other topics that this topic uses in its own sense: when it fired, another topic
    # whose only words are these is dropped ("on the basis of your consent" names a legal basis)
    absorbs: tuple[str, ...] = ()
    regex: re.Pattern[str] = field(compare=False, repr=False, default=re.compile("(?!)"))
    # the first word of every term (None: some term starts with neither a letter nor a digit)
    first_words: frozenset[str] | None = field(compare=False, repr=False, default=None)
    # when every pattern has a literal each of its matches reads: a search for each, and the regex
    # of the terms alone, which finds the same as ``regex`` in a text holding none of the literals
    pattern_gates: tuple[re.Pattern[str], ...] | None = field(compare=False, repr=False, default=None)
    terms_regex: re.Pattern[str] = field(compare=False, repr=False, default=re.compile("(?!)"))


@dataclass(frozen=True)
class Lexicon:
    """The topic lexicon, in the order topics were declared."""

    topics: tuple[Topic, ...]

    def label(self, name: str) -> str:
        for topic in self.topics:
            if topic.name == name:
                return topic.label
        return name.replace("_", " ")


def _trie_regex(terms: list[str]) -> str:
    """One regex matching any of ``terms`` (lower-case; a space matches any whitespace), shaped
    as a prefix tree. A flat alternation of a hundred terms makes ``re`` try every term at every
    position; the tree tries one branch per character. Longer continuations are tried first, so
    the longest term at a position wins ("grievance officer" over "grievance")."""
    tree: dict[str, dict] = {}
    for term in terms:
        node = tree
        for char in term:
            node = node.setdefault(char, {})
        node[""] = {}  # end of a term

    def pattern(node: dict[str, dict]) -> str:
        branches = [
            (r"\s+" if char == " " else re.escape(char)) + pattern(child) for char, child in node.items() if char
        ]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if "" in node:  # a term may end here: the longer branches are optional (greedy, so tried first)
            return f"(?:{body})?" if len(branches) == 1 else body + "?"
        return body

    return pattern(tree)


def _inflected(term: str) -> set[str]:
    """An English phrase with the inflections of its first word ("contact us": "contacts us",
    "contacted us", "contacting us"; "opt out": "opted out", "opting out"): a phrase is matched as
    written, and its verb is conjugated in the text. A single word stays as listed (the lexicon
    lists the forms it means: "share", "shared", "shares", "sharing")."""
    first, _, rest = term.partition(" ")
    if not rest or not first.replace("-", "").isalpha() or len(first) < 3:
        return {term}
    if first.endswith("e"):
        forms = {first + "s", first + "d", first[:-1] + "ing"}
    elif re.fullmatch(r"[^aeiou]*[aeiou][^aeiouwxy]", first):  # "opt" → "opted", "stop" → "stopped"
        forms = {first + "s", first + "ed", first + "ing", first + first[-1] + "ed", first + first[-1] + "ing"}
    else:
        forms = {first + "s", first + "ed", first + "ing"}
    return {term} | {f"{form} {rest}" for form in forms}


def _compile(
    name: str, label: str, material_when: str, terms: list[str], patterns: list[str], where: str,
    tag_when: str = "always", nouns_matter: bool = False, synonyms: tuple[tuple[str, ...], ...] = (),
    absorbs: tuple[str, ...] = (),
    inflect: bool = False,
) -> Topic:  # fmt: skip
    words = sorted({" ".join(t.lower().split()) for t in terms if t.strip()})
    if inflect:
        words = sorted({v for w in words for v in _inflected(w)})
    parts = [r"\b(?:" + _trie_regex(words) + r")\b"] if words else []
    for pattern in patterns:
        try:
            re.compile(pattern)
        except re.error as exc:
            raise TrackerError(f"{where}: topic {name!r}: invalid pattern {pattern!r}: {exc}") from None
        parts.append(f"(?:{with_lookahead(pattern)})")  # the same matches, fewer look-behinds tried
    regex = re.compile("|".join(parts) if parts else "(?!)", re.IGNORECASE)
    gates = tuple(literal_search(p) for p in patterns)
    pattern_gates = tuple(g for g in gates if g is not None) if patterns and None not in gates else None
    terms_regex = re.compile(parts[0] if words and pattern_gates else "(?!)", re.IGNORECASE)
    first_words = None
    if all(re.match(r"\w", w) for w in words):
        first_words = frozenset(_WORD.match(w).group(0) for w in words)  # type: ignore[union-attr]
    return Topic(
        name, label, material_when, tuple(terms), tuple(patterns), tag_when, nouns_matter, synonyms,
        tuple(" ".join(w.lower().split()) for w in absorbs), regex, first_words, pattern_gates,
        terms_regex,
    )  # fmt: skip


def _read_topics(data: dict[str, object], where: str) -> dict[str, dict[str, object]]:
    topics = data.get("topics")
    if not isinstance(topics, dict):
        raise TrackerError(f"{where}: lexicon needs a [topics.NAME] table")
    return topics


def load_lexicon(path: str | Path | None = None, lang: str = DEFAULT_LANGUAGE) -> Lexicon:
    """The lexicon shipped for ``lang`` (English: ``lexicon.toml``; French, German:
    ``lexicon.fr.toml``, ``lexicon.de.toml``), extended by the user's TOML file at ``path`` when given."""
    lexicon_file = rules_for(lang).lexicon_file
    shipped = resources.files("tracker").joinpath("data", lexicon_file).read_text(encoding="utf-8")
    merged: dict[str, dict[str, object]] = {
        name: dict(spec) for name, spec in _read_topics(tomllib.loads(shipped), "shipped lexicon").items()
    }
    where = "shipped lexicon"
    if path is not None:
        where = str(path)
        try:
            user = tomllib.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise TrackerError(f"{path}: cannot read lexicon: {exc}") from None
        for name, spec in _read_topics(user, where).items():
            base = merged.setdefault(
                name, {"label": name.replace("_", " "), "material_when": "never", "terms": [], "patterns": []}
            )
            for key in ("terms", "patterns"):
                extra = spec.get(key, [])
                base[key] = [*base.get(key, []), *extra]  # type: ignore[misc]
            for key in ("label", "material_when", "tag_when", "nouns_matter", "synonyms", "absorbs"):
                if key in spec:
                    base[key] = spec[key]
    topics = []
    for name, spec in merged.items():
        when = str(spec.get("material_when", "never"))
        if when not in {"added", "removed", "any", "never"}:
            raise TrackerError(f"{where}: topic {name!r}: material_when must be added, removed, any or never")
        tag_when = str(spec.get("tag_when", "always"))
        if tag_when not in TAG_WHEN:
            raise TrackerError(f"{where}: topic {name!r}: tag_when must be always, alone or changed")
        topics.append(
            _compile(
                name, str(spec.get("label", name)), when,
                list(spec.get("terms", [])), list(spec.get("patterns", [])), where,  # type: ignore[call-overload]
                tag_when, bool(spec.get("nouns_matter", False)),
                tuple(tuple(str(w) for w in group) for group in spec.get("synonyms", [])),  # type: ignore[attr-defined]
                tuple(str(w) for w in spec.get("absorbs", [])),  # type: ignore[attr-defined]
                inflect=lang == DEFAULT_LANGUAGE,
            )
        )  # fmt: skip
    return Lexicon(tuple(topics))


TAG_WHEN = ("always", "alone", "changed")
LEXICON_ENV = "POLICY_TRACKER_LEXICON"
_LOADED: dict[tuple[str | None, str], Lexicon] = {}
_LOADING = threading.Lock()


def default_lexicon(lang: str = DEFAULT_LANGUAGE) -> Lexicon:
    """The lexicon every command uses for ``lang``: the shipped one, extended by the TOML file
    named in the ``POLICY_TRACKER_LEXICON`` environment variable when it is set (each loaded once)."""
    key = (os.environ.get(LEXICON_ENV) or None, lang)
    if key not in _LOADED:
        with _LOADING:  # check classifies in several threads: each lexicon is loaded once
            if key not in _LOADED:
                _LOADED[key] = load_lexicon(*key)
    return _LOADED[key]


_WORD = re.compile(r"\w+")


def matches(topic: Topic, text: str) -> tuple[str, ...]:
    """The terms of ``topic`` found in ``text``, lower-cased, each once, in order."""
    # A term is bounded by \b, so a match starts with one of the text's whole words: a topic
    # none of whose terms' first words is in the text cannot match (most topics, most texts).
    if not topic.patterns and _no_first_word(topic, text):
        return ()
    if topic.pattern_gates is not None and not _any_found(topic.pattern_gates, text):
        if _no_first_word(topic, text):
            return ()
        return _find_terms(topic.terms_regex, text)  # no pattern can match: the terms alone find the same
    return _find_terms(topic.regex, text)


def _no_first_word(topic: Topic, text: str) -> bool:
    """Whether none of ``topic``'s terms can start in ``text``: none of their first words is one
    of its lower-cased words, and lower-casing is how ``re`` folds the text's case ("ſ" is "s"
    to ``re`` but stays "ſ" lower-cased, so such a text is left to the regex)."""
    first = topic.first_words
    return first is not None and first.isdisjoint(_words_of(text)) and _lowers_like_re(text)


def clear_match_caches() -> None:
    """Empty the match caches: they serve one classification, so memory stays bounded and a page
    is not cheaper for having been classified before."""
    _words_of.cache_clear()
    _find_terms.cache_clear()
    _any_found.cache_clear()
    _lowers_like_re.cache_clear()
    clear_caches()  # the other rules' caches of per-text work (``tracker.classify.memo``)


@functools.lru_cache(maxsize=16384)
def _words_of(text: str) -> frozenset[str]:
    return frozenset(_WORD.findall(text.lower()))


@functools.lru_cache(maxsize=16384)
def _find_terms(regex: re.Pattern[str], text: str) -> tuple[str, ...]:
    # cached: one classify asks about the same changed words for several rules
    seen: dict[str, None] = {}
    for match in regex.finditer(text):
        seen[" ".join(match.group(0).lower().split())] = None
    return tuple(seen)


@functools.lru_cache(maxsize=16384)
def _any_found(gates: tuple[re.Pattern[str], ...], text: str) -> bool:
    return any(gate.search(text) for gate in gates)


@functools.lru_cache(maxsize=16384)
def _lowers_like_re(text: str) -> bool:
    return lowers_like_re(text)


def stems(words: Iterable[str]) -> set[str]:
    """Snowball stems, in the language being read, so an inflection change ("gathers" →
    "gather") is not new text on a topic."""
    return active().stems(words)


def topic_stems(topic: Topic, words: Iterable[str]) -> set[str]:
    """``stems(words)`` with each synonym of the topic read as the first word of its group
    ("disclosed" → "share"), so a synonym swapped in is not new text on the topic."""
    groups = _synonym_stems(active().code, topic.synonyms)
    found = set()
    for stem in stems(_joined(w) for w in words):
        canonical = next((g[0] for g in groups if any(stem.startswith(s) for s in g)), stem)
        found.add(canonical)
    return found


def _joined(term: str) -> str:
    """A separable verb matched with the words between its parts read as the joined verb
    ("geben ihre daten an dritte weiter" → "weitergeben"): the words between are the clause's
    object, compared by the other rules, and the verb is the same however they change."""
    parts = term.split()
    if len(parts) >= 2 and parts[-1] in equivalents().particles:
        return parts[-1] + parts[0]
    return term


@functools.lru_cache(maxsize=256)
def _synonym_stems(lang: str, synonyms: tuple[tuple[str, ...], ...]) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(active().stem_phrase(w) for w in group) for group in synonyms if group)
