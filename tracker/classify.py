"""What changed, and does it matter: topic tags, materiality with reasons, silent/stale flags.

Transparent rules only:

- **Topics** come from a lexicon (``tracker/data/lexicon.toml``, extendable by the user) matched
  against the *changed* words of each clause (inserted and deleted runs; the whole text of an
  added or removed clause) and the section heading. Each tag carries the words that fired it.
- **Materiality** per change: ``material`` when a rule below fires, ``editorial`` when the diff
  marked the change editorial (or it is a move/rename without wording change), else ``review``
  (a person should read it; missing a material change is the costly error, so unsure → review).
  Rules: *commitment shifts* (a negation removed — "we do not share" → "we share"; a modal
  weakened — will/shall/must → may/might/can; "only" removed; "with your consent" and similar
  conditions removed); *sale of data* mentioned anew; *longer retention* (a longer duration, or a
  duration replaced by an open-ended one); and per-topic rules from the lexicon's
  ``material_when`` (e.g. new text about sharing, collection, transfers, cookies; removed text
  about user rights, security, choices; any change about children or retention).
- **Flags** on the whole diff: ``silent_change`` (a material change while the policy's own
  "last updated" date did not move) and ``stale_date`` (the date moved but nothing else did).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path

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


@dataclass(frozen=True)
class Lexicon:
    """The topic lexicon, in the order topics were declared."""

    topics: tuple[Topic, ...]

    def label(self, name: str) -> str:
        for topic in self.topics:
            if topic.name == name:
                return topic.label
        return name.replace("_", " ")


def _compile(name: str, label: str, material_when: str, terms: list[str], patterns: list[str], where: str) -> Topic:
    parts = [r"\b" + re.escape(t.lower()).replace(r"\ ", r"\s+") + r"\b" for t in terms]
    for pattern in patterns:
        try:
            re.compile(pattern)
        except re.error as exc:
            raise TrackerError(f"{where}: topic {name!r}: invalid pattern {pattern!r}: {exc}") from None
        parts.append(f"(?:{pattern})")
    regex = re.compile("|".join(parts) if parts else "(?!)", re.IGNORECASE)
    return Topic(name, label, material_when, tuple(terms), tuple(patterns), regex)


def _read_topics(data: dict[str, object], where: str) -> dict[str, dict[str, object]]:
    topics = data.get("topics")
    if not isinstance(topics, dict):
        raise TrackerError(f"{where}: lexicon needs a [topics.NAME] table")
    return topics


def load_lexicon(path: str | Path | None = None) -> Lexicon:
    """The shipped lexicon, extended by the user's TOML file at ``path`` when given."""
    shipped = resources.files("tracker").joinpath("data", "lexicon.toml").read_text(encoding="utf-8")
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


_DEFAULT_LEXICON: Lexicon | None = None


def default_lexicon() -> Lexicon:
    """The shipped lexicon (loaded once)."""
    global _DEFAULT_LEXICON
    if _DEFAULT_LEXICON is None:
        _DEFAULT_LEXICON = load_lexicon()
    return _DEFAULT_LEXICON


# --------------------------------------------------------------------------- changed text


def _changed_text(clause: ClauseChange) -> tuple[str, str]:
    """(deleted text, inserted text) of one clause change."""
    if clause.kind == "added":
        return "", clause.new_text or ""
    if clause.kind == "removed":
        return clause.old_text or "", ""
    if clause.words:
        deleted = " ".join(w.text for w in clause.words if w.op == "delete")
        inserted = " ".join(w.text for w in clause.words if w.op == "insert")
        return deleted, inserted
    return "", ""


def _matches(topic: Topic, text: str) -> list[str]:
    seen: list[str] = []
    for match in topic.regex.finditer(text):
        word = re.sub(r"\s+", " ", match.group(0).lower())
        if word not in seen:
            seen.append(word)
    return seen


# --------------------------------------------------------------------------- rules

_NEGATION = re.compile(r"\b(not|never|no|neither|nor|none|cannot|can't|won't|don't|doesn't|without)\b", re.IGNORECASE)
_STRONG_MODAL = re.compile(r"\b(will|shall|must|always|guarantee|ensure|commit)\b", re.IGNORECASE)
_WEAK_MODAL = re.compile(r"\b(may|might|can|could|at our discretion|from time to time|where possible)\b", re.IGNORECASE)
_CONDITION = re.compile(
    r"\b(with your (?:prior |explicit |express )?(?:consent|permission|authori[sz]ation)|"
    r"(?:unless|until|only if|only when) you (?:consent|agree|opt in|ask)|with your agreement|"
    r"subject to your consent|upon your request)\b",
    re.IGNORECASE,
)
_ONLY = re.compile(r"\b(only|solely|exclusively|strictly)\b", re.IGNORECASE)
_SALE = re.compile(
    r"\b(sell|sells|sold|sale of|selling|rent|monetis|monetiz|\"share\"|cross-context behavioral)\w*", re.IGNORECASE
)
_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "twelve": 12, "eighteen": 18, "twenty-four": 24, "thirty": 30, "sixty": 60, "ninety": 90,
}  # fmt: skip
_UNIT_DAYS = {"day": 1, "week": 7, "month": 30, "year": 365}
_DURATION = re.compile(
    r"\b(\d+|" + "|".join(_NUMBER_WORDS) + r")\s*\(?\d*\)?\s*(day|week|month|year)s?\b", re.IGNORECASE
)
_OPEN_ENDED = re.compile(
    r"\b(as long as|indefinitely|for an unlimited|no longer than necessary|until you delete)\b", re.IGNORECASE
)


def _durations(text: str) -> list[int]:
    out = []
    for number, unit in _DURATION.findall(text):
        value = int(number) if number.isdigit() else _NUMBER_WORDS[number.lower()]
        out.append(value * _UNIT_DAYS[unit.lower()])
    return out


def _commitment_reasons(clause: ClauseChange) -> list[str]:
    """Commitment shifts inside one modified clause (negation, modal, only, consent)."""
    if clause.kind != "modified" or clause.old_text is None or clause.new_text is None:
        return []
    deleted, inserted = _changed_text(clause)
    reasons = []
    if _NEGATION.search(deleted) and not _NEGATION.search(inserted):
        reasons.append(f"commitment shift: negation removed ('{_NEGATION.search(deleted).group(0)}')")  # type: ignore[union-attr]
    strong = _STRONG_MODAL.search(deleted)
    weak = _WEAK_MODAL.search(inserted)
    if strong and weak and not _STRONG_MODAL.search(inserted):
        reasons.append(f"commitment shift: '{strong.group(0)}' → '{weak.group(0)}'")
    only = _ONLY.search(deleted)
    if only and not _ONLY.search(inserted):
        reasons.append(f"commitment shift: '{only.group(0)}' removed")
    condition = _CONDITION.search(deleted)
    if condition and not _CONDITION.search(clause.new_text):
        reasons.append(f"condition removed: '{condition.group(0)}'")
    return reasons


def _retention_reasons(clause: ClauseChange) -> list[str]:
    old, new = clause.old_text or "", clause.new_text or ""
    if clause.kind == "removed":
        return []
    before, after = _durations(old), _durations(new)
    if after and (not before or max(after) > max(before)):
        return [f"longer or new retention period ({', '.join(m.group(0) for m in _DURATION.finditer(new))})"]
    if before and not after and _OPEN_ENDED.search(new):
        return ["retention period replaced by an open-ended one"]
    return []


def _sale_reasons(clause: ClauseChange) -> list[str]:
    deleted, inserted = _changed_text(clause)
    sale = _SALE.search(inserted)
    if sale and not _SALE.search(deleted):
        negated = _NEGATION.search(clause.new_text or "")
        if clause.kind == "added" and negated:
            return []  # "we do not sell your data" added is a new promise, not a sale
        return [f"sale or sharing of data mentioned: '{sale.group(0)}'"]
    return []


def _stem(words: list[str]) -> set[str]:
    """Crude stems so an inflection change ("gathers" → "gather") is not new text on a topic."""
    return {re.sub(r"(?:es|s|ed|ing)$", "", w) for w in words}


def _topic_reasons(clause: ClauseChange, tags: dict[str, list[str]], lexicon: Lexicon) -> list[str]:
    deleted, inserted = _changed_text(clause)
    reasons = []
    for topic in lexicon.topics:
        if topic.material_when == "never":
            continue
        added_words = _matches(topic, inserted)
        removed_words = _matches(topic, deleted)
        if topic.name == "data_retention":
            continue  # handled by comparing durations
        new_on_topic = clause.kind == "added" or bool(_stem(added_words) - _stem(removed_words))
        gone_from_topic = clause.kind == "removed" or bool(_stem(removed_words) - _stem(added_words))
        if topic.material_when in {"added", "any"} and added_words and new_on_topic:
            reasons.append(f"new text on {topic.label.lower()}: {', '.join(added_words[:4])}")
        if topic.material_when in {"removed", "any"} and removed_words and gone_from_topic:
            reasons.append(f"text on {topic.label.lower()} removed: {', '.join(removed_words[:4])}")
    return reasons


def classify_change(change: SectionChange, lexicon: Lexicon | None = None) -> SectionChange:
    """One section change with its topics, materiality and reasons filled in."""
    lexicon = lexicon or default_lexicon()
    tags: dict[str, list[str]] = {}
    heading = " ".join(h for h in (change.old_heading, change.new_heading) if h)
    for clause in change.clauses:
        deleted, inserted = _changed_text(clause)
        for topic in lexicon.topics:
            for word in _matches(topic, f"{deleted} {inserted}"):
                tags.setdefault(topic.name, [])
                if word not in tags[topic.name]:
                    tags[topic.name].append(word)
    if heading:
        for topic in lexicon.topics:
            words = _matches(topic, heading)
            if words and (topic.name in tags or not tags):
                for word in words:
                    tags.setdefault(topic.name, [])
                    if word not in tags[topic.name]:
                        tags[topic.name].append(word)
    topics = tuple(TopicTag(name, tuple(words)) for name, words in tags.items())

    reasons: list[str] = []
    materiality: Materiality
    substantive = [c for c in change.clauses if not c.editorial and c.kind != "moved"]
    if change.editorial or (not substantive and change.kind in {"moved", "renamed", "split", "merged", "modified"}):
        materiality = "editorial"
        if change.kind == "moved":
            reasons.append("section moved without a change of wording")
        elif change.kind == "renamed":
            reasons.append("heading changed without a change of wording")
        else:
            reasons.append("only punctuation, case, numbering or spelling changed")
    else:
        for clause in substantive:
            reasons.extend(_commitment_reasons(clause))
            reasons.extend(_retention_reasons(clause))
            reasons.extend(_sale_reasons(clause))
            reasons.extend(_topic_reasons(clause, tags, lexicon))
        if change.kind in {"added", "removed"} and not reasons and substantive:
            reasons.append(f"section {change.kind}")
            materiality = "review"
        materiality = "material" if any(not r.startswith("section ") for r in reasons) else "review"
        if materiality == "review" and not reasons:
            reasons.append("wording changed; no materiality rule fired — read it")
    unique = tuple(dict.fromkeys(reasons))
    return replace(change, topics=topics, materiality=materiality, reasons=unique)


def classify(
    diff: DiffResult,
    old: PolicyDocument | None = None,
    new: PolicyDocument | None = None,
    *,
    lexicon: Lexicon | None = None,
) -> DiffResult:
    """The diff with every change tagged and rated, and the silent/stale flags set."""
    changes = tuple(classify_change(c, lexicon) for c in diff.changes)
    old_date = diff.old.last_updated or (old.last_updated if old else None)
    new_date = diff.new.last_updated or (new.last_updated if new else None)
    date_moved = diff.date_changed or (old_date != new_date)
    flags = [f for f in diff.flags if f not in {"silent_change", "stale_date"}]
    if any(c.materiality == "material" for c in changes) and not date_moved:
        flags.append("silent_change")
    if date_moved and not any(c.materiality in {"material", "review"} for c in changes):
        flags.append("stale_date")
    return replace(diff, changes=changes, flags=tuple(flags), date_changed=date_moved)


def highest_materiality(diff: DiffResult) -> str | None:
    """The most serious materiality among the changes, or None when there are none."""
    rated = [c.materiality for c in diff.changes if c.materiality]
    return max(rated, key=lambda m: MATERIALITY_ORDER[m]) if rated else None


def summarize(diff: DiffResult, lexicon: Lexicon | None = None) -> str:
    """One line such as "3 changes: 2 material (sharing, retention), 1 editorial"."""
    lexicon = lexicon or default_lexicon()
    if not diff.changes:
        return "no changes" + (" (only the policy's date moved)" if diff.date_changed else "")
    parts = []
    for level in ("material", "review", "editorial"):
        group = [c for c in diff.changes if c.materiality == level]
        if not group:
            continue
        topics = list(dict.fromkeys(t.topic for c in group for t in c.topics))
        label = ", ".join(lexicon.label(t).lower() for t in topics[:3])
        parts.append(f"{len(group)} {level}" + (f" ({label})" if label and level != "editorial" else ""))
    unrated = [c for c in diff.changes if not c.materiality]
    if unrated:
        parts.append(f"{len(unrated)} unrated")
    total = len(diff.changes)
    return f"{total} change{'s' if total != 1 else ''}: " + ", ".join(parts)
