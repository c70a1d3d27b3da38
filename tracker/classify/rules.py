"""The materiality rules of the classifier that need no lexicon: commitment shifts, sale of data,
retention periods, age thresholds, and the editorial rules (grammar-only, link-only changes).

Each rule looks at one clause change and returns human-readable reasons (empty when it does not
fire). ``tracker.classify.judge`` combines them with the other rule modules per clause.
"""

from __future__ import annotations

import functools
import re

from tracker.extract.lookalike import fold_lookalikes, mixed_script_words
from tracker.models import ClauseChange, SectionChange

# Link targets, bare URLs, Markdown link-reference definitions and labels, and the placeholder
# Cloudflare leaves for obfuscated e-mail addresses (with any visible start of the address glued to
# it: "pr[email protected]"): words inside them ("email-protection") are not policy text.
_MARKUP = re.compile(
    r"\]\([^)\s]*\)?|https?://\S+|^\s*\[[^\]]+\]:\s*\S+|\]\[[^\]]*\]|[\w.+-]*\[?\\?\[email\s+protected\\?\]",
    re.IGNORECASE | re.MULTILINE,
)
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def strip_markup(text: str) -> str:
    """Policy words only: link targets, URLs, link references and e-mail placeholders removed;
    a word disguised with look-alike letters read as the Latin word it imitates."""
    return fold_lookalikes(_MARKUP.sub(" ", text))


# Names of statutes and bodies hold topic words that say nothing about a practice: "Children's
# Online Privacy Protection Act", "Data Protection Commission", "Data Privacy Framework".
NAMED = re.compile(
    r"\b(?:[A-Z][\w’'-]*\s+(?:(?:of|and|for|on)\s+)?){1,8}"
    r"(?:Act|Regulation|Directive|Code|Law|Principles|Commission|Authority|Officer|Framework)\b"
)


def neutral(text: str) -> str:
    """Policy words only, with the names of statutes and bodies taken out."""
    return NAMED.sub(" ", strip_markup(text))


def lookalike_reason(change: SectionChange | ClauseChange) -> str | None:
    """Says so when the change's text holds words mixing Latin with Cyrillic/Greek letters."""
    clauses = change.clauses if isinstance(change, SectionChange) else (change,)
    texts = [t for c in clauses for t in (c.old_text, c.new_text) if t]
    words = list(dict.fromkeys(w for t in texts for w in mixed_script_words(t)))
    if not words:
        return None
    shown = ", ".join(f"“{w}”" for w in words[:5])
    return f"the text holds look-alike characters: {shown} mix Latin with Cyrillic or Greek letters"


def changed_text(clause: ClauseChange) -> tuple[str, str]:
    """(deleted text, inserted text) of one clause change, without link markup."""
    if clause.kind == "added":
        return "", strip_markup(clause.new_text or "")
    if clause.kind == "removed":
        return strip_markup(clause.old_text or ""), ""
    if clause.words:
        deleted = " ".join(w.text for w in clause.words if w.op == "delete")
        inserted = " ".join(w.text for w in clause.words if w.op == "insert")
        return strip_markup(deleted), strip_markup(inserted)
    return "", ""


NEGATION = re.compile(r"\b(not|never|no|neither|nor|none|cannot|can't|won't|don't|doesn't|without)\b", re.IGNORECASE)
_STRONG_MODAL = re.compile(r"\b(will|shall|must|always|guarantee|ensure|commit)\b", re.IGNORECASE)
_WEAK_MODAL = re.compile(
    r"\b(may|might|can|could|should|endeavou?r|try|aim|at our discretion|from time to time|where possible)\b",
    re.IGNORECASE,
)
_PROMISE = re.compile(r"\b(?:will|shall|must|always|guarantee|commit)\s+[a-z][^.;]*", re.IGNORECASE)
_CONDITION = re.compile(
    r"\b(with your (?:prior |explicit |express )?(?:consent|permission|authori[sz]ation)|"
    r"(?:unless|until|only if|only when) you (?:consent|agree|opt in|ask)|with your agreement|"
    r"subject to your consent|upon your request)\b",
    re.IGNORECASE,
)
_ONLY = re.compile(r"\b(only|solely|exclusively|strictly)\b", re.IGNORECASE)
SALE = re.compile(
    r"\b(sell|sells|sold|sale of|selling|rent|monetis|monetiz|\"share\"|cross-context behavio)\w*", re.IGNORECASE
)
_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "twelve": 12, "eighteen": 18, "twenty-four": 24, "thirty": 30, "sixty": 60, "ninety": 90,
}  # fmt: skip
_UNIT_DAYS = {"day": 1, "week": 7, "month": 30, "year": 365}
_DURATION = re.compile(
    r"\b(\d+|" + "|".join(_NUMBER_WORDS) + r")\s*\(?\d*\)?\s*(day|week|month|year)s?\b", re.IGNORECASE
)
_OPEN_ENDED = re.compile(
    r"\b(as long as|indefinitely|for an unlimited|no longer than necessary|until you delete)\b", re.IGNORECASE
)
# A duration is a retention period only in a clause about keeping data ("30 days' notice" is not).
_RETENTION_CONTEXT = re.compile(r"\b(retain|retention|keep|kept|store|stored|delete|deleted|archiv)\w*", re.I)
_AGE = re.compile(
    r"\b(?:under|below|over|above|at least|younger than|older than)\s+(?:the\s+age\s+of\s+)?(\d{1,2})\b"
    r"|\b(\d{1,2})\s+years?\s+(?:of\s+age|old)\b",
    re.IGNORECASE,
)


def durations(text: str) -> list[int]:
    """Every duration in ``text``, in days ("five years" → 1825)."""
    out = []
    for number, unit in _DURATION.findall(text):
        value = int(number) if number.isdigit() else _NUMBER_WORDS[number.lower()]
        out.append(value * _UNIT_DAYS[unit.lower()])
    return out


def commitment_reasons(clause: ClauseChange) -> list[str]:
    """Commitment shifts inside one modified clause: negation, modal, promise, "only", consent."""
    if clause.kind != "modified" or clause.old_text is None or clause.new_text is None:
        return []
    deleted, inserted = changed_text(clause)
    reasons = []
    negation = NEGATION.search(deleted)
    if negation and not NEGATION.search(inserted):
        reasons.append(f"commitment shift: negation removed ('{negation.group(0)}')")
    strong = _STRONG_MODAL.search(deleted)
    weak = _WEAK_MODAL.search(inserted)
    if strong and weak and not _STRONG_MODAL.search(inserted):
        reasons.append(f"commitment shift: '{strong.group(0)}' → '{weak.group(0)}'")
    promise = _PROMISE.search(deleted)
    if promise and not strong_in(inserted) and not reasons:
        reasons.append(f"commitment removed: '{promise.group(0).strip()[:80]}'")
    only = _ONLY.search(deleted)
    if only and not _ONLY.search(inserted):
        reasons.append(f"commitment shift: '{only.group(0)}' removed")
    condition = _CONDITION.search(deleted)
    if condition and not _CONDITION.search(clause.new_text):
        reasons.append(f"condition removed: '{condition.group(0)}'")
    return reasons


_REMOVED_PROMISE = re.compile(
    r"\b(?:not|never|no longer|cannot|won't|don't|doesn't|shall|must|we will|we always|we guarantee|we commit)\b",
    re.IGNORECASE,
)


def removed_promise_reasons(clause: ClauseChange, moved: bool) -> list[str]:
    """A whole clause that made a promise ("They shall not disclose …") removed, and not moved
    elsewhere in the policy."""
    if clause.kind != "removed" or moved:
        return []
    text = strip_markup(clause.old_text or "")
    promise = _REMOVED_PROMISE.search(text)
    if not promise:
        return []
    return [f"commitment removed with its clause ('{promise.group(0)}'): '{text.strip()[:80]}'"]


def clause_words(text: str) -> frozenset[str]:
    """The set of words of a clause, to tell a clause moved elsewhere from one removed."""
    return frozenset(word_stems(strip_markup(text)))


def strong_in(text: str) -> bool:
    """True when ``text`` makes a firm commitment (will, shall, must, ...)."""
    return bool(_STRONG_MODAL.search(text))


def retention_reasons(clause: ClauseChange) -> list[str]:
    """A longer or new retention period, or a period replaced by an open-ended one."""
    old, new = clause.old_text or "", clause.new_text or ""
    if clause.kind == "removed" or not _RETENTION_CONTEXT.search(new):
        return []
    before, after = durations(old), durations(new)
    if after and (not before or max(after) > max(before)):
        return [f"longer or new retention period ({', '.join(m.group(0) for m in _DURATION.finditer(new))})"]
    if before and not after and _OPEN_ENDED.search(new):
        return ["retention period replaced by an open-ended one"]
    return []


def sale_reasons(clause: ClauseChange) -> list[str]:
    """Sale (or "sharing" in the CCPA sense) of data mentioned anew, unless as a promise not to."""
    deleted, inserted = changed_text(clause)
    sale = SALE.search(inserted)
    if sale and not SALE.search(deleted):
        if NEGATION.search(inserted if clause.kind == "modified" else clause.new_text or ""):
            return []  # "we do not sell your data" added is a new promise, not a sale
        return [f"sale or sharing of data mentioned: '{sale.group(0)}'"]
    return []


def _ages(text: str) -> set[int]:
    return {int(a or b) for a, b in _AGE.findall(text)}


def age_reasons(clause: ClauseChange) -> list[str]:
    """An age threshold (children's data) that changed: "under 18" → "under 13"."""
    if clause.kind != "modified":
        return []
    before, after = _ages(clause.old_text or ""), _ages(clause.new_text or "")
    if before and after and before != after:
        old, new = ", ".join(map(str, sorted(before))), ", ".join(map(str, sorted(after)))
        return [f"age threshold changed ({old} → {new})"]
    return []


_INFLECTION = re.compile(r"(?:ing|ed|es|s|e)$")


@functools.lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    return _INFLECTION.sub("", word)


def word_stems(text: str) -> list[str]:
    """The words of ``text``, lower-cased and stripped of inflection, in order."""
    return [_stem(w) for w in re.findall(r"[^\W_]+", text.lower().replace("’", "'"))]


def editorial_reason(clause: ClauseChange) -> str | None:
    """Why a change the diff counted as substantive is still editorial, or None.

    Two rules: only inflection, hyphenation or punctuation differ ("gathers" → "gather",
    "user provided" → "user-provided"); or only links and e-mail addresses changed (a typo fixed,
    an obfuscated address revealed, a link reference dropped).
    """
    if clause.kind == "modified":
        old, new = clause.old_text or "", clause.new_text or ""
        if word_stems(old) == word_stems(new):
            return "only grammar (inflection), hyphenation or punctuation changed"
        if word_stems(EMAIL.sub(" ", strip_markup(old))) == word_stems(EMAIL.sub(" ", strip_markup(new))):
            return "only a link or e-mail address changed"
    deleted, inserted = changed_text(clause)
    leftover = EMAIL.sub(" ", f"{deleted} {inserted}")
    if not re.search(r"[^\W_]", leftover):
        return "only a link or e-mail address changed"
    return None
