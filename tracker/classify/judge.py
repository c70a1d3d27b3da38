"""What changed, and does it matter: every clause change judged on its own, sections summed up.

Transparent rules only (docs/classification.md lists them all). Per clause change:

1. **editorial** when the diff found it editorial, only inflection, links or a shown e-mail's
   link target changed (``rules.editorial_reason``), it is a paraphrase with the same
   meaning-bearing words, negations and modality, or its text only moved: a duplicate dropped
   while the text remains elsewhere, a split from or merge with a neighbour (``paraphrase``), a
   promise restated in another tense (``tense``), the reader or the company named another way
   (``person``);
2. **material** when a rule fires: commitment shifts, sale, retention, age thresholds, removed
   promises (``rules``); responsible parties and contact details, postal addresses (``parties``); new
   commitments, rights, purposes and regional scope (``scope``); the lexicon's topic rules
   (``topics``);
3. **review** otherwise (unsure → review: missing a material change is the costly error).

A section's materiality is the highest of its clauses', its topics their union. Whole-diff
flags: ``silent_change`` (a material change while the policy's "last updated" date did not move),
``stale_date`` (the date moved, nothing else did), ``lookalike_characters``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace

from tracker.budget import spend
from tracker.classify.address import formal
from tracker.classify.captions import caption_reason
from tracker.classify.conditions import condition_reasons
from tracker.classify.consent_model import consent_model_reasons
from tracker.classify.contents_entries import contents_entry_reason
from tracker.classify.hunks import every_edit_editorial
from tracker.classify.language import DEFAULT_LANGUAGE, rules_for, use
from tracker.classify.language_switch import document_languages, language_switch, unsupported_language
from tracker.classify.lawful_basis import lawful_basis_reasons
from tracker.classify.lexicon import Lexicon, clear_match_caches, default_lexicon
from tracker.classify.light import (
    acronym_reason,
    date_line_reason,
    example_reason,
    minor_rewording_reason,
)
from tracker.classify.members import list_member_reasons
from tracker.classify.merge import merge_reason
from tracker.classify.paraphrase import (
    citation_reason,
    cross_reference_reason,
    date_reason,
    paraphrase_reason,
    typo_reason,
)
from tracker.classify.parties import emails_changed, party_reasons, party_restated
from tracker.classify.periods import period_reasons, period_spelling_reason
from tracker.classify.person import reader_reason, self_name_reason
from tracker.classify.pointers import pointed_title_reason, pointer_reason
from tracker.classify.references import renamed_reference_reason
from tracker.classify.restriction import consent_exception_reason, restriction_paraphrase_reason
from tracker.classify.rules import (
    age_reasons,
    commitment_reasons,
    editorial_reason,
    lookalike_reason,
    removed_promise_reasons,
    retention_reasons,
    sale_reasons,
)
from tracker.classify.scope import lost_right_reasons, new_commitment_reasons, purpose_reasons, region_reasons
from tracker.classify.shift import meaning_shift
from tracker.classify.spelling_forms import doubled_word_reason, inclusive_spelling_reason
from tracker.classify.surface import rejoined_line_reason, same_letters_reason, stamp_reason
from tracker.classify.tense import tense_reason
from tracker.classify.topics import Context, clause_tags, subject_of, topic_reasons
from tracker.models import ClauseChange, DiffResult, Materiality, PolicyDocument, SectionChange, TopicTag

MATERIALITY_ORDER = {"editorial": 0, "review": 1, "material": 2}
_CLAUSE_RULES: tuple[Callable[[ClauseChange], list[str]], ...] = (
    commitment_reasons, retention_reasons, sale_reasons, age_reasons, party_reasons,
    new_commitment_reasons, lost_right_reasons, purpose_reasons, region_reasons, condition_reasons,
    consent_model_reasons, lawful_basis_reasons,
)  # fmt: skip


_EDITORIAL_RULES: tuple[Callable[[ClauseChange], str | None], ...] = (
    same_letters_reason, paraphrase_reason, restriction_paraphrase_reason, consent_exception_reason,
    citation_reason, date_reason, typo_reason, cross_reference_reason, date_line_reason, example_reason,
    acronym_reason, stamp_reason, tense_reason, reader_reason, period_spelling_reason, merge_reason,
    doubled_word_reason, inclusive_spelling_reason, renamed_reference_reason, pointed_title_reason,
)  # fmt: skip
# The editorial rules that read meaning: refused on a clause whose small edit shifts it (``shift``).
# (``period_spelling_reason`` is not one: the shift it would be refused for is the period's spelling
# itself, and it compares negations and modals the way ``paraphrase_reason`` does.)
_READS_MEANING = frozenset((
    paraphrase_reason, restriction_paraphrase_reason, consent_exception_reason, typo_reason, tense_reason,
    reader_reason, merge_reason, renamed_reference_reason,
))  # fmt: skip


def _editorial_reason(clause: ClauseChange, context: Context, lexicon: Lexicon, heading: str = "") -> str | None:
    """Why this clause change is editorial, or None (a bare move, a diff-editorial edit, ...)."""
    if clause.kind == "moved" and not any(w.op != "equal" for w in clause.words):
        return "clause moved without a change of wording"
    if clause.editorial:
        return "only punctuation, case, numbering or spelling changed"
    judged = replace(clause, kind="modified") if clause.kind == "moved" else clause
    if not emails_changed(judged) and (reason := editorial_reason(judged)):
        return reason
    shifted = meaning_shift(judged) is not None
    for rule in _EDITORIAL_RULES:
        if not (shifted and rule in _READS_MEANING) and (reason := rule(judged)):
            return reason
    if reason := context.documents.found_elsewhere(judged):
        return reason
    if shifted:
        return None
    return pointer_reason(judged, lexicon, heading) or self_name_reason(judged, context.documents.own_names())


def _in_a_list(clause: ClauseChange, change: SectionChange, context: Context) -> bool:
    """The added or removed clause is a list item or a table row: a member of a list of data,
    recipients or purposes ("Browser and device type" under "Information we collect"), not a caption."""
    if clause.kind == "added":
        kind = context.documents.clause_kind(1, change.new_section_id, clause.new_index)
    else:
        kind = context.documents.clause_kind(0, change.old_section_id, clause.old_index)
    return kind in {"list_item", "table_row"}


def _minor_edits(
    clause: ClauseChange, change: SectionChange, context: Context, lexicon: Lexicon, heading: str
) -> str | None:
    """Why a clause no materiality rule fired on is editorial after all: a minor rewording, a
    caption added or removed that is no list item or table row (``captions``), or edits in
    several places each editorial on its own (``hunks``)."""
    if meaning_shift(clause) is None and (minor := minor_rewording_reason(clause, lexicon)):
        return minor
    if not _in_a_list(clause, change, context) and (caption := caption_reason(clause)):
        return caption
    judged = replace(clause, kind="modified") if clause.kind == "moved" else clause
    return every_edit_editorial(
        judged,
        lambda edit: (
            _editorial_reason(edit, context, lexicon, heading)
            or (meaning_shift(edit) is None and minor_rewording_reason(edit, lexicon) or None)
        ),
    )


def _material_reasons(
    clause: ClauseChange, change: SectionChange, in_list: bool, context: Context, lexicon: Lexicon, topical: bool
) -> list[str]:
    judged = replace(clause, kind="modified") if clause.kind == "moved" else clause
    moved = context.moved(judged)
    reasons: list[str] = []
    if not moved:
        counterparts = _counterparts(judged, change)
        for rule in _CLAUSE_RULES:
            fired = _fired(rule, judged, counterparts)
            if not (fired and rule is party_reasons and party_restated(judged, counterparts)):
                reasons += fired  # a party's line the diff cut in two names no new party
    reasons += removed_promise_reasons(judged, moved)
    if not moved:
        heading = subject_of(change.heading)
        reasons += list_member_reasons(judged, lexicon)
        reasons += period_reasons(judged, topical)
        reasons += topic_reasons(judged, heading, in_list, lexicon, _neighbours(change))
    return reasons


def _fired(rule: Callable[[ClauseChange], list[str]], clause: ClauseChange, counterparts: list[str]) -> list[str]:
    """What ``rule`` says of the clause; the one clause added where one was removed from its
    section (a clause rewritten into a removed and an added one: "… basé sur un système de
    recommandation" → "… utilise des systèmes de recommandation algorithmique") names a purpose
    anew only if the removed one did not name it. In a larger rewrite each added clause is read
    alone: a purpose one removed clause named is not thereby named in every added one."""
    if rule is purpose_reasons and clause.kind == "added" and len(counterparts) == 1:
        return rule(replace(clause, old_text=counterparts[0]))
    return rule(clause)


def _counterparts(clause: ClauseChange, change: SectionChange) -> list[str]:
    """The texts of the clauses removed from the section, for the one clause added to it, or added
    to it, for the one clause removed from it (empty for any other clause, and in a section that
    gained or lost several: a rewrite whose lines cannot be paired by their count)."""
    if clause.kind == "added" and sum(c.kind == "added" for c in change.clauses) == 1:
        return [c.old_text or "" for c in change.clauses if c.kind == "removed"]
    if clause.kind == "removed" and sum(c.kind == "removed" for c in change.clauses) == 1:
        return [c.new_text or "" for c in change.clauses if c.kind == "added"]
    return []


def _neighbours(change: SectionChange) -> tuple[str, str]:
    """The text of the clauses removed from and added to one section."""
    removed = " ".join(c.old_text or "" for c in change.clauses if c.kind == "removed")
    added = " ".join(c.new_text or "" for c in change.clauses if c.kind == "added")
    return removed, added


def judge_clause(
    clause: ClauseChange, change: SectionChange, lexicon: Lexicon | None = None, context: Context | None = None
) -> ClauseChange:
    """One clause change with its own materiality, topics and reasons filled in."""
    return _judge(clause, change, lexicon or default_lexicon(), context or Context())[0]


def _judge(
    clause: ClauseChange, change: SectionChange, lexicon: Lexicon, context: Context
) -> tuple[ClauseChange, dict[str, list[str]]]:
    judged, tags = _judge_formal(formal(clause), change, lexicon, context)
    return replace(clause, materiality=judged.materiality, topics=judged.topics, reasons=judged.reasons), tags


def _judge_formal(
    clause: ClauseChange, change: SectionChange, lexicon: Lexicon, context: Context
) -> tuple[ClauseChange, dict[str, list[str]]]:
    heading = subject_of(" ".join(h for h in (change.old_heading, change.new_heading) if h))
    headings = tuple(subject_of(h) for h in (change.old_heading, change.new_heading) if h)
    tags = clause_tags(clause, heading, lexicon, headings)
    materiality: Materiality
    reason = "only punctuation, case, numbering or spelling changed" if change.editorial else None
    reason = reason or _editorial_reason(clause, context, lexicon, heading)
    reason = reason or contents_entry_reason(clause, change, context.documents.headings)
    reason = reason or rejoined_line_reason(clause, change.old_text, change.new_text)
    if reason:
        materiality, reasons = "editorial", [reason]
    else:
        in_list = clause.kind == "added" and change.kind != "added"
        reasons = _material_reasons(clause, change, in_list, context, lexicon, bool(tags))
        materiality = "material" if reasons else "review"
        if not reasons and (minor := _minor_edits(clause, change, context, lexicon, heading)):
            materiality, reasons = "editorial", [minor]
        elif not reasons:
            what = f"clause {clause.kind}" if clause.kind in {"added", "removed"} else "wording changed"
            what += f" ({shift})" if (shift := meaning_shift(clause)) else ""  # why it is not editorial
            reasons = [f"{what}; no materiality rule fired — read it"]
    if lookalike := lookalike_reason(clause):  # a disguised word is never a mere edit: a person must read it
        reasons.append(lookalike)
        materiality = "review" if materiality == "editorial" else materiality
    judged = replace(clause, materiality=materiality, topics=tuple(tags), reasons=tuple(dict.fromkeys(reasons)))
    return judged, tags


def _section_without_clauses(change: SectionChange) -> tuple[Materiality, str]:
    if change.kind == "moved":
        return "editorial", "section moved without a change of wording"
    if change.kind == "renamed":
        return "editorial", "heading changed without a change of wording"
    if change.kind in {"added", "removed"} and not change.editorial:
        return "review", f"section {change.kind}; no materiality rule fired — read it"
    return "editorial", "only punctuation, case, numbering or spelling changed"


def classify_change(
    change: SectionChange, lexicon: Lexicon | None = None, *, context: Context | None = None
) -> SectionChange:
    """One section change with every clause judged; the section's materiality is the highest of
    its clauses', its topics their union (with the words that fired each), its reasons theirs."""
    lexicon, context = lexicon or default_lexicon(), context or Context()
    judged = [_judge(c, change, lexicon, context) for c in change.clauses]
    clauses = tuple(clause for clause, _ in judged)
    tags: dict[str, list[str]] = {}
    for _, clause_tags_ in judged:
        for name, words in clause_tags_.items():
            tags.setdefault(name, [])
            tags[name] += [w for w in words if w not in tags[name]]
    if clauses:
        materiality = max((c.materiality or "review" for c in clauses), key=MATERIALITY_ORDER.__getitem__)
        reasons = [r for c in clauses for r in c.reasons if c.materiality == materiality]
    else:
        materiality, reason = _section_without_clauses(change)
        reasons = [reason]
    if (lookalike := lookalike_reason(change)) and lookalike not in reasons:
        reasons.append(lookalike)
    topics = tuple(TopicTag(name, tuple(words)) for name, words in tags.items())
    return replace(
        change, clauses=clauses, topics=topics, materiality=materiality, reasons=tuple(dict.fromkeys(reasons))
    )


def _spent(change: SectionChange) -> SectionChange:
    spend()  # each change classified counts against the policy's time budget
    return change


def classify(
    diff: DiffResult,
    old: PolicyDocument | None = None,
    new: PolicyDocument | None = None,
    *,
    lexicon: Lexicon | None = None,
) -> DiffResult:
    """The diff with every clause change judged, every section rated, and the flags set.

    The rules read the new version's language (``tracker.classify.language``); a policy that
    changed language is one "language changed" record, and in a language the rules do not read
    nothing is rated material (``tracker.classify.language_switch``)."""
    clear_match_caches()
    old_lang, new_lang = document_languages(diff, old, new)
    switched = language_switch(diff, old_lang, new_lang)
    rules = rules_for(new_lang)
    lexicon = lexicon or default_lexicon(rules.code if rules.supported else DEFAULT_LANGUAGE)
    if switched is not None:
        diff, changes = switched, switched.changes  # already rated: there is nothing the rules can compare
    else:
        with use(rules):
            context = Context.of(diff, old, new)
            changes = tuple(
                unsupported_language(_spent(classify_change(c, lexicon, context=context)), rules) for c in diff.changes
            )
    old_date = diff.old.last_updated or (old.last_updated if old else None)
    new_date = diff.new.last_updated or (new.last_updated if new else None)
    date_moved = diff.date_changed or (old_date != new_date)
    flags = [f for f in diff.flags if f not in {"silent_change", "stale_date", "lookalike_characters"}]
    # a policy that states no date cannot be caught not moving it
    if any(c.materiality == "material" for c in changes) and not date_moved and new_date:
        flags.append("silent_change")
    if date_moved and not any(c.materiality in {"material", "review"} for c in changes):
        flags.append("stale_date")
    if any(lookalike_reason(c) for c in changes):
        flags.append("lookalike_characters")
    return replace(diff, changes=changes, flags=tuple(flags), date_changed=date_moved)


def highest_materiality(diff: DiffResult) -> str | None:
    """The most serious materiality among the changes, or None when there are none."""
    rated = [c.materiality for c in diff.changes if c.materiality]
    return max(rated, key=lambda m: MATERIALITY_ORDER[m]) if rated else None


SUMMARY_TOPICS = 6  # topics a summary names before it says "... and N more"


def _named(labels: Iterable[str]) -> str:
    """Every label, or the first ``SUMMARY_TOPICS`` and "and N more"."""
    shown = list(labels)
    if len(shown) <= SUMMARY_TOPICS:
        return ", ".join(shown)
    return ", ".join(shown[:SUMMARY_TOPICS]) + f" and {len(shown) - SUMMARY_TOPICS} more"


def _substantive_topics(change: SectionChange) -> list[str]:
    """The topics a section change is about for a reader of its summary: those of its clauses
    that are not editorial (a typo fixed beside a new retention period does not make the
    change one about collection); the section's own when none of its clauses is rated."""
    rated = [c for c in change.clauses if c.materiality]
    if not rated:
        return [t.topic for t in change.topics]
    return list(dict.fromkeys(t for c in rated if c.materiality != "editorial" for t in c.topics))


def changed_topics(diff: DiffResult) -> list[str]:
    """The topics a reader is told changed, in order: those of every change that is not editorial
    (of its clauses that are not editorial), the ones ``summarize`` names."""
    kept = (c for c in diff.changes if c.materiality != "editorial")
    return list(dict.fromkeys(t for c in kept for t in _substantive_topics(c)))


def summarize(diff: DiffResult, lexicon: Lexicon | None = None) -> str:
    """One line such as "3 changes: 2 material (sharing, retention), 1 editorial", naming every
    topic of the material and review changes (past six: "... and N more"); a change's topics are
    those of its clauses that are not editorial."""
    lexicon = lexicon or default_lexicon()
    if not diff.changes:
        return "no changes" + (" (only the policy's date moved)" if diff.date_changed else "")
    parts = []
    for level in ("material", "review", "editorial"):
        group = [c for c in diff.changes if c.materiality == level]
        if not group:
            continue
        topics = list(dict.fromkeys(t for c in group for t in _substantive_topics(c)))
        label = _named(lexicon.label(t).lower() for t in topics)
        parts.append(f"{len(group)} {level}" + (f" ({label})" if label and level != "editorial" else ""))
    unrated = [c for c in diff.changes if not c.materiality]
    if unrated:
        parts.append(f"{len(unrated)} unrated")
    total = len(diff.changes)
    return f"{total} change{'s' if total != 1 else ''}: " + ", ".join(parts)
