"""The GDPR provision a clause cites as its lawful basis, compared between versions (issue 17).

"on the basis of Article 6(1)(f) GDPR" → "… Article 6(1)(a) GDPR" swaps legitimate interests for
consent: the reader's rights follow the basis (to object to one, to withdraw the other), so the
change is material although only one letter moved. Citations are read in the forms English,
French and German policies write them: "Art. 6(1)(f)", "Art. 6 para. 1 lit. f", « article 6.1.f »,
« article 6, paragraphe 1, point f) », „Art. 6 Abs. 1 lit. f“, „Art. 9 Abs. 2 Buchst. a“ — only in
a clause that names the regulation (GDPR, RGPD, DSGVO and their long names), so a policy's own
"section 6(1)(f)" is no lawful basis.
"""

from __future__ import annotations

import re

from tracker.classify.rules import strip_markup
from tracker.models import ClauseChange

__all__ = ["lawful_bases", "lawful_basis_reasons"]

_REGULATION = re.compile(
    r"\b(?:UK[ -])?(?:GDPR|RGPD|DSGVO|EU-DSGVO|DS-GVO)\b|general data protection regulation"
    r"|règlement général sur la protection des données|datenschutz-grundverordnung",
    re.IGNORECASE,
)
_PARAGRAPH = (
    r"(?:\(\s*(?P<p1>\d)\s*\)"
    r"|\s*(?:para(?:graph|\.)?|paragraphe|§|al(?:inéa|\.)?|abs(?:atz|\.)?)\s*(?P<p2>\d)"
    r"|\.(?P<p3>\d))"
)
_POINT = (
    r"(?:\s*\(\s*(?P<l1>[a-j])\s*\)"
    r"|,?\s*(?:lit(?:t|era|\.)?|points?|pt\.?|buchst(?:abe|\.)?|sub)\s*(?P<l2>[a-j])\b\)?"
    r"|\.(?P<l3>[a-j])\b)"
)
_CITATION = re.compile(
    rf"\bart(?:icle|ikel|\.)?\s*(?P<article>6|9)\b,?\s*{_PARAGRAPH},?{_POINT}",
    re.IGNORECASE,
)


def lawful_bases(text: str) -> frozenset[str]:
    """The Article 6(1) / 9(2) points ``text`` cites ("6(1)(f)"), none unless it names the GDPR."""
    plain = strip_markup(text)
    if not _REGULATION.search(plain):
        return frozenset()
    found = set()
    for m in _CITATION.finditer(plain):
        paragraph = m.group("p1") or m.group("p2") or m.group("p3")
        point = (m.group("l1") or m.group("l2") or m.group("l3")).lower()
        found.add(f"{m.group('article')}({paragraph})({point})")
    return frozenset(found)


def lawful_basis_reasons(clause: ClauseChange) -> list[str]:
    """Material when a modified clause cites GDPR lawful-basis points in both versions and they
    differ ("Art. 6(1)(f)" → "Art. 6(1)(a)"); a citation added or dropped beside the same words
    is left to the other rules."""
    if clause.kind != "modified" or not clause.old_text or not clause.new_text:
        return []
    before, after = lawful_bases(clause.old_text), lawful_bases(clause.new_text)
    if not before or not after or before == after:
        return []
    return [f"lawful basis changed ({_cited(before)} → {_cited(after)})"]


def _cited(points: frozenset[str]) -> str:
    return ", ".join(f"Art. {p}" for p in sorted(points))
