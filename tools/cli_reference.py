"""Write docs/cli-reference.md from the commands' own ``--help`` (run after changing a command).

python tools/cli_reference.py            # rewrite docs/cli-reference.md
python tools/cli_reference.py --check    # exit 1 when the file is out of date (tests do this)
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from tracker.cli import main

REFERENCE = Path(__file__).resolve().parent.parent / "docs" / "cli-reference.md"
HEADER = """# Command-line reference

Generated from the commands' own `--help` by `python tools/cli_reference.py`; a test fails
when a command or option is missing here. The guide to the commands is [cli.md](cli.md).
"""


WIDTH = {"terminal_width": 100, "max_content_width": 100}  # the same text whatever the terminal


def command_help(name: str, command: click.Command) -> str:
    """The ``--help`` text of one subcommand, as a user sees it."""
    with (
        main.make_context("policy-tracker", [name], resilient_parsing=True, **WIDTH) as parent,
        command.make_context(name, [], parent=parent, resilient_parsing=True, **WIDTH) as ctx,
    ):
        return command.get_help(ctx)


def reference() -> str:
    """The whole reference page: the group's help, then each command's, in name order."""
    with main.make_context("policy-tracker", [], resilient_parsing=True, **WIDTH) as ctx:
        parts = [HEADER, "## policy-tracker\n", "```text\n" + main.get_help(ctx) + "\n```\n"]
    for name in sorted(main.commands):
        parts.append(f"## policy-tracker {name}\n")
        parts.append("```text\n" + command_help(name, main.commands[name]) + "\n```\n")
    return "\n".join(parts)


if __name__ == "__main__":
    text = reference()
    if "--check" in sys.argv[1:]:
        sys.exit(0 if REFERENCE.read_text(encoding="utf-8") == text else 1)
    REFERENCE.write_text(text, encoding="utf-8")
