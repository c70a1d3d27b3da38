"""Edits of a clause's surface that leave its words alone (issue 17, editorial classes):

- **same letters**: old and new clause spell the same letters and digits once spaces, hyphens,
  punctuation, case and accents are set aside — words joined or split ("web site" → "website",
  "log in" → "login", "Web-Seite" → "Webseite", "Vertragsabwicklung" → "Vertrags-Abwicklung"),
  an accent fixed ("experience" → "expérience"), a capital dropped ("Personal Data" →
  "personal data").
- **stamp**: in a short line that is a copyright notice or states the policy's version ("© 2023
  Acme Ltd. All rights reserved.", "Version 3.2 of this policy", "Fassung 2.1"), only numbers
  changed (the year, the version number);
- **line re-joined**: a short line (six words at most) added or removed whose letters and digits
  stood in the section before, or stand in it after, in the same order: an address block cut
  into lines differently, a name's case or spacing changed ("DISONS DEMAIN" → "DisonsDemain").

It compares the whole old and new clause, not a list of words per site. (Link texts reach the
classifier as plain text, since extraction keeps no link targets: a reworded link text is a
reworded pointer, ``tracker.classify.pointers``.)
"""

from __future__ import annotations

import re
import unicodedata

from tracker.classify.memo import per_classification
from tracker.classify.rules import strip_markup
from tracker.classify.vocabulary import vocabulary
from tracker.models import ClauseChange

__all__ = ["rejoined_line_reason", "same_letters_reason", "stamp_reason"]


@per_classification(maxsize=1024)  # a section's text is read again for each of its short lines
def _letters(text: str) -> str:
    """The letters and digits of ``text``, case-folded, accents and everything else taken out."""
    decomposed = unicodedata.normalize("NFKD", strip_markup(text).casefold())
    kept = filter(str.isalnum, decomposed)
    if decomposed.isascii():  # no combining mark
        return "".join(kept)
    return "".join([c for c in kept if not unicodedata.combining(c)])


def _texts(clause: ClauseChange) -> tuple[str, str] | None:
    if clause.kind not in {"modified", "moved"} or not clause.old_text or not clause.new_text:
        return None
    return clause.old_text, clause.new_text


_DIGITS = re.compile(r"\d+")


def same_letters_reason(clause: ClauseChange) -> str | None:
    """Why a modified clause only joined or split words, or changed accents, case or
    punctuation, or None: the same letters and digits in the same order, the numbers unchanged."""
    texts = _texts(clause)
    if texts is None:
        return None
    old, new = texts
    if _DIGITS.findall(strip_markup(old)) != _DIGITS.findall(strip_markup(new)):
        return None  # "1 2" → "12" is another number
    letters = _letters(old)
    if not letters or letters != _letters(new):
        return None
    return "only the spelling changed: words joined or split, accents, case or punctuation"


_SHORT_LINE = 6  # words: an address line, a name, a heading-like line


def rejoined_line_reason(clause: ClauseChange, old_section: str | None, new_section: str | None) -> str | None:
    """Why a short added (removed) line is editorial: its letters stood in the section before
    (stand in it after), only spacing, case or line breaks differ ("DISONS DEMAIN" in an address
    block → a line "DisonsDemain" of its own), or None."""
    if clause.kind not in {"added", "removed"}:
        return None
    text, other = (clause.new_text, old_section) if clause.kind == "added" else (clause.old_text, new_section)
    if not text or not other or len(strip_markup(text).split()) > _SHORT_LINE:
        return None
    letters = _letters(text)
    if len(letters) < 3 or letters not in _letters(other):
        return None
    return f"line {clause.kind}, but its words stood in the section already (only spacing, case or line breaks changed)"


_STAMP_WORDS = 15  # a copyright or version line is short
_NUMBERS_ONLY = re.compile(r"^[\s\d.,/–-]*\d[\s\d.,/–-]*$")


def stamp_reason(clause: ClauseChange) -> str | None:
    """Why a short copyright or version line only changed its year or number, or None."""
    texts = _texts(clause)
    if texts is None:
        return None
    old, new = (strip_markup(t) for t in texts)
    if len(new.split()) > _STAMP_WORDS or not (vocabulary().stamps.search(old) and vocabulary().stamps.search(new)):
        return None
    changed = [w.text for w in clause.words if w.op != "equal"]
    if not changed or not all(_NUMBERS_ONLY.match(run) for run in changed):
        return None
    return "only the year of a copyright notice or the policy's version number changed"
