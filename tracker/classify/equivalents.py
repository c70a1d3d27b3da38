"""Words and phrases a rewording may swap without changing what a clause says (issue 17, round 9).

French and German policies are often retranslated whole, so most of their clauses come back
reworded with the same meaning: "afin de" → "pour", « en vertu de » → « conformément à », « tierces
parties » → « tiers », « données à caractère personnel » → « données personnelles », „gemäß“ →
„nach“, „personenbezogene Daten“ → „Ihre Daten“, a separable verb split or joined („übermitteln“ →
„geben … weiter“). The paraphrase rules (``tracker.classify.paraphrase``) read each phrase of a
group of ``tracker/data/equivalents.toml`` as the group's first and each listed word's stem as the
first word's stem before they compare the meaning-bearing words of old and new clause. Negations,
modals, "only" words and numbers are never in the table: they are compared separately.
"""

from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import dataclass
from importlib import resources

from tracker.classify.language import LanguageRules, active

__all__ = ["Equivalents", "equivalents", "join_particles", "shipped_tables"]


@dataclass(frozen=True)
class Equivalents:
    """One language's table: phrases read as another, stems read as another, verb particles."""

    phrases: dict[str, str]  # phrase (lower case, single spaces, straight apostrophe) → its group's first
    pattern: re.Pattern[str]
    stems: dict[str, str]  # stem → the stem of its group's first word
    particles: tuple[str, ...]

    def rewrite(self, text: str) -> str:
        """``text`` with each listed phrase written as its group's first, and a particle's "zu"
        infix taken out ("auszuwerten" → "auswerten")."""
        text = text.replace("’", "'")
        if self.phrases:
            text = self.pattern.sub(lambda m: f" {self.phrases[' '.join(m.group(0).lower().split())]} ", text)
        if self.particles:
            text = _infix(self.particles).sub(r"\1\2", text)
        return text

    def stem(self, stem: str) -> str:
        """The stem ``stem`` is read as (itself unless listed)."""
        return self.stems.get(stem, stem)


@functools.lru_cache(maxsize=4)
def _infix(particles: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(rf"\b({'|'.join(particles)})zu([^\W\d_]{{3,}}n)\b", re.IGNORECASE)


@functools.cache
def shipped_tables() -> dict[str, dict[str, list[object]]]:
    """The tables of ``tracker/data/equivalents.toml`` as written, per language code."""
    text = resources.files("tracker").joinpath("data", "equivalents.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


@functools.lru_cache(maxsize=16)
def _for(rules: LanguageRules) -> Equivalents:
    spec = shipped_tables().get(rules.code, {})
    phrases: dict[str, str] = {}
    for group in spec.get("phrases", []):
        first = str(group[0])  # type: ignore[index]
        for phrase in group[1:]:  # type: ignore[index]
            phrases[" ".join(str(phrase).lower().split())] = first
    ordered = sorted(phrases, key=len, reverse=True)  # "données à caractère personnel" before "données"
    alternatives = "|".join(r"\s+".join(map(re.escape, p.split())) for p in ordered)
    pattern = re.compile(rf"(?<![^\W_])(?:{alternatives})(?![^\W_])" if ordered else "(?!)", re.IGNORECASE)
    stems: dict[str, str] = {}
    for group in spec.get("words", []):
        first = rules.stem(str(group[0]))  # type: ignore[index]
        for word in group[1:]:  # type: ignore[index]
            stems.setdefault(rules.stem(str(word)), first)
    particles = tuple(str(p) for p in spec.get("particles", []))
    return Equivalents(phrases, pattern, stems, particles)


def equivalents() -> Equivalents:
    """The table of the language being read (empty for a language without one)."""
    return _for(active())


def join_particles(stems: set[str], text: str, other: set[str]) -> set[str]:
    """``stems`` (of ``text``) with a separable verb joined where the other version writes it as
    one word: "setz" with "ein" in the text is "einsetz" when ``other`` holds that ("setzen wir
    Cookies ein" / "Cookies einsetzen")."""
    table, rules = equivalents(), active()
    found = [p for p in table.particles if re.search(rf"\b{p}\b", text, re.IGNORECASE)]
    joined = set(stems)
    for particle in found:
        for stem in stems - other:
            compound = table.stem(rules.stem(particle + stem))
            if compound in other and compound not in stems:
                joined.discard(stem)
                joined.discard(table.stem(rules.stem(particle)))
                joined.add(compound)
    return joined
