"""A cross-reference renumbered and renamed at once: "the address in section 12" → "the address in
Section 13", « à l'article 12 » → « à la section 13 », „in Ziffer 12“ → „in Abschnitt 13“ (issue
17: a renumbered cross-reference or heading number is editorial).

``paraphrase.cross_reference_reason`` takes a number changed alone or the word before it changed
alone; here both may change, with the function words around them ("l'" → "la"), as long as the
clause says the same once each reference is set aside and it holds as many references as before.
"""

from __future__ import annotations

import re

from tracker.classify.paraphrase import same_meaning
from tracker.classify.rules import strip_markup
from tracker.classify.vocabulary import vocabulary
from tracker.models import ClauseChange

_NUMBER = re.compile(r"\d+(?:\.\d+)*[a-z]?\b")
_LOOKBEHIND = 30  # characters before a number searched for the word naming a part of the policy
# An article of a statute is no part of the policy: "Article 6(1)(f) GDPR" → "Article 6(1)(a) GDPR"
# changes the legal basis. A number followed by a sub-paragraph in brackets, or a statute named
# soon after it, is left to the other rules.
_STATUTE = re.compile(
    r"^\s*\(|^.{0,40}?\b(?:GDPR|RGPD|DSGVO|BDSG|TDDDG|TTDSG|CCPA|CPRA|LGPD|PIPEDA|act|law|code|regulation|directive"
    r"|loi|règlement|gesetz\w*|verordnung|richtlinie)\b",
    re.IGNORECASE,
)


def references(text: str) -> list[tuple[int, int]]:
    """The spans of the cross-references of ``text``: a word naming a part of the policy
    (``cross_reference`` of ``clause_rules.toml``: "section", « article », „Ziffer“, "§") and the
    number after it."""
    pointer = vocabulary().cross_reference
    spans = []
    for number in _NUMBER.finditer(text):
        head = max(0, number.start() - _LOOKBEHIND)
        if found := pointer.search(text[head : number.start()]):
            if _STATUTE.search(text[number.end() :]):
                return []  # one statute's article among them: none is read as a mere pointer
            spans.append((head + found.start(), number.end()))
    return spans


def _without(text: str, spans: list[tuple[int, int]]) -> str:
    for start, end in reversed(spans):
        text = f"{text[:start]} {text[end:]}"
    return text


def without_references(text: str) -> str:
    """``text`` with its cross-references ("section 12", « l'article 4 ») taken out."""
    return _without(text, references(text))


def renamed_reference_reason(clause: ClauseChange) -> str | None:
    """Why a modified clause only renumbered and renamed its cross-references, or None."""
    if clause.kind != "modified" or not clause.old_text or not clause.new_text:
        return None
    old, new = strip_markup(clause.old_text), strip_markup(clause.new_text)
    old_refs, new_refs = references(old), references(new)
    if not old_refs or len(old_refs) != len(new_refs):
        return None
    if [old[a:b].casefold() for a, b in old_refs] == [new[a:b].casefold() for a, b in new_refs]:
        return None  # the references are the same: what changed is elsewhere
    if not same_meaning(_without(old, old_refs), _without(new, new_refs)):
        return None
    return "only a cross-reference renumbered or renamed ('section 12' → 'Section 13')"
