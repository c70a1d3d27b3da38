"""The bodies of an alert: plain text and HTML for e-mail, compact Markdown for chat services, and
a JSON document for webhooks, all from the same items (one item per policy that calls for an alert).

Each changed policy shows its summary and, for each changed clause, a redline excerpt
(materiality, reasons, deleted and inserted words); long sections are cut with a pointer to the
report. The templates (``alert_email.txt``, ``alert_email.html``, ``alert_chat.md``) go through
``tracker.templating`` (autoescaped HTML, ``md``-escaped Markdown) and a user's template
directory may override them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from tracker.models import ChangeKind, ClauseChange, DiffResult, SectionChange, WordDiff
from tracker.report.headings import shown_heading
from tracker.templating import render

ALERT_SCHEMA = "policy-tracker/alert/1"
MAX_CHANGES = 8  # excerpts per policy; the rest are counted and left to the report
MAX_CLAUSES = 3  # clause excerpts per change
CONTEXT_WORDS = 10  # unchanged words kept on each side of a change
MAX_CLAUSE_WORDS = 90  # an excerpt longer than this is cut

AlertKind = Literal["change", "failure", "recovery"]


@dataclass(frozen=True)
class AlertItem:
    """One policy's reason to alert: its ``check --json`` record, and the diff for a change.

    ``report_url`` is the published report (absolute, when ``report_base_url`` is set);
    ``report_path`` the report on the machine that ran the check.
    """

    kind: AlertKind
    record: dict[str, Any]
    diff: DiffResult | None = None
    report_url: str | None = None
    report_path: str | None = None
    recovered_after: int = 0  # for a recovery: how many checks in a row had failed


@dataclass(frozen=True)
class Excerpt:
    """One changed section as an alert shows it: runs of (op, text) per clause."""

    heading: str
    kind: str
    materiality: str
    reasons: tuple[str, ...]
    clauses: tuple[tuple[WordDiff, ...], ...]
    cut: bool = False  # part of the change is left out (it is whole in the report)


@dataclass(frozen=True)
class AlertMessage:
    """Every body of one alert message."""

    title: str
    text: str
    html: str
    markdown: str
    document: dict[str, Any] = field(default_factory=dict)


def _trim_equal(text: str, position: str) -> tuple[str, bool]:
    """Unchanged words around a change, shortened to ``CONTEXT_WORDS`` on the side(s) that matter."""
    words = text.split(" ")
    if len(words) <= 2 * CONTEXT_WORDS:
        return text, False
    if position == "first":
        return "… " + " ".join(words[-CONTEXT_WORDS:]), True
    if position == "last":
        return " ".join(words[:CONTEXT_WORDS]) + " …", True
    return " ".join(words[:CONTEXT_WORDS]) + " … " + " ".join(words[-CONTEXT_WORDS:]), True


def _cap(runs: list[WordDiff]) -> tuple[list[WordDiff], bool]:
    """At most ``MAX_CLAUSE_WORDS`` words of runs; the cut one ends in an ellipsis."""
    kept: list[WordDiff] = []
    budget = MAX_CLAUSE_WORDS
    for run in runs:
        words = run.text.split(" ")
        if len(words) > budget:
            kept.append(WordDiff(op=run.op, text=" ".join(words[:budget]) + " …"))
            return kept, True
        kept.append(run)
        budget -= len(words)
    return kept, False


def clause_runs(clause: ClauseChange) -> tuple[list[WordDiff], bool]:
    """The redline runs of one clause change, unchanged context trimmed; (runs, cut)."""
    if clause.kind == "added" or (not clause.words and clause.new_text and not clause.old_text):
        runs = [WordDiff(op="insert", text=clause.new_text or "")]
    elif clause.kind == "removed" or (not clause.words and clause.old_text and not clause.new_text):
        runs = [WordDiff(op="delete", text=clause.old_text or "")]
    elif not clause.words:
        runs = [WordDiff(op="equal", text=clause.new_text or "")]
    else:
        runs = list(clause.words)
    cut = False
    trimmed: list[WordDiff] = []
    for index, run in enumerate(runs):
        if run.op == "equal" and len(runs) > 1:
            position = "first" if index == 0 else "last" if index == len(runs) - 1 else "middle"
            text, was_cut = _trim_equal(run.text, position)
            trimmed.append(WordDiff(op="equal", text=text))
            cut = cut or was_cut
        else:
            trimmed.append(run)
    capped, capped_cut = _cap(trimmed)
    return capped, cut or capped_cut


def excerpt(change: SectionChange) -> Excerpt:
    """The alert excerpt of one changed section (at most ``MAX_CLAUSES`` clauses)."""
    clauses = [c for c in change.clauses if c.kind != "unchanged"]
    cut = len(clauses) > MAX_CLAUSES
    runs: list[tuple[WordDiff, ...]] = []
    for clause in clauses[:MAX_CLAUSES]:
        clause_cut_runs, clause_cut = clause_runs(clause)
        runs.append(tuple(clause_cut_runs))
        cut = cut or clause_cut
    if not runs and (change.old_text or change.new_text):  # a section without clause records
        kind: ChangeKind = "added" if change.kind == "added" else "removed" if change.kind == "removed" else "modified"
        whole = ClauseChange(kind=kind, old_text=change.old_text, new_text=change.new_text)
        whole_runs, cut = clause_runs(whole)
        runs.append(tuple(whole_runs))
    return Excerpt(
        heading=shown_heading(change),
        kind=change.kind,
        materiality=change.materiality or ("editorial" if change.editorial else "review"),
        reasons=tuple(change.reasons),
        clauses=tuple(runs),
        cut=cut,
    )


def _excerpts(diff: DiffResult | None) -> tuple[list[Excerpt], int]:
    """Excerpts of the substantive changes (the editorial ones when there are no others), and how
    many changes are left out."""
    if diff is None:
        return [], 0
    substantive = [c for c in diff.changes if not (c.editorial or c.materiality == "editorial")]
    shown = substantive or list(diff.changes)
    order = {"material": 0, "review": 1, "editorial": 2}
    shown = sorted(shown, key=lambda c: order.get(c.materiality or "review", 1))
    return [excerpt(c) for c in shown[:MAX_CHANGES]], len(diff.changes) - min(len(shown), MAX_CHANGES)


def item_title(item: AlertItem) -> str:
    """The subject line of an alert about this one item."""
    name = item.record.get("name") or item.record.get("policy_id")
    if item.kind == "change":
        level = f" [{item.record['materiality']}]" if item.record.get("materiality") else ""
        return f"Policy changed{level}: {name}"
    if item.kind == "failure":
        return f"Policy check failing: {name} ({item.record.get('failures')} times in a row)"
    return f"Policy check recovered: {name}"


def digest_title(items: list[AlertItem]) -> str:
    """The subject line of a message about several items (a digest)."""
    if len(items) == 1:
        return item_title(items[0])
    counts = []
    for kind, word in (("change", "changed"), ("failure", "failing"), ("recovery", "recovered")):
        n = sum(1 for i in items if i.kind == kind)
        if n:
            counts.append(f"{n} {word}")
    return f"Policy check: {', '.join(counts)}"


def _view(item: AlertItem, with_excerpts: bool = True) -> dict[str, Any]:
    excerpts, left_out = _excerpts(item.diff) if with_excerpts else ([], 0)
    if not with_excerpts and item.diff is not None:
        left_out = len(item.diff.changes)
    return {
        "kind": item.kind,
        "title": item_title(item),
        "record": item.record,
        "excerpts": excerpts,
        "left_out": left_out,
        "cut": left_out > 0 or any(e.cut for e in excerpts),
        "report_url": item.report_url,
        "report_path": item.report_path,
        "recovered_after": item.recovered_after,
    }


def _context(items: list[AlertItem], with_excerpts: bool = True) -> dict[str, Any]:
    return {"title": digest_title(items), "items": [_view(i, with_excerpts) for i in items], "digest": len(items) > 1}


def chat_markdown(items: list[AlertItem], *, limit: int, templates_dir: str | Path | None = None) -> str:
    """The compact Markdown body for a chat service taking at most ``limit`` characters: with the
    excerpts when they fit, else headings only, else cut with a pointer to the report."""
    body = render("alert_chat.md", templates_dir, **_context(items))
    if len(body) <= limit:
        return body
    body = render("alert_chat.md", templates_dir, **_context(items, with_excerpts=False))
    if len(body) <= limit:
        return body
    tail = "\n\n… (cut to fit; see the report)"
    return body[: max(0, limit - len(tail))].rstrip() + tail


def alert_document(items: list[AlertItem], title: str, markdown: str) -> dict[str, Any]:
    """The JSON webhook body: apprise's ``title``/``message``/``type`` keys (so apprise receivers
    keep working), then one entry per item with its ``check --json`` record and its changes."""
    failing = any(i.kind == "failure" for i in items)
    return {
        "version": "1.0",
        "title": title,
        "message": markdown,
        "type": "failure" if failing else "info",
        "schema": ALERT_SCHEMA,
        "alerts": [
            {
                "kind": i.kind,
                "record": i.record,
                "report_url": i.report_url,
                "changes": [c.to_dict() for c in i.diff.changes] if i.diff else [],
            }
            for i in items
        ],
    }


def build_alert(
    items: list[AlertItem], *, templates_dir: str | Path | None = None, chat_limit: int = 32768
) -> AlertMessage:
    """Every body of the alert about ``items`` (one item, or a whole run's for a digest)."""
    if not items:
        raise ValueError("an alert needs at least one item")
    context = _context(items)
    markdown = chat_markdown(items, limit=chat_limit, templates_dir=templates_dir)
    title = context["title"]
    return AlertMessage(
        title=title,
        text=render("alert_email.txt", templates_dir, **context),
        html=render("alert_email.html", templates_dir, **context),
        markdown=markdown,
        document=alert_document(items, title, markdown),
    )
