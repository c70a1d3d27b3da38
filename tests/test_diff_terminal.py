"""``diff`` on a terminal prints readable text (colour, NO_COLOR honoured); ``--format markdown``
stays Markdown that a CommonMark parser reads as the redline."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner
from markdown_it import MarkdownIt

from tests.diff_helpers import BASE, doc, run_diff
from tracker.classify import classify
from tracker.cli import main
from tracker.extract.document import extract
from tracker.report.terminal import render_text

OLD = "# Privacy\n\n## Sharing (third parties)\n\nWe do not sell your data [ever].\n\n## Contact\n\nWrite to us.\n"
NEW = "# Privacy\n\n## Sharing (third parties)\n\nWe may sell your data to *partners*.\n\n## Contact\n\nWrite to us.\n"
ESC = "\x1b["


def _files(tmp_path: Path) -> tuple[str, str]:
    (tmp_path / "old.md").write_text(OLD, encoding="utf-8")
    (tmp_path / "new.md").write_text(NEW, encoding="utf-8")
    return str(tmp_path / "old.md"), str(tmp_path / "new.md")


def _on_a_terminal(args: list[str], env: dict[str, str]) -> str:
    """Run the CLI with its standard output on a pseudo-terminal; what it printed."""
    leader, follower = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "tracker", *args], stdout=follower, stderr=subprocess.PIPE, env=env)
    os.close(follower)
    chunks = []
    while True:
        ready, _, _ = select.select([leader], [], [], 30)
        if not ready:
            break
        try:
            data = os.read(leader, 65536)
        except OSError:  # the child closed the terminal
            break
        if not data:
            break
        chunks.append(data)
    proc.wait(timeout=30)
    os.close(leader)
    return b"".join(chunks).decode("utf-8")


def test_text_format_is_plain_readable_words(tmp_path: Path) -> None:
    old, new = _files(tmp_path)
    result = CliRunner().invoke(main, ["diff", old, new, "--format", "text"])
    assert result.exit_code == 0, result.output
    assert ESC not in result.output and "\\" not in result.output  # no colour codes off a terminal, no escapes
    assert "§ Sharing (third parties)" in result.output
    assert "We [-do not-] {+may+} sell your data [-[ever]-] {+to partners+}." in result.output


def test_a_terminal_gets_colour_unless_no_color(tmp_path: Path) -> None:
    old, new = _files(tmp_path)
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"} | {"TERM": "xterm-256color", "COLUMNS": "100"}
    coloured = _on_a_terminal(["diff", old, new], env)
    assert ESC in coloured and "Sharing (third parties)" in coloured
    assert "\\(" not in coloured and "~~" not in coloured and "[-" not in coloured  # text, not Markdown
    plain = _on_a_terminal(["diff", old, new], env | {"NO_COLOR": "1"})
    assert ESC not in plain and "[-do not-]" in plain and "{+may+}" in plain


def test_markdown_stays_markdown(tmp_path: Path) -> None:
    old, new = _files(tmp_path)
    piped = CliRunner().invoke(main, ["diff", old, new])  # not a terminal: Markdown, as before
    chosen = CliRunner().invoke(main, ["diff", old, new, "--format", "markdown"])
    assert piped.output == chosen.output and ESC not in chosen.output
    html = MarkdownIt("commonmark").enable("strikethrough").render(chosen.output)
    assert "<s>do not</s>" in html and "<strong>may</strong>" in html
    assert "Sharing (third parties)" in html  # the escaped brackets render as plain brackets


PAIRS = Path(__file__).resolve().parent / "data" / "diff"


def _pair_text(name: str) -> list[str]:
    """``diff --format text`` of one of the issue-21 pairs, as lines."""
    old, new = PAIRS / f"{name}_v1.md", PAIRS / f"{name}_v2.md"
    result = CliRunner().invoke(main, ["diff", str(old), str(new), "--format", "text"])
    assert result.exit_code in (0, 1), result.output
    return result.output.splitlines()


def test_text_shows_a_moved_and_edited_clause_with_both_positions() -> None:
    lines = _pair_text("moved_edited")
    at = lines.index("§ Getting a copy of your data  (added, material)")
    moved = "    (moved: §1 “Your rights”, clause 2 → §3 “Getting a copy of your data”, clause 1)"
    at = lines.index(moved, at)  # after the section's reasons (one line each; the clause rules may give several)
    assert lines[at + 1].startswith("    To obtain a copy of the data we hold about you, [-write to us by post")
    assert lines[-2:] == ["Structure (no text changed)", "  - text of “Your rights” (§1) moved to other sections"]
    old = extract((PAIRS / "moved_edited_v1.md").read_bytes(), "text/markdown")
    new = extract((PAIRS / "moved_edited_v2.md").read_bytes(), "text/markdown")
    wide = render_text(run_diff(old, new), width=200).splitlines()
    assert wide[wide.index(moved) + 1] == (
        "    To obtain a copy of the data we hold about you, [-write to us by post at 1 Example Street, Springfield-]"
        " {+use the download form in your account settings+}, and we will answer within 30 days."
    )


def test_text_shows_the_renumbered_record_with_its_headings() -> None:
    lines = _pair_text("renumbered")
    at = lines.index("§ 4. What we collect  (renumbered, editorial)")
    assert lines[at + 1 : at + 4] == [
        "  sections 3–10 renumbered to 4–11",
        "    3. What we collect → 4. What we collect",
        "    4. Why we collect it → 5. Why we collect it",
    ]
    assert lines[at + 9] == "    10. Contact → 11. Contact"
    assert not any("renamed" in line for line in lines)


def test_text_shows_a_moved_section_a_clause_moved_inside_its_section_and_structure_notes() -> None:
    rights = ["You can access your data.", "You can object to direct marketing at any time."]
    old = doc(("Sharing", ["We share data with processors."]), ("Your Rights", rights), ("Annex", []), BASE[0])
    new = doc(
        ("Your Rights", [rights[1] + " It is free.", rights[0]]), ("Sharing", ["We share data with processors."]),
        BASE[0],
    )  # fmt: skip
    lines = render_text(run_diff(old, new), width=200).splitlines()
    at = lines.index("§ Your Rights  (modified, unrated)")
    assert lines[at + 1 : at + 3] == [
        "    (moved within §1 “Your Rights”: clause 2 → clause 1)",
        "    You can object to direct marketing at any time. {+It is free.+}",
    ]
    at = lines.index("§ Sharing  (moved, unrated, moved from §1 to §2)")
    assert lines[at + 1] == "    We share data with processors."  # moved as it stands: not marked inserted
    assert lines[-2:] == ["Structure (no text changed)", "  - heading “Annex” (§3) removed"]


def test_text_shows_joined_paragraphs_as_one_text_without_whitespace_marks() -> None:
    items = ["Your name and postal address.", "A description of the material that was removed."]
    old = doc(("Copyright", ["We respect the rights of others."]), ("Counter-notice", items), BASE[0])
    new = doc(("Copyright", ["We respect the rights of others.", "Include: " + " ".join(items)]), BASE[0])
    lines = render_text(run_diff(old, new), width=200).splitlines()
    at = lines.index("    (moved: §2 “Counter-notice”, clause 1 → §1 “Copyright”, clause 2)")
    assert lines[at + 1] == "    {+Include:+} " + " ".join(items)


def test_each_clause_carries_its_own_judgement_and_a_reason_is_printed_once() -> None:
    # One section, a typo fixed beside a new retention period: the terminal says which clause is
    # the material one, as the HTML and Markdown reports do.
    sections = [("Retention", ["We colect your e-mail address to send receipts.", "We keep your data for 30 days."])]
    edited = [("Retention", ["We collect your e-mail address to send receipts.", "We keep your data for ten years."])]
    old, new = doc(*sections), doc(*edited)
    text = render_text(classify(run_diff(old, new), old, new), width=200)
    lines = text.splitlines()
    typo = next(i for i, line in enumerate(lines) if "{+collect+}" in line)
    period = next(i for i, line in enumerate(lines) if "{+ten years+}" in line)
    assert lines[typo + 1].strip().startswith("= editorial")
    assert lines[period + 1].strip().startswith("= material · Retention — ")
    reason = lines[period + 1].split(" — ", 1)[1]
    assert text.count(reason) == 1  # not again in the section's list above
