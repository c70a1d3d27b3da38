"""What changed, and does it matter: topic tags, materiality with reasons, silent/stale flags.

Transparent rules only (the README's "Topics, materiality and notices" lists them all):

- **Topics** come from a lexicon (``tracker/data/lexicon.toml``, extended by the file named in
  ``POLICY_TRACKER_LEXICON``) matched against the *changed* words of each clause (inserted and
  deleted runs; the whole text of an added or removed clause; link targets stripped) and the
  section heading. Each tag carries the words that fired it.
- **Materiality** per change: ``material`` when a rule fires — the lexicon-free ones in
  ``tracker.classify.rules`` (commitment shifts, sale, retention, age thresholds, removed
  promises) or the lexicon's ``material_when`` per topic (new words on an "added" topic, words
  gone from a "removed" one, new list entries / struck words under a topic heading); words of
  whole clauses that moved between sections count as neither new nor gone. ``editorial`` when
  the diff found it editorial or only inflection, links or e-mail addresses changed; otherwise
  ``review`` (unsure → review: missing a material change is the costly error).
- **Flags** on the whole diff: ``silent_change`` (a material change while the policy's own
  "last updated" date did not move) and ``stale_date`` (the date moved, nothing else did).
"""

from __future__ import annotations

import functools
import os
import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path

from tracker.budget import spend
from tracker.classify.language import DEFAULT_LANGUAGE, active, rules_for, use
from tracker.classify.language_switch import document_languages, language_switch, unsupported_language
from tracker.classify.rules import (
    age_reasons,
    changed_text,
    clause_words,
    commitment_reasons,
    editorial_reason,
    lookalike_reason,
    negation,
    removed_promise_reasons,
    retention_reasons,
    sale_reasons,
    strip_markup,
)
from tracker.classify.similar import WordSetIndex
from tracker.errors import TrackerError
from tracker.models import ClauseChange, DiffResult, Materiality, PolicyDocument, SectionChange, TopicTag

MATERIALITY_ORDER = {"editorial": 0, "review": 1, "material": 2}


@dataclass(frozen=True)
class Topic:
    """One topic of the lexicon: its label, when a change on it is material, and its matchers."""

    name: str
    label: str
    material_when: str
    terms: tuple[str, ...]
    patterns: tuple[str, ...]
    regex: re.Pattern[str] = field(compare=False, repr=False, default=re.compile("(?!)"))
    # the first word of every term, when that alone decides whether the regex can match at all
    # (no patterns, every term starting with a letter or digit); None means always run the regex
    first_words: frozenset[str] | None = field(compare=False, repr=False, default=None)


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


def _compile(name: str, label: str, material_when: str, terms: list[str], patterns: list[str], where: str) -> Topic:
    words = sorted({" ".join(t.lower().split()) for t in terms if t.strip()})
    parts = [r"\b(?:" + _trie_regex(words) + r")\b"] if words else []
    for pattern in patterns:
        try:
            re.compile(pattern)
        except re.error as exc:
            raise TrackerError(f"{where}: topic {name!r}: invalid pattern {pattern!r}: {exc}") from None
        parts.append(f"(?:{pattern})")
    regex = re.compile("|".join(parts) if parts else "(?!)", re.IGNORECASE)
    first_words = None
    if not patterns and all(re.match(r"\w", w) for w in words):
        first_words = frozenset(_WORD.match(w).group(0) for w in words)  # type: ignore[union-attr]
    return Topic(name, label, material_when, tuple(terms), tuple(patterns), regex, first_words)


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
            for key in ("label", "material_when"):
                if key in spec:
                    base[key] = spec[key]
    topics = []
    for name, spec in merged.items():
        when = str(spec.get("material_when", "never"))
        if when not in {"added", "removed", "any", "never"}:
            raise TrackerError(f"{where}: topic {name!r}: material_when must be added, removed, any or never")
        topics.append(
            _compile(
                name, str(spec.get("label", name)), when,
                list(spec.get("terms", [])), list(spec.get("patterns", [])), where,  # type: ignore[call-overload]
            )
        )  # fmt: skip
    return Lexicon(tuple(topics))


LEXICON_ENV = "POLICY_TRACKER_LEXICON"
_LOADED: dict[tuple[str | None, str], Lexicon] = {}


def default_lexicon(lang: str = DEFAULT_LANGUAGE) -> Lexicon:
    """The lexicon every command uses for ``lang``: the shipped one, extended by the TOML file
    named in the ``POLICY_TRACKER_LEXICON`` environment variable when it is set (each loaded once)."""
    key = (os.environ.get(LEXICON_ENV) or None, lang)
    if key not in _LOADED:
        _LOADED[key] = load_lexicon(*key)
    return _LOADED[key]


# --------------------------------------------------------------------------- topics


_WORD = re.compile(r"\w+")


def _matches(topic: Topic, text: str) -> tuple[str, ...]:
    # A term is bounded by \b, so a match starts with one of the text's whole words: a topic
    # none of whose terms' first words is in the text cannot match (most topics, most texts).
    if topic.first_words is not None and topic.first_words.isdisjoint(_words_of(text)):
        return ()
    return _find_terms(topic.regex, text)


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


def _stems(words: Iterable[str]) -> set[str]:
    """Snowball stems, in the language being read, so an inflection change ("gathers" →
    "gather") is not new text on a topic."""
    return active().stems(words)


_SENTENCE = re.compile(r"(?<=[.!?;:])\s+")


def _insert_runs(clause: ClauseChange) -> list[str]:
    """The inserted pieces of a clause change, one by one (the whole text of an added clause)."""
    if clause.kind == "added":
        return [strip_markup(clause.new_text or "")]
    return [strip_markup(w.text) for w in clause.words if w.op == "insert"]


def _is_cut(deleted: str, inserted: str) -> bool:
    """Words deleted with nothing put in their place (not a mere punctuation change)."""
    return len(re.findall(r"[^\W\d_]{2,}", deleted)) >= 2 and not re.search(r"[^\W\d_]", inserted)


def _affirmative(text: str) -> str:
    """``text`` without its negated sentences: "We do not sell your data." adds no practice."""
    return " ".join(s for s in _SENTENCE.split(text) if not negation(s))


@dataclass(frozen=True)
class _Moved:
    """Topic words of clauses removed and added anywhere in the diff: text that moved between
    sections (a restructured policy) is neither new nor gone."""

    deleted: dict[str, set[str]]
    inserted: dict[str, set[str]]
    added_clauses: WordSetIndex = field(default_factory=lambda: WordSetIndex(()))

    def clause_moved(self, clause: ClauseChange) -> bool:
        """True when a removed clause reappears (mostly the same words) as an added one."""
        return self.added_clauses.any_similar(clause_words(clause.old_text or ""))


def _moved_words(changes: tuple[SectionChange, ...], lexicon: Lexicon) -> _Moved:
    deleted: dict[str, set[str]] = {t.name: set() for t in lexicon.topics}
    inserted: dict[str, set[str]] = {t.name: set() for t in lexicon.topics}
    added_clauses = []
    for change in changes:
        spend()
        for clause in change.clauses:
            if clause.kind not in {"added", "removed"}:
                continue  # only whole clauses move between sections; a reworded one stays put
            if clause.kind == "added":
                added_clauses.append(clause_words(clause.new_text or ""))
            old_words, new_words = changed_text(clause)
            for topic in lexicon.topics:
                deleted[topic.name] |= _stems(_matches(topic, old_words))
                inserted[topic.name] |= _stems(_matches(topic, new_words))
    return _Moved(deleted, inserted, WordSetIndex(added_clauses))


def _tags(change: SectionChange, lexicon: Lexicon) -> dict[str, list[str]]:
    """Topic → the words that fired it: in the changed words, then (if on topic) the heading."""
    tags: dict[str, list[str]] = {}
    for clause in change.clauses:
        deleted, inserted = changed_text(clause)
        for topic in lexicon.topics:
            for word in _matches(topic, f"{deleted} {inserted}"):
                tags.setdefault(topic.name, [])
                if word not in tags[topic.name]:
                    tags[topic.name].append(word)
        if age_reasons(clause):
            tags.setdefault("children", []).append("age")
    heading = " ".join(h for h in (change.old_heading, change.new_heading) if h)
    if heading:
        for topic in lexicon.topics:
            words = _matches(topic, heading)
            if words and (topic.name in tags or not tags):
                for word in words:
                    tags.setdefault(topic.name, [])
                    if word not in tags[topic.name]:
                        tags[topic.name].append(word)
    return tags


def _topic_reasons(change: SectionChange, clauses: list[ClauseChange], lexicon: Lexicon, moved: _Moved) -> list[str]:
    """The lexicon's ``material_when`` rules over the section's changed words as a whole."""
    texts = [changed_text(c) for c in clauses]
    deleted = " ".join(d for d, _ in texts)
    inserted = " ".join(i for _, i in texts)
    affirmed = " ".join(_affirmative(run) for c in clauses for run in _insert_runs(c))
    cut = [d.strip() for c, (d, i) in zip(clauses, texts, strict=True) if c.kind == "modified" and _is_cut(d, i)]
    heading = change.new_heading or change.old_heading or ""
    reasons = []
    for topic in lexicon.topics:
        if topic.material_when == "never" or topic.name == "data_retention":
            continue  # retention is judged by comparing durations
        added_words = _matches(topic, affirmed)
        removed_words = _matches(topic, deleted)
        new_stems = _stems(added_words) - _stems(_matches(topic, deleted)) - moved.deleted[topic.name]
        gone_stems = _stems(removed_words) - _stems(_matches(topic, inserted)) - moved.inserted[topic.name]
        if topic.material_when in {"added", "any"} and new_stems:
            new = [w for w in added_words if _stems([w]) & new_stems]
            reasons.append(f"new text on {topic.label.lower()}: {', '.join(new[:4])}")
        if topic.material_when in {"removed", "any"} and gone_stems:
            gone = [w for w in removed_words if _stems([w]) & gone_stems]
            reasons.append(f"text on {topic.label.lower()} removed: {', '.join(gone[:4])}")
        # a new entry in a list under a heading on this topic ("Our sub-processors": a new row)
        new_entries = change.kind == "modified" and any(c.kind == "added" for c in clauses)
        if (
            new_entries
            and topic.material_when in {"added", "any"}
            and not _matches(topic, inserted)
            and _matches(topic, heading)
        ):
            reasons.append(f"new entry under “{heading}” ({topic.label.lower()})")
        # words struck from a section on rights, choices, security, contact or changes with
        # nothing in their place ("notify you on the site or via email" → "… on the site")
        if cut and topic.material_when in {"removed", "any"} and not removed_words and _matches(topic, heading):
            reasons.append(f"words removed under “{heading}” ({topic.label.lower()}): '{cut[0][:60]}'")
    return reasons


def classify_change(
    change: SectionChange, lexicon: Lexicon | None = None, *, moved: _Moved | None = None
) -> SectionChange:
    """One section change with its topics, materiality and reasons filled in."""
    lexicon = lexicon or default_lexicon()
    moved = moved or _moved_words((change,), lexicon)
    tags = _tags(change, lexicon)
    topics = tuple(TopicTag(name, tuple(words)) for name, words in tags.items())

    reasons: list[str] = []
    materiality: Materiality
    # a clause moved *and edited* is judged on its edit, like a modified clause; a bare move is not a change
    changed = [
        replace(c, kind="modified") if c.kind == "moved" else c
        for c in change.clauses
        if not c.editorial and (c.kind != "moved" or any(w.op != "equal" for w in c.words))
    ]
    substantive = [c for c in changed if editorial_reason(c) is None]
    if change.editorial or (not substantive and change.kind in {"moved", "renamed", "split", "merged", "modified"}):
        materiality = "editorial"
        if change.kind == "moved" and not changed:
            reasons.append("section moved without a change of wording")
        elif change.kind == "renamed" and not changed:
            reasons.append("heading changed without a change of wording")
        elif changed:
            reasons.extend(r for c in changed if (r := editorial_reason(c)))
        else:
            reasons.append("only punctuation, case, numbering or spelling changed")
    else:
        for clause in substantive:
            reasons.extend(commitment_reasons(clause))
            reasons.extend(retention_reasons(clause))
            reasons.extend(sale_reasons(clause))
            reasons.extend(age_reasons(clause))
            reasons.extend(removed_promise_reasons(clause, moved.clause_moved(clause)))
        reasons.extend(_topic_reasons(change, substantive, lexicon, moved))
        materiality = "material" if reasons else "review"
        if not reasons:
            what = f"section {change.kind}" if change.kind in {"added", "removed"} else "wording changed"
            reasons.append(f"{what}; no materiality rule fired — read it")
    lookalike = lookalike_reason(change)
    if lookalike:  # a disguised word is never a mere edit: a person must read it
        reasons.append(lookalike)
        materiality = "review" if materiality == "editorial" else materiality
    unique = tuple(dict.fromkeys(reasons))
    return replace(change, topics=topics, materiality=materiality, reasons=unique)


def _spent(change: SectionChange) -> SectionChange:
    spend()  # each change classified counts against the policy's time budget
    return change


def classify(
    diff: DiffResult,
    old: PolicyDocument | None = None,
    new: PolicyDocument | None = None,
    *,
    lexicon: Lexicon | None = None,
) -> DiffResult:
    """The diff with every change tagged and rated, and the silent/stale flags set.

    The rules read the new version's language (``tracker.classify.language``); a policy that
    changed language is one "language changed" record, and in a language the rules do not read
    nothing is rated material (``tracker.classify.language_switch``)."""
    old_lang, new_lang = document_languages(diff, old, new)
    switched = language_switch(diff, old_lang, new_lang)
    if switched is not None:
        diff = switched
    rules = rules_for(new_lang)
    lexicon = lexicon or default_lexicon(rules.code if rules.supported else DEFAULT_LANGUAGE)
    if switched is not None:
        changes = switched.changes  # already rated: there is nothing the rules can compare
    else:
        with use(rules):
            moved = _moved_words(diff.changes, lexicon)
            changes = tuple(
                unsupported_language(_spent(classify_change(c, lexicon, moved=moved)), rules) for c in diff.changes
            )
    old_date = diff.old.last_updated or (old.last_updated if old else None)
    new_date = diff.new.last_updated or (new.last_updated if new else None)
    date_moved = diff.date_changed or (old_date != new_date)
    flags = [f for f in diff.flags if f not in {"silent_change", "stale_date", "lookalike_characters"}]
    # a policy that states no date cannot be caught not moving it
    if any(c.materiality == "material" for c in changes) and not date_moved and new_date:
        flags.append("silent_change")
    if date_moved and not any(c.materiality in {"material", "review"} for c in changes):
        flags.append("stale_date")
    if any(lookalike_reason(c) for c in changes):
        flags.append("lookalike_characters")
    return replace(diff, changes=changes, flags=tuple(flags), date_changed=date_moved)


def highest_materiality(diff: DiffResult) -> str | None:
    """The most serious materiality among the changes, or None when there are none."""
    rated = [c.materiality for c in diff.changes if c.materiality]
    return max(rated, key=lambda m: MATERIALITY_ORDER[m]) if rated else None


SUMMARY_TOPICS = 6  # topics a summary names before it says "... and N more"


def _named(labels: Iterable[str]) -> str:
    """Every label, or the first ``SUMMARY_TOPICS`` and "and N more"."""
    shown = list(labels)
    if len(shown) <= SUMMARY_TOPICS:
        return ", ".join(shown)
    return ", ".join(shown[:SUMMARY_TOPICS]) + f" and {len(shown) - SUMMARY_TOPICS} more"


def summarize(diff: DiffResult, lexicon: Lexicon | None = None) -> str:
    """One line such as "3 changes: 2 material (sharing, retention), 1 editorial", naming every
    topic of the material and review changes (past six: "... and N more")."""
    lexicon = lexicon or default_lexicon()
    if not diff.changes:
        return "no changes" + (" (only the policy's date moved)" if diff.date_changed else "")
    parts = []
    for level in ("material", "review", "editorial"):
        group = [c for c in diff.changes if c.materiality == level]
        if not group:
            continue
        topics = list(dict.fromkeys(t.topic for c in group for t in c.topics))
        label = _named(lexicon.label(t).lower() for t in topics)
        parts.append(f"{len(group)} {level}" + (f" ({label})" if label and level != "editorial" else ""))
    unrated = [c for c in diff.changes if not c.materiality]
    if unrated:
        parts.append(f"{len(unrated)} unrated")
    total = len(diff.changes)
    return f"{total} change{'s' if total != 1 else ''}: " + ", ".join(parts)
