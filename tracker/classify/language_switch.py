"""The language of each version of a diff, and the two cases where it decides the outcome.

- ``document_languages(diff, old, new)``: the language of the old and of the new version
  (``document_language(document)``: of one).
- ``language_switch(diff, old_lang, new_lang)``: a policy that changed language between versions
  (a French policy replaced by its English translation) is one record, "the language changed",
  rated ``review``, instead of every clause removed and every clause added.
- ``unsupported_language(change, rules)``: in a language the classifier does not read, a change
  is never ``material``: anything but an editorial change is ``review`` with the reason
  "language not supported", and no topic is guessed from words the lexicon cannot read.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from tracker.classify.language import SAMPLE_CHARS, UNSUPPORTED_REASON, LanguageRules, detect_language, language_name
from tracker.models import ClauseChange, DiffResult, PolicyDocument, SectionChange, WordDiff

LANGUAGE_CHANGED_FLAG = "language_changed"
_OPENING_CHARS = 400  # how much of each version the language-change record quotes


def _document_text(document: PolicyDocument) -> str:
    """The document's title, headings and clauses, one a line, as far as ``detect_language``
    reads (``SAMPLE_CHARS``): joining a long policy's every clause only to cut them off was the
    larger part of reading its language."""
    parts: list[str] = []
    size = -1  # the joined length: a newline before every part but the first
    for part in _parts(document):
        if part:
            parts.append(part)
            size += len(part) + 1
            if size >= SAMPLE_CHARS:
                break
    return "\n".join(parts)


def _parts(document: PolicyDocument) -> Iterator[str]:
    yield document.title or ""
    for section in document.sections:
        yield section.heading
        yield from (clause.text for clause in section.clauses)


def document_language(document: PolicyDocument) -> str:
    """The language code of one version of a policy (its title, headings and clauses)."""
    return detect_language(_document_text(document))


def document_languages(
    diff: DiffResult, old: PolicyDocument | None = None, new: PolicyDocument | None = None
) -> tuple[str, str]:
    """The language codes of the old and the new version: from the documents when given, else
    from the text of the changes (what the diff holds of each version)."""
    old_text = _document_text(old) if old else "\n".join(c.old_text or "" for c in diff.changes)
    new_text = _document_text(new) if new else "\n".join(c.new_text or "" for c in diff.changes)
    return detect_language(old_text), detect_language(new_text)


def _opening(diff: DiffResult, side: str) -> str:
    texts = [getattr(c, f"{side}_text") or "" for c in diff.changes]
    text = " ".join(" ".join(t.split()) for t in texts if t)
    return text[:_OPENING_CHARS] + ("…" if len(text) > _OPENING_CHARS else "")


def language_switch(diff: DiffResult, old_lang: str, new_lang: str) -> DiffResult | None:
    """The diff as one "language changed" record when the two versions are in different
    languages (None when they are not, or nothing changed)."""
    if old_lang == new_lang or not diff.changes:
        return None
    old_name, new_name = language_name(old_lang), language_name(new_lang)
    reason = (
        f"the policy's language changed from {old_name} to {new_name}: its clauses are not compared word by word "
        f"({len(diff.changes)} section changes folded into this record); read both versions"
    )
    old_opening, new_opening = _opening(diff, "old"), _opening(diff, "new")
    redline = (WordDiff("delete", old_opening), WordDiff("insert", new_opening))  # shown struck / inserted
    clause = ClauseChange("modified", old_opening, new_opening, words=redline, materiality="review", reasons=(reason,))
    record = SectionChange(
        kind="modified", old_section_id=None, new_section_id=None,
        old_heading=f"Whole policy ({old_name})", new_heading=f"Whole policy ({new_name})",
        old_position=0, new_position=0, old_text=clause.old_text, new_text=clause.new_text, clauses=(clause,),
        materiality="review", reasons=(reason,), note=f"language changed: {old_name} → {new_name}",
    )  # fmt: skip
    flags = (*(f for f in diff.flags if f != LANGUAGE_CHANGED_FLAG), LANGUAGE_CHANGED_FLAG)
    return replace(diff, changes=(record,), flags=flags, structure=())


def _unsupported_reason(rules: LanguageRules) -> str:
    return f"{UNSUPPORTED_REASON}: {rules.name} ({rules.code}); no materiality rule reads it — read it"


def _review_clause(clause: ClauseChange, reason: str) -> ClauseChange:
    if clause.materiality in (None, "editorial"):
        return clause
    return replace(clause, materiality="review", topics=(), reasons=(reason,))


def unsupported_language(change: SectionChange, rules: LanguageRules) -> SectionChange:
    """``change`` as the classifier may rate it in ``rules``' language: unchanged for a supported
    language or an editorial change, else ``review`` with the reason "language not supported"."""
    if rules.supported or change.materiality == "editorial":
        return change
    reason = _unsupported_reason(rules)
    clauses = tuple(_review_clause(c, reason) for c in change.clauses)
    return replace(change, materiality="review", topics=(), reasons=(reason,), clauses=clauses)
