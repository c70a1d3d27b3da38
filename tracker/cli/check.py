"""The ``check`` command: run the weekly check and report one line (or one JSON record) per policy."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable, Iterable
from typing import Any

import click

from tracker.cli.complete import complete_policy_ids
from tracker.cli.options import config_option, json_option, required_config, store_option
from tracker.store import Store

log = logging.getLogger("tracker.cli")
QUIET_STATUSES = ("unchanged", "not_modified")


def _run_printing(execute: Callable[[Any], Any], shown: Callable[[Any], str | None], bar_length: int) -> Any:
    """Run ``execute`` printing each outcome's line as it finishes, or, with a progress bar on
    stderr (``bar_length`` > 0), all lines once the bar is done."""
    if not bar_length:

        def on_line(outcome: Any) -> None:
            line = shown(outcome)
            if line:
                click.echo(line)

        return execute(on_line)
    lines: list[str] = []
    with click.progressbar(length=bar_length, label="checking", file=sys.stderr) as bar:

        def on_bar(outcome: Any) -> None:
            line = shown(outcome)
            if line:
                lines.append(line)
            bar.update(1)

        result = execute(on_bar)
    for line in lines:
        click.echo(line)
    return result


def _echo_json(pieces: Iterable[str]) -> None:
    """Print the JSON document ``pieces`` make up in pieces of about 64 KB: the whole text of a
    large run (and its many small parts) is never held at once."""
    buffered: list[str] = []
    size = 0
    for piece in pieces:
        buffered.append(piece)
        size += len(piece)
        if size >= 1 << 16:
            click.echo("".join(buffered), nl=False)
            buffered, size = [], 0
    click.echo("".join(buffered))


@click.command("check")
@config_option
@click.option("--policy", "policy_ids", multiple=True, shell_complete=complete_policy_ids,
              help="Only this policy id (repeatable).")  # fmt: skip
@json_option("one JSON document (schema policy-tracker/check/1)")
@click.option("--exit-code", is_flag=True, help="Exit 1 when a policy changed (like git diff --exit-code).")
@store_option
@click.option("--no-alerts", is_flag=True, help="Do not send apprise alerts this run.")
@click.option("--force", is_flag=True, help="Fetch every page in full, ignoring the stored ETag/Last-Modified.")
@click.option("--dry-run", is_flag=True, help="Fetch and report, but store, send and rewrite nothing.")
@click.pass_context
def check_command(
    ctx: click.Context,
    config_path: str | None,
    policy_ids: tuple[str, ...],
    as_json: bool,
    exit_code: bool,
    store_dir: str | None,
    no_alerts: bool,
    force: bool,
    dry_run: bool,
) -> None:
    """Fetch every policy, store what changed, write reports and notices, send alerts.

    Exit 0: no change; 1: a change (only with --exit-code; editorial-only changes do not count);
    2: any policy failed (fetch error or anomaly), the config is invalid, or the store is locked
    by another run or cannot be written; 130: interrupted (Ctrl-C).
    """
    from tracker.check import CheckOutcome, CheckRun, OutcomeCallback, run_check

    config = required_config(config_path)
    store = Store(store_dir) if store_dir else Store(config.store_path)
    quiet = bool(ctx.obj) and ctx.obj.get("verbosity", 0) < 0
    total = len(policy_ids) if policy_ids else len(config.policies)
    show_bar = not as_json and not quiet and sys.stderr.isatty() and total > 1
    if dry_run:
        click.echo("dry run: nothing is stored, sent or rewritten", err=True)

    def execute(on_outcome: OutcomeCallback) -> CheckRun:
        if dry_run:
            from tracker.check import dry_run_check

            return dry_run_check(config, policy_ids=policy_ids or None, store=store, on_outcome=on_outcome, force=force)
        return run_check(config, policy_ids=policy_ids or None, store=store, on_outcome=on_outcome,
                         send_alerts=not no_alerts, force=force)  # fmt: skip

    def shown(outcome: CheckOutcome) -> str | None:
        # a failure is reported once: its ``error:`` line on stderr below, not a status line too
        if as_json or outcome.failed or (quiet and outcome.status in QUIET_STATUSES):
            return None
        return outcome.line()

    result = _run_printing(execute, shown, total if show_bar else 0)
    if as_json:
        _echo_json(result.json_pieces())  # as json.dumps(result.to_dict(), ensure_ascii=False, indent=2)
    else:
        for recovered in result.recovered:
            click.echo(recovered.line())
    for warning in result.warnings:
        log.warning("%s", warning)
    for pid in result.alerts_failed:
        log.warning("policy %r: alert could not be delivered", pid)
    for outcome in result.outcomes:
        if outcome.failed:
            click.echo(f"error: {outcome.error}", err=True)
    sys.exit(result.exit_code(exit_code=exit_code))
