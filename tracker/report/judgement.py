"""A change's judgement as the reports word it: a clause's own line ("material · Retention —
longer or new retention period (ten years)") and the section reasons no clause repeats. One owner
for the HTML, Markdown and terminal renderings."""

from __future__ import annotations

from tracker.classify import default_lexicon
from tracker.models import ClauseChange, SectionChange


def clause_topics(clause: ClauseChange) -> list[str]:
    """The labels of a clause change's own topics."""
    lexicon = default_lexicon()
    return [lexicon.label(topic) for topic in clause.topics]


def clause_judgement(clause: ClauseChange) -> str:
    """A clause change's own judgement in one line: "material · Retention — longer or new
    retention period (ten years)"."""
    head = " · ".join([clause.materiality or "unrated", *([", ".join(clause_topics(clause))] if clause.topics else [])])
    return head + (" — " + "; ".join(clause.reasons) if clause.reasons else "")


def section_reasons(change: SectionChange) -> tuple[str, ...]:
    """The reasons of a section change that none of its clause judgements repeats: a section's
    reasons are mostly its clauses', shown under each clause already."""
    given = {reason for clause in change.clauses if clause.materiality for reason in clause.reasons}
    return tuple(reason for reason in change.reasons if reason not in given)


def unchanged_sections(count: int) -> str:
    """ "8 sections unchanged", "1 section unchanged": the count the reports give after the summary."""
    return f"{count} section{'' if count == 1 else 's'} unchanged"
