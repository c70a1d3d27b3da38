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

from tracker.cli import main

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
