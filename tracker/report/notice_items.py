"""What a notice says about each change: one plain sentence per changed clause, with its text.

- Material clauses become ``NoticeItem``s for users, grouped by topic: one sentence each ("We
  changed a passage on who we share your data with (in “Sharing”)."), the text before and
  after for a modified clause, the new text of an added one, the old text of a removed one. A
  clause whose negation was removed ("shall not disclose" → "may disclose") is said as a
  reversal of a commitment.
- Clauses rated ``review`` become items for the person drafting the notice only (with the
  classifier's reasons); they are never described to users.
- Editorial clauses (grammar, punctuation, links, dates) are left out.

Each clause is judged by its own ``materiality``/``topics``/``reasons`` when the classifier
filled them; a clause without them takes its section's. The commitment and editorial rules read
the language made active with ``tracker.classify.language.use`` (``draft_notices`` does).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from tracker.classify.rules import commitment_reasons, editorial_reason
from tracker.models import ClauseChange, DiffResult, SectionChange
from tracker.report.notice_text import notice_text, topic_label, topic_phrase

# When a change touches several topics, it is filed under the most specific one.
TOPIC_PRIORITY = (
    "children", "cross_border_transfers", "third_party_sharing", "data_retention", "user_access",
    "user_choice", "cookies_tracking", "data_security", "legal_basis", "do_not_track",
    "first_party_collection", "policy_change", "international_audiences", "contact",
)  # fmt: skip
# reasons that mean a change adds a practice or a purpose (consent by continued use is not enough)
_ADDS_PURPOSE = ("new text on", "new entry under", "sale or sharing")
_REVERSAL = "negation removed"


@dataclass(frozen=True)
class NoticeItem:
    """One change in plain words: its sentence, and the text to quote.

    ``before``/``after`` are the clause's old and new text (``before`` only for a modified or
    removed clause, ``after`` only for a modified or added one). ``quotes`` (new text) and
    ``removed`` (text taken out) say the same for templates that predate them."""

    section: str
    what: str
    quotes: tuple[str, ...]
    removed: tuple[str, ...]
    kind: str = "modified"
    topic: str = "other"
    before: str | None = None
    after: str | None = None
    reversal: bool = False
    reasons: tuple[str, ...] = ()


@dataclass(frozen=True)
class NoticeGroup:
    """Material changes on one topic."""

    topic: str
    label: str
    items: tuple[NoticeItem, ...]


def _primary_topic(names: tuple[str, ...], reasons: tuple[str, ...]) -> str:
    if not names:
        return "other"
    said = " ".join(reasons).lower()
    cited = [n for n in names if topic_label(n, "en").lower() in said]
    pool = cited or list(names)
    return min(pool, key=lambda n: TOPIC_PRIORITY.index(n) if n in TOPIC_PRIORITY else len(TOPIC_PRIORITY))


def _judgement(clause: ClauseChange, change: SectionChange) -> tuple[str | None, tuple[str, ...], tuple[str, ...]]:
    """(materiality, topic names, reasons) of one clause: its own when classified, else its
    section's (a clause the editorial rules pass stays editorial, whatever its section is)."""
    if clause.materiality is not None:
        return clause.materiality, clause.topics, clause.reasons
    if clause.editorial or (change.materiality != "editorial" and editorial_reason(clause)):
        return "editorial", (), ()
    return change.materiality, tuple(t.topic for t in change.topics), change.reasons


def _reverses(clause: ClauseChange) -> bool:
    """True when the clause's own edit removed a negation ("shall not disclose" → "may disclose")."""
    own = clause.reasons if clause.materiality is not None else tuple(commitment_reasons(clause))
    return any(_REVERSAL in r for r in own)


# the sentences that say where a passage is: for text before the first heading, "in the opening of
# the policy" instead of a quoted empty heading
_LOCATED = frozenset({"added", "removed", "modified", "reversal"})


def _sentence(key: str, topic: str, section: str, lang: str) -> str:
    """The sentence ``key`` (added, removed, modified, moved, reversal, new_section,
    removed_section) about ``topic``, or its ``_plain`` form for a change on no topic."""
    text = notice_text(lang)
    template = str(text[key + "_plain" if topic == "other" else key])
    if not section:  # the text before the policy's first heading
        if key in _LOCATED:
            template = template.replace(str(text["section_quoted"]), str(text["opening"]))
        else:
            section = str(text["opening_label"])
    return template.format(topic=topic_phrase(topic, lang), section=section)


def _clause_item(clause: ClauseChange, change: SectionChange, lang: str) -> NoticeItem:
    _, names, reasons = _judgement(clause, change)
    section = change.heading
    topic = _primary_topic(names, reasons)
    kind = clause.kind
    reversal = kind in {"modified", "moved"} and _reverses(replace(clause, kind="modified"))
    edited = kind == "modified" or (kind == "moved" and any(w.op != "equal" for w in clause.words))
    before = clause.old_text if edited or kind == "removed" else None
    after = clause.new_text if edited or kind in {"added", "moved"} else None
    return NoticeItem(
        section=section, what=_sentence("reversal" if reversal else kind, topic, section, lang),
        quotes=(after,) if after else (), removed=(before,) if kind == "removed" and before else (),
        kind=kind, topic=topic, before=before, after=after, reversal=reversal, reasons=reasons,
    )  # fmt: skip


def _section_item(change: SectionChange, lang: str) -> NoticeItem:
    """A whole section added or removed: one sentence, all its text."""
    section = change.heading
    topic = _primary_topic(tuple(t.topic for t in change.topics), change.reasons)
    what = _sentence("new_section" if change.kind == "added" else "removed_section", topic, section, lang)
    quotes = tuple(c.new_text for c in change.clauses if c.new_text) if change.kind == "added" else ()
    removed = tuple(c.old_text for c in change.clauses if c.old_text) if change.kind == "removed" else ()
    return NoticeItem(section, what, quotes, removed, kind=change.kind, topic=topic, reasons=change.reasons)


def _changed_clauses(change: SectionChange) -> list[ClauseChange]:
    """The clauses whose wording changed (a clause moved without an edit is not a change)."""
    return [c for c in change.clauses if c.kind != "moved" or any(w.op != "equal" for w in c.words)]


def _items_of(change: SectionChange, level: str, lang: str) -> list[NoticeItem]:
    clauses = _changed_clauses(change)
    whole = change.kind in {"added", "removed"}
    if whole and change.materiality == level and all(c.materiality in (None, level) for c in clauses):
        return [_section_item(change, lang)]
    rated = [c for c in clauses if _judgement(c, change)[0] == level]
    if rated:
        return [_clause_item(c, change, lang) for c in rated]
    if change.materiality != level or level == "editorial":
        return []
    if whole:
        return [_section_item(change, lang)]
    # judged as a whole section (no clause of it carries the level): one sentence, no quote
    section = change.heading
    topic = _primary_topic(tuple(t.topic for t in change.topics), change.reasons)
    what = _sentence("modified", topic, section, lang)
    return [NoticeItem(section, what, (), (), topic=topic, reasons=change.reasons)]


def items_at(diff: DiffResult, level: str, lang: str) -> list[NoticeItem]:
    """One item per clause rated ``level`` (a whole added/removed section rated so: one item)."""
    return [item for change in diff.changes for item in _items_of(change, level, lang)]


def group_items(items: list[NoticeItem], lang: str) -> tuple[NoticeGroup, ...]:
    """Items grouped by topic, in the order the topics first appear."""
    groups: dict[str, list[NoticeItem]] = {}
    for item in items:
        groups.setdefault(item.topic, []).append(item)
    return tuple(NoticeGroup(topic, topic_label(topic, lang), tuple(found)) for topic, found in groups.items())


def adds_purpose(items: list[NoticeItem]) -> bool:
    """True when a material change adds a practice or purpose (or reverses a commitment not to)."""
    return any(item.reversal or any(r.startswith(_ADDS_PURPOSE) for r in item.reasons) for item in items)
