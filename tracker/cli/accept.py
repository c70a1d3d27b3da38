"""The ``accept`` command: take a body held as an anomaly as the policy's new version."""

from __future__ import annotations

import getpass

import click

from tracker.cli.options import config_option, required_config, store_option
from tracker.store import Store


@click.command("accept")
@click.argument("policy_id")
@click.option("--by", "by", help="Who looked at it and accepts it (default: the login name).")
@click.option("--anomaly", "anomaly_id", help="The anomaly id to take (default: the latest).")
@config_option
@store_option
def accept_command(
    policy_id: str, by: str | None, anomaly_id: str | None, config_path: str | None, store_dir: str | None
) -> None:
    """Take POLICY_ID's latest anomaly body (a login wall? no: a genuine rewrite) as its new version,
    recorded in the log as accepted by --by, with its report and notices."""
    from tracker.check.accept import accept

    config = required_config(config_path)
    store = Store(store_dir) if store_dir else Store(config.store_path)
    done = accept(config, store, policy_id, by=by or getpass.getuser(), anomaly_id=anomaly_id)
    o = done.outcome
    click.echo(f"{done.policy_id}: accepted anomaly {done.anomaly_id} as snapshot {done.snapshot_id} (by {done.by})")
    click.echo(o.line())
