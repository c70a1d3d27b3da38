"""Captions added or removed: a line of a few words that says nothing of the policy's practices,
such as a contents list's entry ("Table of contents", "What's most important?"), a button's text
("Contact us") or a lead-in ("Par courrier :").

An added or removed clause is a caption when no materiality rule fired on it and it is two to
six words long, with no digit, e-mail address or web address, no capitalised word but its first
(a name or an acronym, "Acme GmbH", "Download HER now", may be a new party or brand: a person reads
it), no negation, and no full stop at its end (a statement, "We sell data.", ends with one).
A list's member is no caption: a line opening with a bullet here, and a list item or table row of
the document (``tracker.classify.judge``: "Browser and device type" under "Information we
collect" is a category of data added).
A single word may be a name ("Meetic", "Suisse") and stays "review". In German every noun is
capitalised, so no German line passes the capital test: such lines stay "review".
"""

from __future__ import annotations

import re

from tracker.classify.rules import EMAIL, negation, strip_markup
from tracker.models import ClauseChange

__all__ = ["caption_reason"]

_WORD = re.compile(r"[^\W\d_][\w’'-]*")
_WEB = re.compile(r"://|\bwww\.|\.(?:com|org|net|fr|de|io)\b", re.IGNORECASE)
_MAX_WORDS = 6
_BULLETS = frozenset("•·‣▪◦-–*")


def caption_reason(clause: ClauseChange) -> str | None:
    """Why an added or removed clause is only a caption (no practice stated), or None."""
    if clause.kind not in {"added", "removed"}:
        return None
    text = " ".join(strip_markup(clause.new_text or clause.old_text or "").split())
    if text[:1] in _BULLETS:
        return None  # "• Mandatory data": a list's member written with its bullet
    words = _WORD.findall(text)
    if not 2 <= len(words) <= _MAX_WORDS or re.search(r"\d", text) or EMAIL.search(text) or _WEB.search(text):
        return None
    if any(word[0].isupper() for word in words[1:]) or negation(text) or text.endswith("."):
        return None
    return f"caption {clause.kind}: a line of a few words that states no practice"
