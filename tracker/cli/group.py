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
@click.option("-q", "--quiet", is_flag=True, help="Errors only (check: only changes and failures).")
@click.option("-v", "--verbose", count=True, help="Say what each step does on stderr (-vv: debugging).")
@click.pass_context
def main(ctx: click.Context, quiet: bool, verbose: int) -> None:
    """Watch privacy policies and report precisely when and how they change."""
    from tracker.cli.logs import configure_logging

    ctx.obj = {"verbosity": -1 if quiet else verbose}
    configure_logging(ctx.obj["verbosity"])
