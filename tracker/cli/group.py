"""The ``policy-tracker`` click group: every way a command can end becomes an exit code and, on
failure, exactly one line on stderr.

Exit codes (``tracker.exitcodes``, the one definition): 0 success / no change, 1 change found
(only with ``--exit-code``), 2 any error, 130 interrupted. The group is the guard: the tool's own
errors, file-system errors, click usage errors and any unexpected exception become one line
``error: <what>: <cause>`` and exit 2 (never 1, which means "a change"); Ctrl-C becomes one
``interrupted`` line and exit 130. With ``--json`` (or ``--format json``) the same error is also printed on stdout as a
JSON object (``error_object``, schema ``policy-tracker/error/1``), so stdout is always JSON.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from typing import Any, NoReturn

import click

from tracker import __version__
from tracker.errors import TrackerError
from tracker.exitcodes import EXIT_CHANGED, EXIT_ERROR, EXIT_INTERRUPTED, EXIT_OK

ERROR_SCHEMA = "policy-tracker/error/1"

__all__ = [
    "ERROR_SCHEMA",
    "EXIT_CHANGED",
    "EXIT_ERROR",
    "EXIT_INTERRUPTED",
    "EXIT_OK",
    "error_object",
    "fail",
    "main",
]

# whether the running command was given --json (set by TrackerGroup.main for each invocation)
_json_output = False


def one_line(text: str) -> str:
    """``text`` with its line breaks folded, so a message is always a single line."""
    return " / ".join(part.strip() for part in str(text).splitlines() if part.strip())


def error_object(message: str, *, kind: str = "error", exit_code: int = EXIT_ERROR) -> dict[str, Any]:
    """The JSON printed on stdout for a failed ``--json`` command (schema ``policy-tracker/error/1``).

    ``kind``: ``error`` (the tool's own or a file-system error), ``usage`` (bad arguments),
    ``internal`` (an unexpected exception: a bug), ``interrupted`` (Ctrl-C).
    """
    return {"schema": ERROR_SCHEMA, "kind": kind, "error": message, "exit_code": exit_code}


def _finish(message: str, *, kind: str, exit_code: int, prefix: str = "error: ") -> NoReturn:
    message = one_line(message)
    if _json_output:
        click.echo(json.dumps(error_object(message, kind=kind, exit_code=exit_code), ensure_ascii=False))
    click.echo(f"{prefix}{message}", err=True)
    sys.exit(exit_code)


def fail(message: str, *, kind: str = "error") -> NoReturn:
    """Print a one-line error to stderr (and the JSON error object with ``--json``) and exit 2."""
    _finish(message, kind=kind, exit_code=EXIT_ERROR)


def _os_error_message(exc: OSError) -> str:
    cause = exc.strerror or str(exc) or type(exc).__name__
    return f"{exc.filename}: {cause}" if exc.filename else f"{type(exc).__name__}: {cause}"


def _internal_message(exc: BaseException) -> str:
    lines = str(exc).strip().splitlines()
    return f"internal error: {type(exc).__name__}: {lines[0] if lines else '(no message)'}"


class TrackerGroup(click.Group):
    """The guard around every command (see the module docstring)."""

    def main(self, args: Sequence[str] | None = None, *pos: Any, **kwargs: Any) -> Any:
        """Run the command line; never returns (always ``sys.exit``), never shows a traceback."""
        global _json_output
        argv = list(sys.argv[1:] if args is None else args)
        pairs = zip(argv, argv[1:], strict=False)
        _json_output = "--json" in argv or "--format=json" in argv or ("--format", "json") in pairs
        kwargs["standalone_mode"] = False
        kwargs.setdefault("prog_name", "policy-tracker")  # also under ``python -m tracker``
        try:
            code = super().main(argv, *pos, **kwargs)
        except click.UsageError as exc:
            where = exc.ctx.command_path if exc.ctx else "policy-tracker"
            fail(f"usage: {where}: {exc.format_message()} (see {where} --help)", kind="usage")
        except click.ClickException as exc:  # e.g. a file argument that cannot be opened
            fail(exc.format_message())
        except click.Abort:  # click's own Ctrl-C (during a prompt)
            _finish("interrupted", kind="interrupted", exit_code=EXIT_INTERRUPTED, prefix="")
        sys.exit(code if isinstance(code, int) else EXIT_OK)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.Abort, click.exceptions.Exit):
            raise  # handled by main (usage errors, --help, --version)
        except TrackerError as exc:
            fail(str(exc))
        except KeyboardInterrupt as exc:  # check raises CheckInterrupted, with how far it got
            _finish(str(exc) or "interrupted", kind="interrupted", exit_code=EXIT_INTERRUPTED, prefix="")
        except OSError as exc:  # a file that cannot be read or written, a full disk ...
            fail(_os_error_message(exc))
        except Exception as exc:  # a bug: still one line, and 2 (an error), never 1 (a change)
            fail(_internal_message(exc), kind="internal")


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
