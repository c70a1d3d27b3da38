"""The diff as a terminal shows it (``policy-tracker diff`` on a tty, or ``--format text``):
plain words, not Markdown. With colour, deleted words are red and struck through and inserted
ones green and bold (rich; ``NO_COLOR`` turns colour off); without, ``[-deleted-]`` and
``{+inserted+}`` (wdiff's marks) keep the change visible. Like the HTML and Markdown reports it
shows where a moved clause was and is (``moved_line``) above its redline, each clause's own
judgement under it (``= material · Retention — …``), a renumbered run with its note and headings,
and the structure notes (``DiffResult.structure``) at the end."""

from __future__ import annotations

import io
import os

from rich.console import Console
from rich.text import Text

from tracker.classify import summarize
from tracker.models import ChangeKind, ClauseChange, ClausePosition, DiffResult, SectionChange
from tracker.report.headings import shown_heading
from tracker.report.judgement import clause_judgement, section_reasons, unchanged_sections

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
        return [("equal", " ".join((clause.new_text or "").split()))]
    runs: list[tuple[str, str]] = []
    for w in clause.words:
        if w.text.isspace():  # paragraphs cut or joined: a space, not a marked change
            if w.op != "delete":
                runs.append(("equal", " "))
            continue
        runs.append((w.op, w.text.replace("\n\n", " ")))
    return runs


def _clause_text(clause: ClauseChange, color: bool) -> Text:
    text = Text("    ")
    previous = "equal"
    for op, words in _runs(clause):
        if op != "equal" and previous != "equal":
            text.append(" ")  # "[-old-] {+new+}", not "[-old-]{+new+}"
        previous = op
        if op == "equal":
            text.append(words)
            continue
        core = words.strip()  # spaces around a change stay outside its marks: "{+Include:+} Your"
        text.append(words[: len(words) - len(words.lstrip())])
        if color:
            text.append(core, style=DELETED if op == "delete" else INSERTED)
        else:
            text.append(f"[-{core}-]" if op == "delete" else f"{{+{core}+}}")
        text.append(words[len(words.rstrip()) :])
    return text


def _where(position: ClausePosition) -> str:
    heading = f" “{position.heading}”" if position.heading else ""
    return f"§{position.section_position + 1}{heading}, clause {position.clause_index + 1}"


def moved_line(clause: ClauseChange, change: SectionChange) -> str:
    """Where a moved clause was and is: "moved: §1 “Your rights”, clause 2 → §3 “Getting a copy”,
    clause 1" (1-based, as the reports number sections; old § numbers on the left, new on the
    right), "moved within §2 “Sharing”: clause 3 → clause 1" inside one section (new §)."""
    source, target = clause.moved_from, clause.moved_to
    if source is None or target is None:
        return "moved"
    if change.old_position is not None and source.section_position == change.old_position:
        heading = f" “{target.heading}”" if target.heading else ""
        return (
            f"moved within §{target.section_position + 1}{heading}:"
            f" clause {source.clause_index + 1} → clause {target.clause_index + 1}"
        )
    return f"moved: {_where(source)} → {_where(target)}"


def _title(change: SectionChange, color: bool) -> Text:
    heading = shown_heading(change)
    level = change.materiality or ("editorial" if change.editorial else "unrated")
    facts: list[str] = [change.kind, level]
    if change.kind == "moved" and change.old_position is not None and change.new_position is not None:
        facts.append(f"moved from §{change.old_position + 1} to §{change.new_position + 1}")
    renamed = change.old_heading and change.new_heading and change.old_heading != change.new_heading
    if renamed and change.kind != "renumbered":
        facts.append(f"renamed from “{change.old_heading}”")
    title = Text(f"§ {heading}", style="bold" if color else "")
    title.append(f"  ({', '.join(facts)})", style="dim" if color else "")
    return title


def _change_lines(change: SectionChange, color: bool) -> list[Text]:
    lines = [_title(change, color)]
    if change.note:
        lines.append(Text(f"  {change.note}"))
    lines.extend(Text(f"    {h.old_heading} → {h.new_heading}") for h in change.renumbered)
    lines.extend(Text(f"  - {reason}") for reason in section_reasons(change))
    for clause in change.clauses:
        if clause.kind == "moved":
            lines.append(Text(f"    ({moved_line(clause, change)})", style="italic" if color else ""))
        if clause.kind != "unchanged":
            lines.append(_clause_text(clause, color))
        if clause.materiality:  # each clause's own verdict, as the HTML and Markdown reports give it
            lines.append(Text(f"      = {clause_judgement(clause)}", style="dim" if color else ""))
    if not change.clauses and (change.old_text or change.new_text):
        # a section moved without an edit reads as it stands, not as inserted text
        kind: ChangeKind = "removed" if change.kind == "removed" else "modified" if change.kind == "moved" else "added"
        whole = ClauseChange(kind=kind, old_text=change.old_text, new_text=change.new_text)
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
    console.print(f"{summarize(diff)}; {unchanged_sections(diff.unchanged_sections)}.")
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
    if diff.structure:
        console.print()
        console.print(Text("Structure (no text changed)", style="bold underline" if color else ""))
        for note in diff.structure:
            console.print(Text(f"  - {note.note}"))
    return out.getvalue()
