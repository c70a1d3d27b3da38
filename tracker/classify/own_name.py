"""The names a policy gives itself: in its title ("Acme Dating Privacy Policy" → "Acme Dating")
or in a definition of "we" (`Acme Dating Ltd ("Acme", "we", "us")` → "Acme Dating Ltd", "Acme
Dating", "Acme"). ``tracker.classify.person`` reads a clause that names the company where it
said "we" (or back) as the same company doing the same thing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from tracker.classify.memo import per_classification
from tracker.classify.rules import strip_markup
from tracker.classify.vocabulary import vocabulary
from tracker.models import PolicyDocument

__all__ = ["own_names"]

_CAPITALISED = r"[A-Z][\w&.’'-]*"
# `Acme Dating Ltd ("Acme", "we", "us")`, `Acme SAS (« Acme » ou « nous »)`: a name and its aliases
_DEFINITION = re.compile(rf"({_CAPITALISED}(?:\s+(?:{_CAPITALISED}|of|and|&))*)\s*,?\s*\(([^()]{{0,160}})\)")
_QUOTED = re.compile(r"[\"“«„]\s?([^\"“”«»„]{1,40}?)\s?[\"”»“]")
_US = re.compile(r"^(?:we|us|our|nous|notre|wir|uns|unser)$", re.IGNORECASE)
_LEGAL_FORM = re.compile(r"[\s,]+(?:Ltd|Limited|LLC|L\.L\.C|Inc|Corp|GmbH|AG|SAS|SA|S\.A\.S|SARL|BV|B\.V|plc)\.?$")


@per_classification(maxsize=8192)  # both versions mostly hold the same clauses
def _clause_names(text: str) -> frozenset[str]:
    plain = strip_markup(text)
    # an alias is quoted: a text without an opening quote defines no "we" (the common case)
    return frozenset(_names_of(plain)) if any(q in plain for q in _OPENING_QUOTES) else frozenset()


_OPENING_QUOTES = '"“«„'  # the characters ``_QUOTED`` opens with


_PARENTHESES = re.compile(r"\(([^()]{0,160})\)")  # what ``_DEFINITION``'s aliases can be read from


def _names_of(text: str) -> set[str]:
    names: set[str] = set()
    # the aliases are quoted inside the parentheses: none holds a quote, no definition names any
    if not any(q in m.group(1) for m in _PARENTHESES.finditer(text) for q in _OPENING_QUOTES):
        return names
    for match in _DEFINITION.finditer(text):
        aliases = [a.strip() for a in _QUOTED.findall(match.group(2))]
        if not any(_US.match(a) for a in aliases):
            continue
        name = match.group(1).strip()
        names |= {name, _LEGAL_FORM.sub("", name)}
        names |= {a for a in aliases if a[:1].isupper() and not _US.match(a)}
    return names


def _title_name(title: str) -> str:
    """The capitalised words a title opens with before it names the document ("Acme Dating
    Privacy Policy" → "Acme Dating")."""
    kinds = vocabulary().document_words | {"and", "&"}
    words: list[str] = []
    for word in title.split():
        if word.lower() in kinds or not word[:1].isupper():
            break
        words.append(word)
    return " ".join(words)


def own_names(documents: Iterable[PolicyDocument | None]) -> frozenset[str]:
    """The names the policy gives itself in its title or in a definition of "we", in both versions."""
    names: set[str] = set()
    for document in documents:
        if document is None:
            continue
        names.add(_title_name(document.title or ""))
        for section in document.sections:
            for clause in section.clauses:
                if "(" in clause.text:
                    names |= _clause_names(clause.text)
    return frozenset(n for n in names if len(n) >= 2 and not _US.match(n))
