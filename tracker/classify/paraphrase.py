"""Rewording that keeps the meaning, recognised before any commitment or topic rule fires.

- **Paraphrase**: the old and new clause have the same meaning-bearing words (function words,
  connectives and word order aside), the same number of negations, of restrictive "only" words
  and the same strongest modal ("shall disclose no" = "shall not disclose any").
- **Text found elsewhere** (``DocumentText``): a clause removed while its text survives elsewhere
  in the new version (a duplicate dropped), a clause added whose text was already in the old
  version (split from a neighbour), a modified clause whose new words were a neighbour's (merged).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from difflib import SequenceMatcher

from tracker.classify.language import active
from tracker.classify.rules import NAMED, strip_markup, word_stems
from tracker.classify.vocabulary import vocabulary
from tracker.models import ClauseChange, PolicyDocument

# Connectives spelled as phrases: removed before the words are compared.
_CONNECTIVES = re.compile(
    r"\b(at the same time|in addition|as well as|for example|for instance|that is|in other words|such as)\b",
    re.IGNORECASE,
)
_GRAMMAR = {
    w for w in ("not", "no", "never", "only", "solely", "will", "shall", "must", "may", "might", "can", "could")
}


def meaning_words(text: str) -> Counter[str]:
    """Stems of the words that carry meaning: no function words, connectives, negations or modals
    (those are compared separately), numbers kept."""
    words = word_stems(_CONNECTIVES.sub(" ", strip_markup(text)))
    skip = {*word_stems(" ".join(vocabulary().function_words)), *word_stems(" ".join(_GRAMMAR))}
    negations = active().negation
    return Counter(w for w in words if w not in skip and not negations.fullmatch(w))


def _polarity(text: str) -> tuple[int, ...]:
    """How many negations, restrictive "only" words, firm and weak modals ``text`` holds."""
    text, grammar = strip_markup(text), active()
    patterns = (grammar.negation, grammar.only, grammar.strong_modal, grammar.weak_modal)
    return tuple(sum(1 for _ in p.finditer(text)) for p in patterns)


def paraphrase_reason(clause: ClauseChange) -> str | None:
    """Why a modified clause is a rewording with the same meaning, or None."""
    if clause.kind not in {"modified", "moved"} or not clause.old_text or not clause.new_text:
        return None
    old, new = clause.old_text, clause.new_text
    if set(meaning_words(old)) != set(meaning_words(new)) or _polarity(old) != _polarity(new):
        return None
    return "reworded with the same meaning-bearing words, negations and modality"


# Words that only introduce a citation: "in accordance with", "consistent with", "as required by".
_CITING = frozenset((
    "accordance", "consistent", "line", "pursuant", "required", "require", "compliance", "comply", "complies",
    "applicable", "law", "laws", "relevant", "statutory", "regulation", "regulations", "under",
))  # fmt: skip


def citation_reason(clause: ClauseChange) -> str | None:
    """Why a modified clause only gained or lost a reference to a statute, or None ("..., and
    consistent with the Children's Online Privacy Protection Act, we do not ...")."""
    if clause.kind != "modified":
        return None
    runs = [(w.op, meaning_words(NAMED.sub(" ", w.text))) for w in clause.words if w.op != "equal"]
    named = any(NAMED.search(w.text) for w in clause.words if w.op != "equal")
    citing = set(word_stems(" ".join(_CITING)))
    if not named or any(set(words) - citing for _, words in runs):
        return None
    return "only a reference to a statute or authority added or removed"


_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+")


_DIGIT_DATE = re.compile(r"\b\d{1,4}[./-]\d{1,2}[./-]\d{1,4}\b|\b(?:19|20)\d{2}\b")
_DAY = re.compile(r"\b\d{1,2}(?:st|nd|rd|th|er|\.)?(?!\w)")


def date_reason(clause: ClauseChange) -> str | None:
    """Why a modified clause stating the policy's own date ("last updated", "s'applique à partir
    de") only changed that date, or None."""
    if clause.kind != "modified" or not vocabulary().policy_date.search(clause.new_text or ""):
        return None
    runs = [strip_markup(w.text) for w in clause.words if w.op != "equal"]
    months = vocabulary().months
    if not any(_DIGIT_DATE.search(r) or months.search(r) for r in runs):
        return None
    rest = [months.sub(" ", _DAY.sub(" ", _DIGIT_DATE.sub(" ", r))) for r in runs]
    if any(meaning_words(r) for r in rest):
        return None
    return "only the policy's own date changed"


def _typo(old: str, new: str) -> bool:
    """One word respelled by a letter or two: same length give or take one, same first and last
    two letters, nearly the same letters ("abbestellen" / "abbestelen", "recieve" / "receive")."""
    return (
        min(len(old), len(new)) >= 6
        and abs(len(old) - len(new)) <= 1
        and old[:2] == new[:2]
        and old[-2:] == new[-2:]
        and SequenceMatcher(None, old, new).ratio() >= 0.85
    )


def typo_reason(clause: ClauseChange) -> str | None:
    """Why a modified clause only had words misspelt or corrected, or None."""
    if clause.kind != "modified":
        return None
    deleted = [w.lower() for r in clause.words if r.op == "delete" for w in re.findall(r"[^\W\d_]+", r.text)]
    inserted = [w.lower() for r in clause.words if r.op == "insert" for w in re.findall(r"[^\W\d_]+", r.text)]
    if not deleted or len(deleted) != len(inserted) or not all(map(_typo, deleted, inserted)):
        return None
    return "only the spelling of a word changed"


def _flat(text: str) -> str:
    return " " + " ".join(re.findall(r"[^\W_]+", strip_markup(text).casefold())) + " "


@dataclass(frozen=True)
class DocumentText:
    """The whole text of both versions, flattened to words, to find a clause's text elsewhere."""

    old: str = ""
    new: str = ""
    headings: frozenset[str] = frozenset()

    @classmethod
    def of(cls, old: PolicyDocument | None, new: PolicyDocument | None) -> DocumentText:
        """Both documents' clause texts (empty when a document is not given), and their titles
        and headings."""
        flat = [_flat(" ".join(c.text for s in d.sections for c in s.clauses)) if d else "" for d in (old, new)]
        headings = {_flat(h) for d in (old, new) if d for h in (d.title or "", *(s.heading for s in d.sections))}
        return cls(flat[0], flat[1], frozenset(headings - {"  "}))

    def found_elsewhere(self, clause: ClauseChange) -> str | None:
        """Why this clause change only moves text the policy holds anyway, or None."""
        if clause.kind in {"added", "removed"} and _flat(clause.new_text or clause.old_text or "") in self.headings:
            return f"clause {clause.kind}, but it only repeats the policy's title or a heading"
        if clause.kind == "removed" and self._in(clause.old_text, self.new):
            return "clause removed, but its text remains elsewhere in the policy (a duplicate dropped)"
        if clause.kind == "added" and self._in(clause.new_text, self.old):
            return "clause added, but its text was already in the policy (split from a neighbour)"
        if clause.kind == "modified" and any(w.op != "equal" and meaning_words(w.text) for w in clause.words):
            inserted = all(self._run_found(w.text, self.old) for w in clause.words if w.op == "insert")
            deleted = all(self._run_found(w.text, self.new) for w in clause.words if w.op == "delete")
            if inserted and deleted:
                return "text merged with or split from a neighbouring clause; no wording of its own changed"
        return None

    @classmethod
    def _run_found(cls, run: str, document: str) -> bool:
        """A run of changed words carries no meaning, or is a long run found in ``document``."""
        return not meaning_words(run) or (len(_flat(run).split()) >= 6 and cls._in(run, document))

    @staticmethod
    def _in(text: str | None, document: str) -> bool:
        """The text (at least four words) is in ``document``, whole or sentence by sentence."""
        flat = _flat(text or "")
        if len(flat.split()) < 4:
            return False
        sentences = [_flat(s) for s in _SENTENCE_END.split(text or "")]
        return flat in document or all(s in document for s in sentences if s.strip())
