"""Rendering a diff: the self-contained HTML redline report (changed sections, or the whole
document), and a Markdown redline.

The HTML report (``templates/report.html`` + ``report_change.html``) carries its CSS inline and
loads nothing. Its only script is ``VIEW_SCRIPT`` below, a few lines that switch between the
inline and side-by-side views; the Content-Security-Policy allows exactly that script by its
SHA-256 hash, so no script that might hide in policy text (already escaped) could run. With
scripts off both views are shown one after the other. Editorial changes fold under a
``<details>`` element. Stable element ids: ``#view-inline`` and ``#view-side`` (the two radio
buttons), ``#toggle-editorial`` (the ``<details>``), ``#changes``, one ``#change-N`` per change;
the chosen view is recorded as ``<html data-view="inline|side">``.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from markupsafe import Markup

from tracker import __version__
from tracker.classify import default_lexicon, summarize
from tracker.diff.words import changed_words
from tracker.models import DIFF_SCHEMA, ClauseChange, DiffResult, PolicyDocument, SectionChange, WordDiff
from tracker.report.headings import shown_heading
from tracker.report.judgement import clause_judgement, clause_topics, section_reasons, unchanged_sections
from tracker.report.whole import changed_entries, listed_changes, moved_note, whole_document
from tracker.review import DECISIONS, Review
from tracker.templating import markdown_escape as _md_escape
from tracker.templating import render

VIEW_SCRIPT = (
    "(function(){var d=document.documentElement;d.classList.add('js');"
    "function set(v){d.setAttribute('data-view',v);}"
    "var c=document.querySelector('input[name=view]:checked');set(c?c.value:'inline');"
    "document.addEventListener('change',function(e){var t=e.target;"
    "if(t&&t.name==='view'){set(t.value);}});})();"
)
VIEW_SCRIPT_HASH = "sha256-" + base64.b64encode(hashlib.sha256(VIEW_SCRIPT.encode()).digest()).decode()


@dataclass(frozen=True)
class _Item:
    """A change as the templates show it."""

    change: SectionChange
    number: int
    anchor: str
    heading: str
    topic_labels: list[str]
    inserted: int
    deleted: int
    section_reasons: tuple[str, ...] = ()  # the section's reasons no clause judgement below gives


def _items(diff: DiffResult) -> tuple[list[_Item], list[_Item]]:
    lexicon = default_lexicon()
    substantive: list[_Item] = []
    editorial: list[_Item] = []
    for index, change in enumerate(diff.changes, start=1):
        inserted = deleted = 0
        for clause in change.clauses:
            if clause.kind == "added":
                inserted += len((clause.new_text or "").split())
            elif clause.kind == "removed":
                deleted += len((clause.old_text or "").split())
            else:
                ins, dels = changed_words(clause.words)
                inserted, deleted = inserted + ins, deleted + dels
        position = change.new_position if change.new_position is not None else change.old_position
        item = _Item(
            change=change,
            number=(position or 0) + 1,
            anchor=f"change-{index}",
            heading=shown_heading(change),
            topic_labels=[lexicon.label(t.topic) for t in change.topics],
            inserted=inserted,
            deleted=deleted,
            section_reasons=section_reasons(change),
        )
        is_editorial = change.editorial or change.materiality == "editorial"
        (editorial if is_editorial else substantive).append(item)
    return substantive, editorial


def _safe_href(href: str) -> bool:
    """Only http(s) and relative links go into a report (no ``javascript:`` or ``data:``)."""
    scheme = urlsplit(href.strip()).scheme.lower()
    return scheme in ("", "http", "https")


def _review_context(diff: DiffResult, reviews: Sequence[Review] | None, change_key: str | None) -> dict[str, object]:
    hint = None
    if reviews is not None and change_key:
        decisions = "|".join(DECISIONS)
        pid = diff.policy_id or "ID"
        hint = f"policy-tracker review {pid} {change_key} --decision {decisions} --note TEXT --by NAME"
    return {"reviews": list(reviews) if reviews is not None else None, "review_hint": hint}


def render_report_html(
    diff: DiffResult,
    *,
    templates_dir: str | Path | None = None,
    title: str | None = None,
    links: dict[str, str] | None = None,
    integrity_problems: list[str] | None = None,
    reviews: Sequence[Review] | None = None,
    change_key: str | None = None,
    expanded: bool = False,
) -> str:
    """The self-contained HTML redline report of a diff.

    ``integrity_problems`` (what ``verify`` found wrong with the store it came from) are shown in
    a warning above everything else; ``reviews`` (oldest first; an empty list means "awaiting
    review") adds the change's review state and notes, ``change_key`` (``<old>__<new>``) the
    command that signs it off; ``expanded`` opens the folded editorial changes (for print)."""
    substantive, editorial = _items(diff)
    heading = title or (f"Changes to {diff.policy_id}" if diff.policy_id else "Policy changes")
    return render(
        "report.html",
        templates_dir,
        title=heading,
        diff=diff,
        substantive=substantive,
        editorial=editorial,
        summary_line=summarize(diff),
        unchanged_line=unchanged_sections(diff.unchanged_sections),
        links=_links(links),
        version=__version__,
        schema=DIFF_SCHEMA,
        moved_note=moved_note,
        clause_topics=clause_topics,
        script=Markup(VIEW_SCRIPT),  # our own constant, never policy text
        script_hash=VIEW_SCRIPT_HASH,
        integrity_problems=integrity_problems or [],
        expanded=expanded,
        **_review_context(diff, reviews, change_key),
    )


def _links(links: dict[str, str] | None) -> list[tuple[str, str]]:
    return sorted((name, href) for name, href in (links or {}).items() if _safe_href(href))


def render_whole_html(
    diff: DiffResult,
    old_doc: PolicyDocument,
    new_doc: PolicyDocument,
    *,
    templates_dir: str | Path | None = None,
    title: str | None = None,
    links: dict[str, str] | None = None,
    reviews: Sequence[Review] | None = None,
    change_key: str | None = None,
    expanded: bool = False,
) -> str:
    """The whole document as one self-contained HTML page: a change list keyed to the policy's own
    clause numbers or headings, then every section in order — unchanged ones folded under
    ``<details>`` (open when ``expanded``), each change in place. No script at all."""
    entries = whole_document(diff, old_doc, new_doc)
    lexicon = default_lexicon()
    return render(
        "report_whole.html",
        templates_dir,
        title=title or (f"Changes to {diff.policy_id}" if diff.policy_id else "Policy changes"),
        diff=diff,
        entries=entries,
        changed=listed_changes(changed_entries(entries)),
        topic_labels=lambda change: [lexicon.label(t.topic) for t in change.topics],
        summary_line=summarize(diff),
        unchanged_line=unchanged_sections(diff.unchanged_sections),
        links=_links(links),
        version=__version__,
        schema=DIFF_SCHEMA,
        expanded=expanded,
        **_review_context(diff, reviews, change_key),
    )


def render_markdown(diff: DiffResult) -> str:
    """A Markdown redline: ``~~deleted~~`` and ``**inserted**`` words, one block per change."""
    lines = [
        f"# {_md_escape(diff.policy_id or 'Policy')}: {_md_escape(diff.old.label)} → {_md_escape(diff.new.label)}",
        "",
    ]
    dates = []
    if diff.old.last_updated or diff.new.last_updated:
        dates.append(f"Policy dated {diff.old.last_updated or 'unknown'} → {diff.new.last_updated or 'unknown'}")
    if diff.flags:
        dates.append("Flags: " + ", ".join(diff.flags))
    lines.extend([*dates, "", summarize(diff) + f"; {unchanged_sections(diff.unchanged_sections)}.", ""])
    substantive, editorial = _items(diff)
    for title, group in (("Changes", substantive), ("Editorial changes", editorial)):
        if not group:
            continue
        lines.extend([f"## {title}", ""])
        for item in group:
            change = item.change
            meta: list[str] = [change.kind]
            if change.materiality:
                meta.append(change.materiality)
            if change.kind == "moved" and change.old_position is not None and change.new_position is not None:
                meta.append(f"moved from §{change.old_position + 1}")
            if change.note:
                meta.append(_md_escape(change.note))
            if (
                change.kind != "renumbered"
                and change.old_heading
                and change.new_heading
                and change.old_heading != change.new_heading
            ):
                meta.append(f"renamed from “{_md_escape(change.old_heading)}”")
            if item.topic_labels:
                meta.append("topics: " + ", ".join(item.topic_labels))
            lines.extend([f"### §{item.number} {_md_escape(item.heading)}", "", "*" + " · ".join(meta) + "*", ""])
            lines.extend(f"- {_md_escape(reason)}" for reason in item.section_reasons)
            if item.section_reasons:
                lines.append("")
            lines.extend(f"- {_md_escape(h.old_heading)} → {_md_escape(h.new_heading)}" for h in change.renumbered)
            if change.renumbered:
                lines.append("")
            for clause in change.clauses:
                lines.extend([_md_clause(clause, change), ""])
                if clause.materiality:
                    lines.extend([f"*{_md_escape(clause_judgement(clause))}*", ""])
    if diff.structure:
        lines.extend(["## Structure (no text changed)", ""])
        lines.extend(f"- {_md_escape(note.note)}" for note in diff.structure)
    return "\n".join(lines).rstrip() + "\n"


def _md_runs(words: tuple[WordDiff, ...]) -> str:
    parts = []
    previous = "equal"
    for run in words:
        if run.text.isspace():  # paragraphs cut or joined: a space, not a marked change
            parts.append("" if run.op == "delete" else " ")
            continue
        text = _md_escape(" ".join(run.text.split("\n\n")))
        if run.op != "equal" and previous != "equal" and text.strip():
            parts.append(" ")  # "~~old~~ **new**", not "~~old~~**new**"
        previous = run.op
        if run.op == "insert" and text.strip():
            parts.append(f"**{text.strip()}**" + (" " if text.endswith(" ") else ""))
        elif run.op == "delete" and text.strip():
            parts.append(f"~~{text.strip()}~~" + (" " if text.endswith(" ") else ""))
        else:
            parts.append(text)
    return "".join(parts)


def _md_clause(clause: ClauseChange, change: SectionChange) -> str:
    """One clause change as a Markdown quote line."""
    if clause.kind == "added":
        return f"> **{_md_escape(clause.new_text or '')}**"
    if clause.kind == "removed":
        return f"> ~~{_md_escape(clause.old_text or '')}~~"
    if clause.kind == "moved":
        body = _md_runs(clause.words) if clause.words else _md_escape(" ".join((clause.new_text or "").split()))
        return f"> *({_md_escape(moved_note(clause, change))})* {body}"
    return "> " + _md_runs(clause.words)
