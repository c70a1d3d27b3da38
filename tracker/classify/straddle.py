"""Phrases of a topic that a modified clause's changed words reach into, with words the change
left alone (``topics.clause_tags`` asks for every topic; each clause's sides are made once)."""

from __future__ import annotations

import re

from tracker.classify.lexicon import Topic, matches
from tracker.classify.rules import NAMED, strip_markup
from tracker.models import ClauseChange

Side = tuple[str, list[tuple[int, int]]]  # one side's text, the (start, end) of each of its changed words


def changed_sides(clause: ClauseChange) -> tuple[Side, ...]:
    """A modified clause's old and new text (names blanked out) with where its changed words are
    in each: the same for every topic ``straddled`` is asked about, so made once per clause."""
    sides = []
    for side in ("delete", "insert"):
        text, words = "", []
        for run in clause.words:
            if run.op in {"equal", side}:
                piece = NAMED.sub(lambda m: " " * len(m.group(0)), strip_markup(run.text))
                if run.op == side:
                    words += [(len(text) + m.start(), len(text) + m.end()) for m in re.finditer(r"\S+", piece)]
                text += piece
        sides.append((text, words))
    return tuple(sides)


def straddled(topic: Topic, sides: tuple[Side, ...]) -> tuple[str, ...]:
    """Phrases of ``topic`` that a modified clause's changed words are part of, with words the
    change left alone ("… sur l’exécution de votre contrat" → "… sur votre consentement": the
    consent is named as a ground, "repose sur" and "votre" unchanged); the changed words alone
    hold only "consentement". A changed word counts whole: "other ads" → "non-personalized ads"
    reaches into no "personalized ads". ``sides``: the clause's ``changed_sides``."""
    found: list[str] = []
    for text, words in sides:
        if not words or not matches(topic, text):
            continue
        for match in topic.regex.finditer(text):
            start, end = match.span()
            holds = [a for a, b in words if start <= a and b <= end]  # changed words wholly in the phrase
            cut = any(a < start < b or a < end < b for a, b in words)  # a changed word split by the phrase
            if holds and len(holds) < len(match.group(0).split()) and not cut:
                found.append(" ".join(match.group(0).lower().split()))
    return tuple(dict.fromkeys(found))
