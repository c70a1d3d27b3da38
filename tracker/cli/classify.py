"""The ``notice`` command: draft change notices for a stored policy."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import click

from tracker.cli.options import config_option, json_option, out_folder_option, required_config, store_option
from tracker.store import Store


@click.command("notice")
@click.argument("policy_id")
@click.option("--since", help="Compare the snapshot in force on this date (YYYY-MM-DD) with the latest.")
@click.option("--today", "today_text", help="Day the notice is given (YYYY-MM-DD; default today).")
@out_folder_option("Write the drafts here instead.")
@json_option("one JSON record (schema policy-tracker/notice/1)")
@click.option("--reviewed-only", is_flag=True, help="Draft only when a reviewer decided the change is material.")
@config_option
@store_option
def notice_command(
    policy_id: str,
    since: str | None,
    today_text: str | None,
    out_dir: str | None,
    as_json: bool,
    reviewed_only: bool,
    config_path: str | None,
    store_dir: str | None,
) -> None:
    """Draft notices (email HTML + text, banner, changelog) for the latest change of POLICY_ID,
    or for everything that changed since --since. Drafts are written only when a change is
    material (with --reviewed-only: when a reviewer decided it is). Exit 0 in both cases; 2 on errors."""
    from tracker.errors import TrackerError
    from tracker.report.drafts import draft_policy_notices

    try:
        today = date.fromisoformat(today_text) if today_text else None
    except ValueError:
        raise TrackerError(f"policy {policy_id!r}: --today {today_text!r} is not a date YYYY-MM-DD") from None
    config = required_config(config_path)
    store = Store(store_dir) if store_dir else None
    result = draft_policy_notices(
        config, policy_id, store=store, since=since, today=today, out_dir=Path(out_dir) if out_dir else None,
        reviewed_only=reviewed_only,
    )  # fmt: skip
    if as_json:
        click.echo(json.dumps(result.to_dict(), indent=2, ensure_ascii=False))
        return
    click.echo(f"{policy_id}: {result.old_snapshot_id} → {result.new_snapshot_id}: {result.summary}")
    for flag in result.diff.flags:
        click.echo(f"flag: {flag}")
    if result.held_back:
        click.echo(f"{result.held_back}: no notice drafted")
        return
    if result.notices is None:
        click.echo("no material change: no notice drafted")
        return
    click.echo(f"subject: {result.notices.subject}")
    for kind, path in result.paths.items():
        click.echo(f"{kind}: {path}")
