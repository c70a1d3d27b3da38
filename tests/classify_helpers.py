"""Own passages through the public pipeline, as the labelled-set benchmark runs them: a Markdown
document per version (a title, an intro paragraph, one section), ``extract`` →
``diff_documents`` → ``classify``; the topic-tag tests of each round share these."""

from __future__ import annotations

from tracker.classify import classify
from tracker.diff import diff_documents
from tracker.extract import extract
from tracker.models import ClauseChange, DocumentRef, PolicyDocument

TITLES = {"en": "Privacy Policy", "fr": "Politique de confidentialité", "de": "Datenschutzerklärung"}
# an intro paragraph in each language, for tests whose passages need no intro of their own
INTRO = {
    "en": "This page describes how we handle personal data.",
    "fr": "Cette page décrit la manière dont nous traitons les données personnelles.",
    "de": "Diese Seite beschreibt, wie wir mit personenbezogenen Daten umgehen.",
}


def one_section_document(lang: str, intro: str, heading: str, paragraphs: list[str]) -> PolicyDocument:
    """A policy in ``lang`` with ``intro`` and one section ``heading`` holding ``paragraphs``."""
    body = "".join(f"\n\n{p}" for p in paragraphs)
    markdown = f"# {TITLES[lang]}\n\n{intro}\n\n## {heading}{body}\n"
    return extract(markdown.encode("utf-8"), "text/markdown")


def classified_clauses(lang: str, intro: str, heading: str, old: list[str], new: list[str]) -> list[ClauseChange]:
    """Every classified clause change between the two one-section versions."""
    before = one_section_document(lang, intro, heading, old)
    after = one_section_document(lang, intro, heading, new)
    diff = diff_documents(before, after, old_ref=DocumentRef("v1"), new_ref=DocumentRef("v2"), policy_id="own")
    return [clause for change in classify(diff, before, after).changes for clause in change.clauses]


def judged_clause(lang: str, heading: str, old: str, new: str) -> ClauseChange:
    """The one classified clause change of a one-section policy in ``lang`` (``INTRO`` before the
    section) in which ``old`` became ``new``."""
    (clause,) = classified_clauses(lang, INTRO[lang], heading, [old], [new])
    return clause


def clause_topics(lang: str, intro: str, heading: str, old: str, new: str) -> set[str]:
    """The topics of the clause changes from ``old`` to ``new`` ("" for an added or removed clause)."""
    clauses = classified_clauses(lang, intro, heading, [old] if old else [], [new] if new else [])
    assert clauses, (old, new)
    return {t for c in clauses for t in c.topics}
