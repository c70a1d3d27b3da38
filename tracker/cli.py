"""The ``policy-tracker`` command line: thin click wrappers over the library's public functions.

Exit codes: 0 success / no change, 1 change found (only with ``--exit-code``), 2 errors.
"""

from __future__ import annotations

import sys

import click

from tracker import __version__
from tracker.errors import TrackerError

EXIT_OK = 0
EXIT_CHANGED = 1
EXIT_ERROR = 2


def fail(message: str) -> None:
    """Print a one-line error to stderr and exit with code 2."""
    click.echo(f"error: {message}", err=True)
    sys.exit(EXIT_ERROR)


class TrackerGroup(click.Group):
    """A click group that turns the tool's own errors into one-line messages and exit 2."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except TrackerError as exc:
            fail(str(exc))
        return None


@click.group(cls=TrackerGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="policy-tracker")
def main() -> None:
    """Watch privacy policies and report precisely when and how they change."""


# --- command registration: each area adds its commands from its own module here ---
# (keep one import + add_command per line; do not reorder)
from tracker import cli_core  # noqa: E402

for _command in (cli_core.diff_command, cli_core.history_command, cli_core.normalize_command, cli_core.demo_command):
    main.add_command(_command)
from tracker import cli_check  # noqa: E402

main.add_command(cli_check.check_command)
from tracker import cli_classify  # noqa: E402

main.add_command(cli_classify.notice_command)
from tracker import cli_site  # noqa: E402

main.add_command(cli_site.site_command)
main.add_command(cli_site.serve_command)
from tracker import cli_extraction  # noqa: E402

main.add_command(cli_extraction.reextract_command)
from tracker import cli_evidence  # noqa: E402

main.add_command(cli_evidence.verify_command)
main.add_command(cli_evidence.export_command)
main.add_command(cli_evidence.backfill_command)
main.add_command(cli_evidence.import_declarations_command)
# --- end of command registration ---
