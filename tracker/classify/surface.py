"""Edits of a clause's surface that leave its words alone (issue 17, editorial classes):

- **same letters**: old and new clause spell the same letters and digits once spaces, hyphens,
  punctuation, case and accents are set aside — words joined or split ("web site" → "website",
  "log in" → "login", "Web-Seite" → "Webseite", "Vertragsabwicklung" → "Vertrags-Abwicklung"),
  an accent fixed ("experience" → "expérience"), a capital dropped ("Personal Data" →
  "personal data").

It compares the whole old and new clause, not a list of words per site. (Link texts reach the
classifier as plain text, since extraction keeps no link targets: a reworded link text is a
reworded pointer, ``tracker.classify.pointers``.)
"""

from __future__ import annotations

import re
import unicodedata

from tracker.classify.rules import strip_markup
from tracker.models import ClauseChange

__all__ = ["same_letters_reason"]


def _letters(text: str) -> str:
    """The letters and digits of ``text``, case-folded, accents and everything else taken out."""
    decomposed = unicodedata.normalize("NFKD", strip_markup(text).casefold())
    return "".join(c for c in decomposed if c.isalnum() and not unicodedata.combining(c))


def _texts(clause: ClauseChange) -> tuple[str, str] | None:
    if clause.kind not in {"modified", "moved"} or not clause.old_text or not clause.new_text:
        return None
    return clause.old_text, clause.new_text


def same_letters_reason(clause: ClauseChange) -> str | None:
    """Why a modified clause only joined or split words, or changed accents, case or
    punctuation, or None: the same letters and digits in the same order, the numbers unchanged."""
    texts = _texts(clause)
    if texts is None:
        return None
    old, new = texts
    if re.findall(r"\d+", strip_markup(old)) != re.findall(r"\d+", strip_markup(new)):
        return None  # "1 2" → "12" is another number
    if not _letters(old) or _letters(old) != _letters(new):
        return None
    return "only the spelling changed: words joined or split, accents, case or punctuation"
