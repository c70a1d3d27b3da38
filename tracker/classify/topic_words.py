"""Which topic words of a clause change speak of the change (``tracker.classify.topics``): a term
a long reworded passage carries along is none, nor a kind of data named only in a sentence that
defines what may count as sensitive; and a row of a list of the data collected keeps the list's
topic beside the specific ones its words name.
"""

from __future__ import annotations

import re

from tracker.classify.lexicon import Lexicon, Topic, matches, topic_stems
from tracker.classify.rules import NAMED
from tracker.classify.vocabulary import vocabulary

__all__ = ["carried_off", "collection_heading", "practised"]

_SENTENCE = re.compile(r"(?<=[.!?;:])\s+")

_CARRIED_RUN = 6  # words each side's changed run holds beyond which a word in both was carried along


def carried_off(topic: Topic, words: tuple[str, ...], deleted: str, inserted: str) -> tuple[str, ...]:
    """``words`` without the terms a long reworded passage carries along: a term struck and put
    back, both changed runs longer than a phrase (« les paramètres et les caractéristiques des
    applications » → « ainsi que les paramètres et caractéristiques de l'application »: the
    application settings are still among the data, the change is elsewhere). In a short edit the
    term is the change's subject ("Cookie-Einstellungen" → "Einstellungen zu Cookies")."""
    if not words or min(len(deleted.split()), len(inserted.split())) <= _CARRIED_RUN:
        return words
    both = set(matches(topic, NAMED.sub(" ", deleted))) & set(matches(topic, NAMED.sub(" ", inserted)))
    return tuple(w for w in words if w not in both)


def collection_heading(
    on_heading: list[Topic], headings: tuple[str, ...], tags: dict[str, list[str]], lexicon: Lexicon
) -> set[str]:
    """The catch-all topic when each heading of the section names it alone in the policy's voice
    ("Information we collect", « Les données que nous recueillons », "Welche Daten wir erheben")
    and the clause's text confirms it: each row of such a list is a kind of data collected,
    whatever else its words name ("paramètres", "partager des photos", "Données de tiers"). A
    heading that names a kind of data only ("Biometric Information") or another topic too is no
    such list, nor a section renamed from or to another subject (a whole policy read as one
    section under its first heading)."""
    if len(on_heading) != 1 or on_heading[0].tag_when != "alone" or on_heading[0].name not in tags:
        return set()
    catch_all, we = on_heading[0], vocabulary().first_person
    for heading in headings:
        if [t.name for t in lexicon.topics if matches(t, heading)] != [catch_all.name] or not we.search(
            heading.lower()
        ):
            return set()
    return {catch_all.name}


def practised(topic: Topic, found: set[str], whole: str) -> set[str]:
    """The stems of ``found`` that ``whole`` names outside a sentence defining, in no one's voice,
    what data may count as sensitive ("… details on their health … may be considered
    "sensitive" Personal Information", « Certaines de ces données peuvent être considérées comme
    sensibles …, notamment … la santé »: ``sensitive_definitions`` of ``clause_rules.toml``): such
    a sentence lists examples of a legal category, not data collected or shared."""
    words = vocabulary()
    sentences = _SENTENCE.split(whole) if found else []
    defining = [s for s in sentences if words.sensitive_definitions.search(s) and not words.first_person.search(s)]
    if not defining:
        return found
    inside = topic_stems(topic, matches(topic, " ".join(defining)))
    outside = topic_stems(topic, matches(topic, " ".join(s for s in sentences if s not in defining)))
    return {f for f in found if f not in inside or f in outside}
