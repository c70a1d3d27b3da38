"""The materiality rules of the classifier that need no lexicon: commitment shifts, sale of data,
retention periods, age thresholds, and the editorial rules (grammar-only, link-only changes).

Each rule looks at one clause change and returns human-readable reasons (empty when it does not
fire). ``tracker.classify.judge`` combines them with the other rule modules per clause.
"""

from __future__ import annotations

import functools
import html
import re

from tracker.classify.cessation import cessation_restated
from tracker.classify.language import LanguageRules, active
from tracker.classify.vocabulary import vocabulary
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
SENTENCE_END = re.compile(r"(?<=[.!?;])\s+")  # where one sentence of a clause ends and the next begins


@functools.lru_cache(maxsize=4096)
def strip_markup(text: str) -> str:
    """Policy words only: link targets, URLs, link references and e-mail placeholders removed,
    HTML character references read as the characters they stand for;
    a word disguised with look-alike letters read as the Latin word it imitates. (Remembered for
    recent texts: the rules read the same clause many times.)"""
    if "]" in text or "://" in text:  # every kind of markup above holds one or the other
        text = _MARKUP.sub(" ", text)
    if "&" in text and ";" in text:  # "Settings&gt; Privacy" is "Settings> Privacy" as a page shows it
        text = html.unescape(text)
    return fold_lookalikes(text)


# A list item's number or letter at the start of a clause: "5.1 ", "3.5. ", "(b) ", "iv) ". A bare
# number is not one ("30 days after ..." states a duration).
_ENUMERATOR = re.compile(r"^\s*(?:\(?(?:\d{1,3}(?:\.\d{1,3})+\.?|\d{1,3}[.)]|[a-z][.)]|[ivx]{1,4}[.)])|\(\d{1,3}\))\s+")


def unnumbered(text: str) -> str:
    """``text`` without the number or letter of the list item it opens ("5.1 For the purpose …" →
    "For the purpose …"): renumbering a clause while rewording it does not change a number it states."""
    return _ENUMERATOR.sub("", text, count=1)


# Names of statutes and bodies hold topic words that say nothing about a practice: "Children's
# Online Privacy Protection Act", "Data Protection Commission", "Data Privacy Framework".
NAMED = re.compile(
    r"\b(?:[A-Z][\w’'-]*\s+(?:(?:of|and|for|on)\s+)?){1,8}"
    r"(?:Act|Regulation|Directive|Code|Law|Principles|Commission|Authority|Officer|Framework)\b"
)


def neutral(text: str) -> str:
    """Policy words only, with the names of statutes and bodies taken out."""
    return NAMED.sub(" ", strip_markup(text))


def spelled_out(acronym: str, text: str) -> bool:
    """True when ``text`` spells out ``acronym`` ("dpd" → "Délégué à la Protection des Données")."""
    if not 2 <= len(acronym) <= 5 or not acronym.isalpha():
        return False
    initials = "".join(w[0] for w in re.findall(r"[^\W\d_]+", text) if w[0].isupper()).lower()
    return acronym.lower() in initials


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


def durations(text: str) -> list[int]:
    """Every duration in ``text``, in hours ("five years" → 43800), in the language being read."""
    return active().durations(text)


def negation(text: str) -> re.Match[str] | None:
    """The first negation in ``text`` ("not", "ne … pas", "nicht"), in the language being read."""
    return active().negation.search(text)


def commitment_reasons(clause: ClauseChange) -> list[str]:
    """Commitment shifts inside one modified clause: negation, modal, promise, "only", consent."""
    if clause.kind != "modified" or clause.old_text is None or clause.new_text is None:
        return []
    deleted, inserted = changed_text(clause)
    grammar = active()
    reasons: list[str] = []
    condition = grammar.condition.search(deleted)
    promise = grammar.promise.search(deleted)
    restated = promise is not None and _denial_restated(promise.group(0), clause)
    lost = []
    if condition is not None and not grammar.condition.search(clause.new_text) and not restated:
        lost.append(f"condition removed: '{condition.group(0)}'")
    if restriction_swapped(clause.old_text, clause.new_text):
        return lost  # "not ... unless" = "only ... if": the commitment is restated, not shifted
    denied = grammar.negation.search(deleted)
    denied = None if denied and cessation_restated(deleted, inserted) else denied  # "no longer use" = "stop using"
    if denied and not grammar.negation.search(inserted):
        reasons.append(f"commitment shift: negation removed ('{denied.group(0)}')")
    elif denied and not _denies(clause.new_text):
        # "we do not share it unless you agreed" → "we share it without your agreement": the only
        # negation left is the consent's, which now says how the practice happens, not that it does not
        reasons.append(f"commitment shift: negation removed ('{denied.group(0)}'); now done without the user's consent")
    elif (added := _negation_added(clause.old_text, clause.new_text, deleted, inserted)) is not None:
        reasons.append(f"commitment shift: negation added ('{added}')")
    strong = grammar.strong_modal.search(deleted)
    weak = grammar.weak_modal.search(inserted)
    if strong and weak and not grammar.strong_modal.search(inserted):
        reasons.append(f"commitment shift: '{strong.group(0)}' → '{weak.group(0)}'")
    if promise and not strong_in(inserted) and not reasons and not restated:
        reasons.append(f"commitment removed: '{promise.group(0).strip()[:80]}'")
    only = grammar.only.search(deleted)
    if only and not grammar.only.search(inserted):
        reasons.append(f"commitment shift: '{only.group(0)}' removed")
    return reasons + lost


def _denies(text: str) -> bool:
    """Whether ``text`` holds a negation other than one of the user's consent ("without your
    consent", « sans votre accord », „ohne Ihre Einwilligung“)."""
    return active().negation.search(vocabulary().consent_exceptions.sub(" ", strip_markup(text))) is not None


_FAMILY = 4  # letters a stem must have to stand for the longer words of its family ("agre" / "agreement")


def _denial_restated(promise: str, clause: ClauseChange) -> bool:
    """True when a negative promise ("we will not use your location for advertising unless you
    agree") is restated as a denial in other words ("without your agreement, your location is
    never used for advertising"): the new clause still denies, with as many negations, and every
    meaning-bearing word of the old clause (or one of its family) is still in it; the old
    exception ("unless") may be said by a negation of the new ("without")."""
    grammar = active()
    if not grammar.negation.search(promise):
        return False
    old, new = strip_markup(clause.old_text or ""), strip_markup(clause.new_text or "")
    denials_old, denials_new = len(grammar.negation.findall(old)), len(grammar.negation.findall(new))
    exceptions = vocabulary().exceptions
    if denials_new < denials_old or (denials_new > denials_old and not exceptions.search(old)):
        return False  # a denial fewer, or one more ("... without your consent") with no exception it restates
    said_anew = denials_new > denials_old or exceptions.search(new) is not None
    kept = _content_stems(new)
    long = [v for v in kept if len(v) >= _FAMILY]
    return all(
        w in kept
        or (said_anew and exceptions.fullmatch(w))
        or (len(w) >= _FAMILY and any(v.startswith(w) or w.startswith(v) for v in long))
        for w in _content_stems(old)
    )


def _content_stems(text: str) -> set[str]:
    """The stems of ``text`` without its function words, negations and modals (what
    ``paraphrase.meaning_words`` counts, which this module cannot import: paraphrase reads it)."""
    grammar, function_words = active(), vocabulary().function_words
    grammatical = (grammar.negation, grammar.strong_modal, grammar.weak_modal)
    return {
        stem
        for stem, raw in zip(word_stems(text), _words(text), strict=True)
        if raw not in function_words and not any(p.fullmatch(raw) for p in grammatical)
    }


def _negation_added(old: str, new: str, deleted: str, inserted: str) -> str | None:
    """The negation a modified clause gained ("we respond to …" → "we do not respond to …"), or
    None: one in the inserted words, none in the deleted ones, more in the new clause than in the
    old, in the policy's own voice (soon after "we", "nous", "wir": "N'oubliez pas que nous
    pouvons" denies nothing) and not a mere "without" ("sans", "ohne")."""
    grammar = active()
    found = grammar.negation.search(inserted)
    if not found or grammar.negation.search(deleted) or found.group(0).lower() in vocabulary().not_denials:
        return None
    if len(grammar.negation.findall(strip_markup(new))) <= len(grammar.negation.findall(strip_markup(old))):
        return None
    before, after = _own_denials(old), _own_denials(new)  # in the policy's own voice: "we do not …"
    return after[len(before)] if len(after) > len(before) else None


def _own_denials(text: str) -> list[str]:
    """The negations soon after "we" ("nous", "wir") in ``text``, "without" aside."""
    found = []
    for sentence in SENTENCE_END.split(strip_markup(text)):
        for subject in vocabulary().first_person.finditer(sentence):
            denials = active().negation.finditer(sentence[subject.end() : subject.end() + 50])
            found += [d.group(0) for d in denials if d.group(0).lower() not in vocabulary().not_denials]
    return found


def _counts(text: str) -> tuple[int, int]:
    grammar = active()
    return len(grammar.negation.findall(text)), len(grammar.only.findall(text))


def restriction_swapped(old: str, new: str) -> bool:
    """True when a denial with an exception became a restriction ("not ... unless" → "only ...
    if"), or a restriction a denial with an exception: one negation fewer and one "only" more
    (or the reverse), the exception on the side of the denial."""
    old, new = strip_markup(old), strip_markup(new)
    (neg_old, only_old), (neg_new, only_new) = _counts(old), _counts(new)
    exceptions = vocabulary().exceptions
    if neg_old > neg_new and only_new > only_old and exceptions.search(old):
        return neg_old - neg_new == only_new - only_old
    if neg_new > neg_old and only_old > only_new and exceptions.search(new):
        return neg_new - neg_old == only_old - only_new
    return False


def removed_promise_reasons(clause: ClauseChange, moved: bool) -> list[str]:
    """A whole clause that made a promise ("They shall not disclose …") removed, and not moved
    elsewhere in the policy."""
    if clause.kind != "removed" or moved:
        return []
    text = strip_markup(clause.old_text or "")
    promise = active().removed_promise.search(text)
    if not promise:
        return []
    return [f"commitment removed with its clause ('{promise.group(0)}'): '{text.strip()[:80]}'"]


def clause_words(text: str) -> frozenset[str]:
    """The set of words of a clause, to tell a clause moved elsewhere from one removed."""
    return frozenset(word_stems(strip_markup(text)))


def strong_in(text: str) -> bool:
    """True when ``text`` makes a firm commitment (will, shall, must, ...)."""
    return bool(active().strong_modal.search(text))


def retention_reasons(clause: ClauseChange) -> list[str]:
    """A longer or new retention period, or a period replaced by an open-ended one."""
    old, new = clause.old_text or "", clause.new_text or ""
    grammar = active()
    if clause.kind == "removed" or not grammar.retention_context.search(new):
        return []
    before, after = durations(old), durations(new)
    if after and (not before or max(after) > max(before)):
        return [f"longer or new retention period ({', '.join(m.group(0) for m in grammar.duration.finditer(new))})"]
    if before and not after and grammar.open_ended.search(new):
        return ["retention period replaced by an open-ended one"]
    return []


def sale_reasons(clause: ClauseChange) -> list[str]:
    """Sale (or "sharing" in the CCPA sense) of data mentioned anew, unless as a promise not to."""
    deleted, inserted = changed_text(clause)
    grammar = active()
    sale = grammar.sale.search(inserted)
    if sale and not grammar.sale.search(deleted):
        if grammar.negation.search(inserted if clause.kind == "modified" else clause.new_text or ""):
            return []  # "we do not sell your data" added is a new promise, not a sale
        return [f"sale or sharing of data mentioned: '{sale.group(0)}'"]
    return []


def age_reasons(clause: ClauseChange) -> list[str]:
    """An age threshold (children's data) that changed: "under 18" → "under 13"."""
    if clause.kind != "modified":
        return []
    before, after = active().ages(clause.old_text or ""), active().ages(clause.new_text or "")
    if before and after and before != after:
        old, new = ", ".join(map(str, sorted(before))), ", ".join(map(str, sorted(after)))
        return [f"age threshold changed ({old} → {new})"]
    return []


def word_stems(text: str) -> list[str]:
    """The Snowball stems of the words of ``text``, lower-cased, in order, in the language being read."""
    return list(_word_stems(active(), text))


@functools.lru_cache(maxsize=4096)
def _word_stems(rules: LanguageRules, text: str) -> tuple[str, ...]:
    words = _words(text)
    stemmed = {word: rules.stem(word) for word in set(words)}  # each word of the text stemmed once
    return tuple(map(stemmed.__getitem__, words))


_STEM_WORD = re.compile(r"[^\W_]+")


@functools.lru_cache(maxsize=4096)  # read by ``_same_stems`` and again by ``_word_stems`` for the same text
def _words(text: str) -> tuple[str, ...]:
    """The words ``word_stems`` stems, one stem each."""
    return tuple(_STEM_WORD.findall(text.lower().replace("’", "'")))


def _same_stems(old: str, new: str) -> bool:
    """``word_stems(old) == word_stems(new)``; texts of different word counts are not stemmed."""
    return len(_words(old)) == len(_words(new)) and word_stems(old) == word_stems(new)


def editorial_reason(clause: ClauseChange) -> str | None:
    """Why a change the diff counted as substantive is still editorial, or None.

    Two rules: only inflection, hyphenation or punctuation differ ("gathers" → "gather",
    "user provided" → "user-provided"); or only links and e-mail addresses changed (a typo fixed,
    an obfuscated address revealed, a link reference dropped).
    """
    if clause.kind == "modified":
        old, new = clause.old_text or "", clause.new_text or ""
        if _same_stems(old, new):
            return "only grammar (inflection), hyphenation or punctuation changed"
        if ("&" in old or "&" in new) and _same_stems(html.unescape(old), html.unescape(new)):
            return "only how characters are written changed (HTML character references)"
        if _same_stems(EMAIL.sub(" ", strip_markup(old)), EMAIL.sub(" ", strip_markup(new))):
            return "only a link or e-mail address changed"
    deleted, inserted = changed_text(clause)
    leftover = EMAIL.sub(" ", f"{deleted} {inserted}")
    if not re.search(r"[^\W_]", leftover):
        return "only a link or e-mail address changed"
    return None
