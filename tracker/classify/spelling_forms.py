"""The same words written another way: a word typed twice, a gender-inclusive spelling (issue 17:
editorial edits read as review).

Each rule compares the two versions after one normalisation and asks that nothing else differs,
so a change of who, what, why or how long is left to the other rules.
"""

from __future__ import annotations

import re

from tracker.classify.language import active
from tracker.classify.rules import _same_stems, strip_markup
from tracker.models import ClauseChange

_WORD = re.compile(r"[^\W_]+")
# German gender-inclusive forms: "Kund:innen", "Nutzer*innen", "Nutzer_innen", "NutzerInnen",
# "Kund/-innen" and their singulars ("Nutzer*in") read as the base word ("Kund", "Nutzer"), whose
# stem is the stem of the plain plural ("Kunden", "Nutzer").
_DE_INCLUSIVE = re.compile(r"(?<=[a-zäöüß])(?:[*:_·/]-?[Ii]|I)nn?(?:en)?\b")
# French point médian and its stand-ins: « utilisateur·rice·s », « client·e·s », « client.e.s »,
# « salarié(e)s », « utilisateurs·rices » read as the masculine form (« utilisateurs », « clients »).
_FR_INCLUSIVE = re.compile(r"(?<=[a-zéèêàç])(s?)[·•.(\-](?:e|rice|trice|euse|ère|ne|le|fe)[·•.)\-]?(s?)(?![\w])")


def doubled_word_reason(clause: ClauseChange) -> str | None:
    """Why a modified clause only had a word typed twice removed or added ("can can" → "can"), or None."""
    if clause.kind != "modified":
        return None
    old, new = _words(clause.old_text), _words(clause.new_text)
    if old == new or _undoubled(old) != _undoubled(new):
        return None
    return "only a word typed twice in a row removed or added"


def _words(text: str | None) -> list[str]:
    return _WORD.findall(strip_markup(text or "").casefold())


def _undoubled(words: list[str]) -> list[str]:
    return [w for k, w in enumerate(words) if k == 0 or w != words[k - 1]]


def inclusive_spelling_reason(clause: ClauseChange) -> str | None:
    """Why a modified clause only had a noun written in a gender-inclusive way (or back), or None.

    « nos utilisateurs » → « nos utilisateur·rice·s », „der Kunden“ → „der Kund:innen“: the same
    people. Another noun ("Kunden" → "Partner:innen") still differs once both are normalised.
    """
    if clause.kind != "modified":
        return None
    old, new = clause.old_text or "", clause.new_text or ""
    plain_old, plain_new = _neutral(old), _neutral(new)
    if (plain_old, plain_new) == (old, new) or not _same_stems(plain_old, plain_new):
        return None
    return "only a gender-inclusive spelling of the same word changed"


def _neutral(text: str) -> str:
    """``text`` with the gender-inclusive forms of the language being read in their base form."""
    code = active().code
    if code == "de":
        return _DE_INCLUSIVE.sub("", text)
    if code == "fr":
        return _FR_INCLUSIVE.sub(lambda m: m.group(1) or m.group(2), text)
    return text
