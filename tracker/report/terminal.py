"""The diff as a terminal shows it (``policy-tracker diff`` on a tty, or ``--format text``):
plain words, not Markdown. With colour, deleted words are red and struck through and inserted
ones green and bold (rich; ``NO_COLOR`` turns colour off); without, ``[-deleted-]`` and
``{+inserted+}`` (wdiff's marks) keep the change visible."""

from __future__ import annotations

import io
import os

from rich.console import Console
from rich.text import Text

from tracker.classify import summarize
from tracker.models import ClauseChange, DiffResult, SectionChange

DELETED = "red strike"
INSERTED = "green bold"


def color_wanted(is_terminal: bool) -> bool:
    """Colour on a terminal, unless ``NO_COLOR`` is set (https://no-color.org) or TERM is dumb."""
    return is_terminal and not os.environ.get("NO_COLOR") and os.environ.get("TERM") != "dumb"


def _runs(clause: ClauseChange) -> list[tuple[str, str]]:
    if clause.kind == "added":
        return [("insert", clause.new_text or "")]
    if clause.kind == "removed":
        return [("delete", clause.old_text or "")]
    if not clause.words:
        return [("equal", clause.new_text or "")]
    return [(w.op, w.text) for w in clause.words]


def _clause_text(clause: ClauseChange, color: bool) -> Text:
    text = Text("    ")
    previous = "equal"
    for op, words in _runs(clause):
        if op != "equal" and previous != "equal":
            text.append(" ")  # "[-old-] {+new+}", not "[-old-]{+new+}"
        previous = op
        if op == "equal":
            text.append(words)
        elif color:
            text.append(words, style=DELETED if op == "delete" else INSERTED)
        else:
            text.append(f"[-{words}-]" if op == "delete" else f"{{+{words}+}}")
    return text


def _change_lines(change: SectionChange, color: bool) -> list[Text]:
    heading = change.new_heading or change.old_heading or "(untitled part)"
    level = change.materiality or ("editorial" if change.editorial else "unrated")
    title = Text(f"§ {heading}", style="bold" if color else "")
    title.append(f"  ({change.kind}, {level})", style="dim" if color else "")
    lines = [title]
    lines.extend(Text(f"  - {reason}") for reason in change.reasons)
    for clause in change.clauses:
        if clause.kind != "unchanged":
            lines.append(_clause_text(clause, color))
    if not change.clauses and (change.old_text or change.new_text):
        whole = ClauseChange(kind="removed" if change.kind == "removed" else "added",
                             old_text=change.old_text, new_text=change.new_text)  # fmt: skip
        lines.append(_clause_text(whole, color))
    return lines


def render_text(diff: DiffResult, *, color: bool = False, width: int = 100) -> str:
    """The diff as readable terminal text (ANSI colour codes only when ``color``)."""
    out = io.StringIO()
    console = Console(
        file=out, width=width, force_terminal=color, no_color=not color, color_system="standard" if color else None,
        highlight=False, emoji=False, markup=False, soft_wrap=False,
    )  # fmt: skip
    console.print(Text(f"{diff.policy_id or 'Policy'}: {diff.old.label} → {diff.new.label}", style="bold"))
    if diff.old.last_updated or diff.new.last_updated:
        console.print(f"Policy dated {diff.old.last_updated or 'unknown'} → {diff.new.last_updated or 'unknown'}")
    if diff.flags:
        console.print("Flags: " + ", ".join(diff.flags))
    console.print(f"{summarize(diff)}; {diff.unchanged_sections} sections unchanged.")
    if not color and diff.changes:
        console.print("Deleted words are shown [-like this-], inserted words {+like this+}.")
    substantive = [c for c in diff.changes if not (c.editorial or c.materiality == "editorial")]
    editorial = [c for c in diff.changes if c.editorial or c.materiality == "editorial"]
    for title, group in (("Changes", substantive), ("Editorial changes", editorial)):
        if group:
            console.print()
            console.print(Text(title, style="bold underline" if color else ""))
            for change in group:
                console.print()
                for line in _change_lines(change, color):
                    console.print(line)
    return out.getvalue()
