"""The word lists of the per-clause rules, per language (``tracker/data/clause_rules.toml``).

``vocabulary()`` gives the lists of the language the rules are reading now
(``tracker.classify.language.active``): function words for paraphrases, the policy's first
person for negative commitments, the roles of responsible parties and enforcement bodies, the
rights granted to users, duties put on them, cross-reference words, month names, the wording of a policy's own
date, the words that open an example or a list of examples, the exceptions and conditions
of a restriction, the words of a sentence that only points elsewhere, the auxiliary of the future
tense, the words naming or addressing the reader, the wordings of opting out and opting in,
the user's consent as the exception to a denial, a purpose said by the collection it refers
back to, and a denial of going on with the verbs of stopping that may say it.
A language without a table reads the English lists (its changes are never rated material anyway: ``language_switch``).
"""

from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import dataclass
from importlib import resources

from tracker.classify.language import DEFAULT_LANGUAGE, active


@dataclass(frozen=True)
class Vocabulary:
    """One language's word lists for the per-clause rules."""

    function_words: frozenset[str]
    first_person: re.Pattern[str]
    not_denials: frozenset[str]
    roles: re.Pattern[str]
    rights: re.Pattern[str]
    obligations: re.Pattern[str]
    months: re.Pattern[str]
    cross_reference: re.Pattern[str]
    policy_date: re.Pattern[str]
    examples: re.Pattern[str]
    example_lists: re.Pattern[str]
    exceptions: re.Pattern[str]
    conditions: re.Pattern[str]
    pointers: re.Pattern[str]
    pointer_targets: re.Pattern[str]
    contractions: tuple[tuple[str, str], ...] = ()
    policy_names: str = "policy privacy notice statement"
    regions: re.Pattern[str] = re.compile("(?!)")
    purposes: re.Pattern[str] | None = None
    address_forms: tuple[tuple[str, str], ...] = ()
    stamps: re.Pattern[str] = re.compile("©|\\bcopyright\\b", re.IGNORECASE)
    same_regions: tuple[tuple[str, ...], ...] = ()
    future: re.Pattern[str] = re.compile("(?!)")
    reader_nouns: re.Pattern[str] = re.compile("(?!)")
    second_person: re.Pattern[str] = re.compile("(?!)")
    reader_verbs: tuple[tuple[str, ...], ...] = ()
    suffix_slack: int = 0
    merge_fillers: str = ""
    addresses: re.Pattern[str] = re.compile("(?!)")
    opt_out: re.Pattern[str] = re.compile("(?!)")
    opt_in: re.Pattern[str] = re.compile("(?!)")
    consent_exceptions: re.Pattern[str] = re.compile("(?!)")
    compounds: bool = False
    back_references: re.Pattern[str] = re.compile("(?!)")
    no_longer: re.Pattern[str] = re.compile("(?!)")
    stop_verbs: re.Pattern[str] = re.compile("(?!)")
    sensitive_definitions: re.Pattern[str] = re.compile("(?!)")

    @functools.cached_property
    def document_words(self) -> frozenset[str]:
        """The words a policy calls its own kind of document by: ``policy_names`` and "cookie(s)"
        ("Privacy Policy", "Cookie Notice", « Politique de confidentialité »)."""
        return frozenset(self.policy_names.split()) | {"cookie", "cookies"}

    def expand(self, text: str) -> str:
        """``text`` with its contractions written out ("we'll" → "we will")."""
        if not self.contractions:
            return text
        text = text.replace("’", "'")
        for short, long in self.contractions:
            text = re.sub(re.escape(short), long, text, flags=re.IGNORECASE)
        return text


def _alternation(patterns: list[str]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns) if patterns else "(?!)", re.IGNORECASE)


@functools.cache
def _shipped() -> dict[str, Vocabulary]:
    text = resources.files("tracker").joinpath("data", "clause_rules.toml").read_text(encoding="utf-8")
    tables = tomllib.loads(text)
    # a policy gives the address of its company wherever it is: "8 rue du Sentier" in English
    every_address = _alternation([p for spec in tables.values() for p in spec.get("addresses", [])])
    return {
        code: Vocabulary(
            function_words=frozenset(str(spec["function_words"]).split()),
            first_person=_alternation(spec["first_person"]),
            not_denials=frozenset(str(w).lower() for w in spec["not_denials"]),
            roles=_alternation(spec["roles"]),
            rights=_alternation(spec["rights"]),
            months=_alternation(spec["months"]),
            obligations=_alternation(spec["obligations"]),
            cross_reference=_alternation(spec["cross_reference"]),
            policy_date=_alternation(spec["policy_date"]),
            examples=_alternation(spec["examples"]),
            example_lists=_alternation(spec["example_lists"]),
            exceptions=_alternation(spec["exceptions"]),
            conditions=_alternation(spec["conditions"]),
            pointers=_alternation(spec["pointers"]),
            pointer_targets=_alternation(spec["pointer_targets"]),
            contractions=tuple((str(a), str(b)) for a, b in spec.get("contractions", [])),
            policy_names=str(spec.get("policy_names", "policy privacy notice statement")),
            regions=_alternation(spec.get("regions", [])),
            purposes=_alternation(spec["purposes"]) if "purposes" in spec else None,
            address_forms=tuple((str(a), str(b)) for a, b in spec.get("address_forms", [])),
            stamps=_alternation(spec.get("stamps", ["©", "\\bcopyright\\b"])),
            same_regions=tuple(tuple(str(w) for w in group) for group in spec.get("same_regions", [])),
            future=_alternation(spec.get("future", [])),
            reader_nouns=_alternation(spec.get("reader_nouns", [])),
            second_person=_alternation(spec.get("second_person", [])),
            reader_verbs=tuple(tuple(str(w) for w in group) for group in spec.get("reader_verbs", [])),
            suffix_slack=int(spec.get("suffix_slack", 0)),
            merge_fillers=str(spec.get("merge_fillers", "")),
            addresses=every_address,
            opt_out=_alternation(spec.get("opt_out", [])),
            opt_in=_alternation(spec.get("opt_in", [])),
            consent_exceptions=_alternation(spec.get("consent_exceptions", [])),
            compounds=bool(spec.get("compounds", False)),
            back_references=_alternation(spec.get("back_references", [])),
            no_longer=_alternation(spec.get("no_longer", [])),
            stop_verbs=_alternation(spec.get("stop_verbs", [])),
            sensitive_definitions=_alternation(spec.get("sensitive_definitions", [])),
        )
        for code, spec in tables.items()
    }


def vocabulary() -> Vocabulary:
    """The word lists of the language being read (English when it has none)."""
    shipped = _shipped()
    return shipped.get(active().code, shipped[DEFAULT_LANGUAGE])
