"""Rules in the direction the older rules never looked: what a clause newly promises, which
rights it newly grants, which purposes it newly serves, and which regions or users it covers.

- **New commitments**: a firm promise ("we will notify you 30 days before ...") or a negative
  commitment ("we do not sell your personal information") that the old clause did not make.
- **New rights and choices**: "you have the right to ...", "you may request ...", "you can opt out";
  **new obligations** on users ("you must ...", "you agree to ...", as terms of service put them).
- **Rights and choices removed**: a clause stating one removed (and not moved elsewhere), or a
  modified clause that no longer states any of the rights it stated.
- **New purposes**: advertising, marketing, personalisation, profiling, analytics, research or
  model training named where the old clause did not name it.
- **Regional scope**: a clause that named regions or residents names others ("California
  residents" → "residents of any U.S. state", "the EU" → "the EU or the United Kingdom").
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

from tracker.classify.language import DEFAULT_LANGUAGE, LanguageRules, active
from tracker.classify.memo import per_classification
from tracker.classify.paraphrase import meaning_words
from tracker.classify.rules import SENTENCE_END, changed_text, negation, strip_markup, word_stems
from tracker.classify.vocabulary import vocabulary
from tracker.models import ClauseChange

# The subject is "we", "they" or a name (case-sensitive: "data will be" is no one's promise).
_SUBJECT = r"\b(?:[Ww]e|[Tt]hey|[A-Z][\w-]+)\s+(?:also\s+)?"
_NEW_PROMISE = re.compile(
    _SUBJECT + r"(?:will|shall|must|commit to|undertake to|guarantee to|promise to)\s+"
    r"(?!not\b|be able\b)(?:always\s+)?[a-z]+"
)
_PURPOSE = re.compile(
    r"\b(advertis\w*|ads|marketing|personali[sz]\w*|interest-based|profiling|profiles? of you|analytics"
    r"|research|train\w* (?:our |of )?(?:ai|models?|artificial|algorithms?)|machine learning|artificial intelligence"
    r"|recommendations?|fraud prevention|cross-context)\b",
    re.IGNORECASE,
)
_REGION_WORDS = re.compile(
    r"\b(californi(?:a|ans?)|virginia|colorado|connecticut|utah|texas|nevada|oregon"
    r"|european union|european economic area|united kingdom|united states|any (?:u\.s\. )?state"
    r"|brazil(?:ian)?|canad(?:a|ian)|quebec|india|switzerland|swiss|japan(?:ese)?|australia(?:n)?"
    r"|south korea|china|singapore|worldwide)\b",
    re.IGNORECASE,
)
_REGION_CODES = re.compile(r"\b(EU|EEA|UK|U\.S\.(?!\w)|US|USA)(?!\w)")
_SAME_REGION = {"eu": "european union", "eea": "european economic area", "uk": "united kingdom",
                "u.s.": "united states", "us": "united states", "usa": "united states"}  # fmt: skip


def _phrases(pattern: re.Pattern[str], text: str) -> dict[str, str]:
    """Normalised match → the match as written."""
    return {" ".join(m.group(0).lower().split()): m.group(0) for m in pattern.finditer(text)}


def _new_phrases(pattern: re.Pattern[str], clause: ClauseChange) -> list[str]:
    """Matches of ``pattern`` in the new clause that the old one lacks (all of an added clause)."""
    old = _phrases(pattern, strip_markup(clause.old_text or ""))
    new = _phrases(pattern, strip_markup(clause.new_text or ""))
    return [written for key, written in new.items() if key not in old]


_DENIAL_REACH = 50  # characters after "we" within which its negation must stand


def _new_negative_sentences(clause: ClauseChange) -> list[str]:
    """Sentences of the new clause in the policy's own voice that deny something ("we do not
    sell ...", "nous ne vendons pas ...", "wir verkaufen ... nicht") with words the old clause
    did not have."""
    words = vocabulary()
    old_text = clause.old_text or ""

    @functools.cache
    def old_words() -> set[str]:  # the old clause's words, read only once a sentence denies something
        return set(meaning_words(old_text))

    found = []
    for sentence in SENTENCE_END.split(strip_markup(clause.new_text or "")):
        if _denies(sentence, words.first_person, words.not_denials, old_words):
            found.append(sentence.strip())
    return found


def _denies(
    sentence: str, first_person: re.Pattern[str], not_denials: frozenset[str], old_words: Callable[[], set[str]]
) -> bool:
    """The policy's own voice newly denies something: a negation soon after "we" ("we do not
    sell", "wir verkaufen Ihre Daten nicht"), not a mere "without", with words the old clause
    did not have."""
    for subject in first_person.finditer(sentence):
        end = subject.end() + _DENIAL_REACH
        window = sentence[subject.end() : end]
        if sentence[end : end + 1].isalnum():
            window = re.sub(r"\w+$", "", window)  # a word cut in half by the reach is no new word
        denied = negation(window)
        if denied and denied.group(0).lower() not in not_denials and set(meaning_words(window)) - old_words():
            return True
    return False


def new_commitment_reasons(clause: ClauseChange) -> list[str]:
    """A promise, a negative commitment, a right or a choice the old clause did not state."""
    if clause.kind == "removed":
        return []
    reasons = [f"new negative commitment: '{s[:80]}'" for s in _new_negative_sentences(clause)]
    old_words = set(word_stems(strip_markup(clause.old_text or "")))
    promises = _NEW_PROMISE if active().code == DEFAULT_LANGUAGE else active().promise
    for phrase in _new_phrases(promises, clause):
        # "we may share" → "we will share" only strengthens what was said; "shall not" → "shall"
        # is a reversal (rules.commitment_reasons): a new commitment is a new undertaking
        if word_stems(phrase)[-1] not in old_words:
            reasons.append(f"new commitment: '{phrase}'")
    stated = [set(word_stems(p)) for p in _phrases(vocabulary().rights, strip_markup(clause.old_text or "")).values()]
    reasons += [
        f"new right or choice: '{p}'"
        for p in _new_phrases(vocabulary().rights, clause)
        # "Sie können ... widersprechen" → "Sie können ... jederzeit widersprechen", "you can
        # request" → "you can also request": the same right with a word added, not a new one
        if not any(words <= set(word_stems(p)) for words in stated)
    ]
    reasons += [f"new obligation on users: '{p}'" for p in _new_phrases(vocabulary().obligations, clause)]
    return reasons


def lost_right_reasons(clause: ClauseChange) -> list[str]:
    """A right or choice the old clause stated that the new one no longer states: every right of a
    removed clause; in a modified clause only when no right is left (a right reworded as another
    right, "you have the right to ask" → "you may request", is judged by the other rules)."""
    if clause.kind == "added":
        return []
    stated = _phrases(vocabulary().rights, strip_markup(clause.old_text or ""))
    if not stated or (clause.kind != "removed" and _phrases(vocabulary().rights, strip_markup(clause.new_text or ""))):
        return []
    return [f"right or choice removed: '{next(iter(stated.values()))}'"]


def purpose_reasons(clause: ClauseChange) -> list[str]:
    """A purpose of use named anew (in an affirmative sentence)."""
    if clause.kind == "removed":
        return []
    _, inserted = changed_text(clause)
    affirmed = " ".join(s for s in re.split(r"(?<=[.!?;])\s+", inserted) if not negation(s))
    purposes = vocabulary().purposes or _PURPOSE  # the language's own words, else English
    old = _phrases(purposes, strip_markup(clause.old_text or ""))
    stems = {k[:6] for k in old}
    new = [w for k, w in _phrases(purposes, affirmed).items() if k not in old and k[:6] not in stems]
    return [f"new purpose of use: {', '.join(new[:3])}"] if new else []


def regions(text: str) -> frozenset[str]:
    """The regions and groups of users a text names, normalised ("EU" = "European Union"), in
    English and in the language being read (``regions`` in ``tracker/data/clause_rules.toml``)."""
    return _regions(active(), text)


@per_classification(maxsize=1024)  # the party and scope rules both read each version's whole text
def _regions(rules: LanguageRules, text: str) -> frozenset[str]:
    # ``rules`` (the language being read, which ``vocabulary`` and ``word_stems`` read) is in the key
    text = strip_markup(text)
    found = {m.lower() for m in _REGION_WORDS.findall(text)}
    found |= {_SAME_REGION[m.lower()] for m in _REGION_CODES.findall(text)}
    found = {_SAME_REGION.get(f, f) for f in found}
    words = vocabulary()  # the names in the language being read ("Union européenne", "Deutschland")
    same = {" ".join(word_stems(n)): _group_name(group) for group in words.same_regions for n in group}
    for match in words.regions.finditer(text):
        key = " ".join(word_stems(match.group(0)))
        found.add(same.get(key, key))
    return frozenset(found)


def without_regions(text: str) -> str:
    """``text`` with the names and codes of regions blanked out ("in der Europäischen Union" →
    "in der  "), in English and in the language being read."""
    for pattern in (_REGION_WORDS, _REGION_CODES, vocabulary().regions):
        text = pattern.sub(" ", text)
    return text


def _group_name(group: tuple[str, ...]) -> str:
    """The one name of a group of names for a region: the English name when the group holds an
    English code ("EU" = „Europäische Union“ = "European Union"), else its last name's stems."""
    english = [_SAME_REGION[n] for n in group if n in _SAME_REGION]
    return english[0] if english else " ".join(word_stems(group[-1]))


# Words that say a clause covers people by where they live ("residents in ...", "if you live
# in ...", "résidant en ...", "wohnhaft in ..."), per language read.
_RESIDENCE = {
    "en": re.compile(r"\b(?:residents?|resident in|(?:live|living|located|based) (?:in|outside))\b", re.IGNORECASE),
    "fr": re.compile(r"\b(?:résid\w*|habit\w* (?:en|au|aux|dans)|situés? (?:en|au|aux|dans))\b", re.IGNORECASE),
    "de": re.compile(r"\b(?:wohn\w*|ansässig\w*|einwohner\w*|aufenthalt\w*)\b", re.IGNORECASE),
}


def region_reasons(clause: ClauseChange) -> list[str]:
    """The regions or users a modified clause covers changed: it named regions and names others,
    or it covers people by where they live (``_RESIDENCE``) and a region is named where none was
    (or none is left): "Residents in the Designated Countries" → "... and the UK"."""
    if clause.kind not in {"modified", "moved"}:
        return []
    before, after = regions(clause.old_text or ""), regions(clause.new_text or "")
    if before == after or (not before and not after):
        return []
    if not before or not after:  # elsewhere a region named where none was is judged by the other rules
        residence = _RESIDENCE.get(active().code)
        both = strip_markup(f"{clause.old_text or ''} {clause.new_text or ''}")
        if residence is None or not residence.search(both):
            return []
    shown = ", ".join(sorted(before)) or "—", ", ".join(sorted(after)) or "—"
    return [f"regions or users covered changed ({shown[0]} → {shown[1]})"]


# Where people live, not where a company is: "located in" and "based in", "situé", "ansässig" say
# as often where a provider is ("service providers located in the United States")
_LIVES = {
    "en": re.compile(r"\b(?:residents?|resident in|(?:live|living|reside|residing) in)\b", re.IGNORECASE),
    "fr": re.compile(r"\b(?:résid\w*|habit\w* (?:en|au|aux|dans))\b", re.IGNORECASE),
    "de": re.compile(r"\b(?:wohn\w*|einwohner\w*|aufenthalt\w*)\b", re.IGNORECASE),
}
# "Under California law, ...": the law of a region names whom a clause is for (English only)
_UNDER_LAW = re.compile(r"\bunder (?:the )?(?:applicable )?[\w .]{2,30}? laws?\b", re.IGNORECASE)


def names_residents(text: str) -> bool:
    """True when a sentence of ``text`` covers people by where they live (``_LIVES``: "if you live
    in California", "si vous résidez en Belgique", "sofern Sie in Deutschland wohnen") or by a
    region's law ("Under California law"), and names the region."""
    residence = _LIVES.get(active().code)
    for sentence in SENTENCE_END.split(strip_markup(text)):
        if not regions(sentence):
            continue
        if residence is not None and residence.search(sentence):
            return True
        if active().code == DEFAULT_LANGUAGE and any(regions(m.group(0)) for m in _UNDER_LAW.finditer(sentence)):
            return True
    return False
