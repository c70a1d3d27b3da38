"""Who is responsible and how to reach them: contact e-mail addresses, controllers, EU/UK
representatives, data protection officers, grievance officers and the bodies users can complain
to (supervisory authorities, dispute-resolution providers, attorneys general).

A change is material when it changes *who* is responsible or *how* to reach them: a different
e-mail address, telephone number or postal address (in any clause: "HAPPN may be contacted by
mail at 8 Rue du Sentier" → "at 5 rue Feydeau"), a different entity, person or enforcement body
named. A change
of link target with the same address shown stays editorial (``rules.editorial_reason``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from difflib import SequenceMatcher

from tracker.classify.language import active
from tracker.classify.names import changed_names
from tracker.classify.rules import EMAIL, changed_text, spelled_out, strip_markup
from tracker.classify.scope import regions, without_regions
from tracker.classify.vocabulary import vocabulary
from tracker.diff.words import word_diff
from tracker.models import ClauseChange

# A name, an entity or an address in changed words: a capitalised word (not the first of a
# sentence), a number, a postcode.
_NAME = re.compile(r"\b[A-Z][\w’'&.-]+|\b\d[\w-]*")
# capitalised only because they open a sentence
_STARTER_TEXT = "a an all any each for i if in it otherwise our please such the these they this to we when where you"
_STARTERS = frozenset([*_STARTER_TEXT.split(), "your"])
_PLACEHOLDER = re.compile(r"\[?\\?\[email\s+protected\\?\]\]?", re.IGNORECASE)


def emails(text: str) -> frozenset[str]:
    """Every e-mail address in ``text``, shown or in a ``mailto:`` link target, lower-cased."""
    return frozenset(e.lower().rstrip(".") for e in EMAIL.findall(_PLACEHOLDER.sub(" ", text)))


# Top-level domains in use: an address moved from one to another ("acme.com" → "acme.co",
# "mutuelle.fr" → "mutuelle.com") is another domain, never a typo fixed (h17i).
_TLDS = frozenset((
    "com", "org", "net", "edu", "gov", "io", "co", "uk", "de", "fr", "eu", "ch", "at", "be", "nl", "es", "it", "ie",
    "us", "ca", "au", "in", "info", "biz", "app",
))  # fmt: skip


def _other_domain(a: str, b: str) -> bool:
    tld_a, tld_b = a.rsplit(".", 1)[-1].lower(), b.rsplit(".", 1)[-1].lower()
    return tld_a != tld_b and tld_a in _TLDS and tld_b in _TLDS


def _typo(before: frozenset[str], after: frozenset[str]) -> bool:
    """Every address of one side is a near-identical spelling of one on the other (a typo fixed),
    in the same top-level domain."""
    pairs = [(a, b) for a in before - after for b in after - before]
    return len(before ^ after) == 2 and all(
        SequenceMatcher(None, a, b).ratio() >= 0.85 and not _other_domain(a, b) for a, b in pairs
    )


def emails_changed(clause: ClauseChange) -> bool:
    """True when both versions of a modified clause give an e-mail address and they differ (more
    than a typo)."""
    if clause.kind not in {"modified", "moved"}:
        return False
    before, after = emails(clause.old_text or ""), emails(clause.new_text or "")
    return bool(before and after and before != after) and not _typo(before, after)


def _names(text: str) -> list[str]:
    words = EMAIL.sub(" ", text)
    return [n for n in _NAME.findall(words) if n.lower().rstrip(".") not in _STARTERS]


_PHONE = re.compile(r"(?:\+|\b0)\d[\d\s()./-]{6,}\d")


# "01/05/2024", "05.01.2024", "2024-01-05": a date written in digits, no telephone number
_DIGIT_DATE = re.compile(r"\d{1,2}([./-])\d{1,2}\1\d{2,4}|\d{4}-\d{1,2}-\d{1,2}")


def phones(text: str) -> frozenset[str]:
    """Every telephone number in ``text``, digits only ("+49 (0) 40 637 90 491" → "4904063790491");
    a date written in digits is none."""
    found = _PHONE.findall(strip_markup(text))
    return frozenset(re.sub(r"\D", "", p) for p in found if not _DIGIT_DATE.fullmatch(p.strip(" ./-")))


def phone_reasons(clause: ClauseChange) -> list[str]:
    """A telephone number to reach the company added, removed or replaced."""
    before, after = phones(clause.old_text or ""), phones(clause.new_text or "")
    if before == after:
        return []
    shown = _PHONE.findall(strip_markup(clause.new_text or clause.old_text or ""))
    return [f"contact telephone number changed ({', '.join(s.strip() for s in shown[:2]) or 'removed'})"]


# The kind of a street abbreviated or written out is the same street: "1 Sample St." = "1 Sample
# Street", « 5 av. Foch » = « 5 avenue Foch », "Musterstr. 1" = "Musterstraße 1" (any language's
# address may stand in any policy, as the address patterns do).
_STREET_FORMS = {
    "st": "street", "rd": "road", "ave": "avenue", "av": "avenue", "blvd": "boulevard", "bd": "boulevard",
    "ln": "lane", "dr": "drive", "pl": "place", "sq": "square", "ct": "court", "pkwy": "parkway",
}  # fmt: skip
_GERMAN_STREET = re.compile(r"(?:str|strasse)$")


def addresses(text: str) -> dict[str, str]:
    """Every postal address in ``text`` ("1760 Mission Street", "5 rue Feydeau", "Schulstraße 12"),
    as written, by its letters and digits in lower case (line breaks, case, punctuation and the
    street's kind abbreviated aside)."""
    found = vocabulary().addresses.finditer(strip_markup(text))
    return {_address_key(m.group(0)): " ".join(m.group(0).split()) for m in found}


def _address_key(address: str) -> str:
    words = [_STREET_FORMS.get(w, w) for w in re.findall(r"[^\W_]+", address.casefold())]
    return " ".join(_GERMAN_STREET.sub("straße", w) for w in words)


def address_reasons(clause: ClauseChange) -> list[str]:
    """A postal address to reach the company or its representative added, removed or replaced."""
    before, after = addresses(clause.old_text or ""), addresses(clause.new_text or "")
    if set(before) == set(after):
        return []
    gone = [before[k] for k in before if k not in after]
    new = [after[k] for k in after if k not in before]
    return [f"postal address changed ({', '.join(gone[:2]) or '—'} → {', '.join(new[:2]) or '—'})"]


def _same_names(clause: ClauseChange) -> bool:
    """Where capitals mark names: no name, number or address changed, only an office spelled out
    or a title reworded ("Bureau du DPD" → "Délégué à la Protection des Données")."""
    if not active().names_by_case:
        return False
    old, new = clause.old_text or "", clause.new_text or ""
    gone, added, _ = changed_names(old, new)
    digits = set(re.findall(r"\d+", strip_markup(old))) == set(re.findall(r"\d+", strip_markup(new)))
    return not gone and not added and digits and emails(old) == emails(new)


def party_reasons(clause: ClauseChange) -> list[str]:
    """Material reasons when a clause about a responsible party or contact point names a
    different address, entity, person or body (or gains or loses one)."""
    reasons = phone_reasons(clause) + address_reasons(clause)
    if emails_changed(clause):
        before, after = emails(clause.old_text or ""), emails(clause.new_text or "")
        reasons.append(f"contact e-mail address changed ({', '.join(sorted(before))} → {', '.join(sorted(after))})")
    text = strip_markup(f"{clause.old_text or ''} {clause.new_text or ''}")
    role = vocabulary().roles.search(text)
    if not role:
        return reasons
    deleted, inserted = changed_text(clause)
    gone, new = _names(deleted), _names(inserted)
    if clause.kind in {"modified", "moved"} and regions(clause.old_text or "") == regions(clause.new_text or ""):
        # the same region written another way ("Europäische Union" → "EU"): no party named
        gone, new = _names(without_regions(deleted)), _names(without_regions(inserted))
    expanded = [g for g in gone if spelled_out(g, inserted)]
    if expanded and len(expanded) == len(gone) and "".join(n[0] for n in new).lower() == "".join(expanded).lower():
        return reasons  # "our DPO" → "our Data Protection Officer": the same office spelled out
    if clause.kind == "added" and (new or emails(clause.new_text or "")):
        reasons.append(f"{role.group(0)} named: '{strip_markup(clause.new_text or '').strip()[:80]}'")
    elif clause.kind == "removed" and (gone or emails(clause.old_text or "")):
        reasons.append(f"{role.group(0)} no longer named: '{strip_markup(clause.old_text or '').strip()[:80]}'")
    elif clause.kind in {"modified", "moved"} and (gone or new) and not _same_names(clause):
        was, now = " ".join(gone[:6]) or "—", " ".join(new[:6]) or "—"
        reasons.append(f"responsible party or contact details changed ({role.group(0)}): {was} → {now}")
    return reasons


def party_restated(clause: ClauseChange, counterparts: Iterable[str]) -> bool:
    """True when a clause added (removed) that the party rule fires on stands beside a clause of
    its section removed (added) that names the same party: the two, read as one line reworded,
    change no entity, person, office, address or contact ("MEETIC, Bureau du DPD" removed and
    "MEETIC, Délégué à la Protection des Données" added: the diff cut one line reworded in two)."""
    if clause.kind not in {"added", "removed"} or not party_reasons(clause):
        return False
    text = (clause.new_text if clause.kind == "added" else clause.old_text) or ""
    for other in (o for o in counterparts if o.strip()):
        old, new = (other, text) if clause.kind == "added" else (text, other)
        pair = ClauseChange("modified", old, new, words=word_diff(old, new))
        if vocabulary().roles.search(strip_markup(other)) and _same_names(pair) and not party_reasons(pair):
            return True
    return False
