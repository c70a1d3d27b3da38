"""The ``check`` command: run the weekly check and report one line (or one JSON record) per policy."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

import click

from tracker.config import load_config
from tracker.store import Store

if TYPE_CHECKING:
    from tracker.check import CheckRun


@click.command("check")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), default="policies.toml", show_default=True)
@click.option("--policy", "policy_ids", multiple=True, help="Only this policy id (repeatable).")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON document (schema policy-tracker/check/1).")
@click.option("--exit-code", is_flag=True, help="Exit 1 when a policy changed (like git diff --exit-code).")
@click.option("--store", "store_dir", type=click.Path(file_okay=False), help="Snapshot store (default: from config).")
@click.option("--no-alerts", is_flag=True, help="Do not send apprise alerts this run.")
def check_command(
    config_path: str,
    policy_ids: tuple[str, ...],
    as_json: bool,
    exit_code: bool,
    store_dir: str | None,
    no_alerts: bool,
) -> None:
    """Fetch every policy, store what changed, write reports and notices, send alerts.

    Exit 0: no change; 1: a change (only with --exit-code; editorial-only changes do not count);
    2: any policy failed (fetch error or anomaly), the config is invalid, or the store is locked
    by another run or cannot be written; 130: interrupted (Ctrl-C).
    """
    from tracker.check import CheckOutcome, run_check

    config = load_config(config_path)
    store = Store(store_dir) if store_dir else Store(config.store_path)
    total = len(policy_ids) if policy_ids else len(config.policies)
    show_bar = not as_json and sys.stderr.isatty() and total > 1
    lines: list[CheckOutcome] = []

    def report(outcome: CheckOutcome) -> None:
        """Each policy once: a failure as its ``error:`` line on stderr, anything else on stdout
        (with ``--json`` stdout is the JSON document alone)."""
        if outcome.failed:
            click.echo(f"error: {outcome.error}", err=True)
        elif not as_json:
            click.echo(outcome.line())

    def run(on_outcome: Callable[[CheckOutcome], None] | None) -> CheckRun:
        return run_check(
            config, policy_ids=policy_ids or None, store=store, on_outcome=on_outcome, send_alerts=not no_alerts
        )

    if as_json:  # stdout: the JSON document (every outcome); stderr: each failure's one line
        result = run(report)
        click.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    elif show_bar:
        with click.progressbar(length=total, label="checking", file=sys.stderr) as bar:

            def on_outcome(outcome: CheckOutcome) -> None:
                lines.append(outcome)
                bar.update(1)

            result = run(on_outcome)
        for outcome in lines:
            report(outcome)
    else:
        result = run(report)
    for pid in result.alerts_failed:
        click.echo(f"warning: policy {pid!r}: alert could not be delivered", err=True)
    sys.exit(result.exit_code(exit_code=exit_code))
