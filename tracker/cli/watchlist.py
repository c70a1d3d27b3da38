"""``add``, ``list`` and ``remove``: the watched policies in the config (``tracker.watchlist``)."""

from __future__ import annotations

import json
from pathlib import Path

import click

from tracker.cli.complete import complete_policy_ids
from tracker.cli.options import config_from_options, config_option, json_option, required_config, selector_options
from tracker.discovery import CONFIG_NAME, find_config


@click.command("add")
@click.argument("url")
@click.option("--id", "policy_id", help="Policy id (default: from the URL's host).")
@click.option("--name", help="Display name (default: the page's title).")
@selector_options("repeatable")
@click.option("--dry-run", is_flag=True, help="Fetch and show the entry; write nothing.")
@config_option
def add_command(
    url: str,
    policy_id: str | None,
    name: str | None,
    select: tuple[str, ...],
    remove: tuple[str, ...],
    dry_run: bool,
    config_path: str | None,
) -> None:
    """Fetch URL once, show what would be tracked, and add it to the config (comments kept).

    The config is the one every command reads (created as ./policies.toml when there is none)."""
    import tomlkit

    from tracker.watchlist import add_policy, propose_policy

    target = Path(config_path) if config_path else (find_config() or Path(CONFIG_NAME))
    config = config_from_options(str(target), None) if target.exists() else None
    proposal = propose_policy(url, config, policy_id=policy_id, name=name, select=select, remove=remove)
    for line in proposal.preview():
        click.echo(line)
    for warning in proposal.warnings:
        click.echo(f"warning: {warning}", err=True)
    click.echo("")
    click.echo("[[policy]]")
    click.echo(tomlkit.dumps(proposal.entry), nl=False)
    if dry_run:
        click.echo(f"(dry run: {target} not changed)", err=True)
        return
    add_policy(target, proposal.entry)
    click.echo(f"added {proposal.entry['id']} to {target}", err=True)


@click.command("list")
@json_option("a JSON array")
@config_option
def list_command(as_json: bool, config_path: str | None) -> None:
    """List the watched policies with their snapshot count and last check."""
    from tracker.watchlist import watched

    rows = watched(required_config(config_path))
    if as_json:
        click.echo(json.dumps([r.to_dict() for r in rows], indent=2, ensure_ascii=False))
        return
    for r in rows:
        last = f"{r.last_status} {r.last_checked}" if r.last_status else "never checked"
        click.echo(f"{r.id:<20} {r.name:<30} {r.snapshots:>3} snapshots  {last}  {r.url}")


@click.command("remove")
@click.argument("policy_id", shell_complete=complete_policy_ids)
@config_option
def remove_command(policy_id: str, config_path: str | None) -> None:
    """Stop watching POLICY_ID: remove it from the config (its snapshots stay in the store)."""
    from tracker.watchlist import remove_policy

    config = required_config(config_path)
    remove_policy(config.path, policy_id)
    click.echo(f"removed {policy_id} from {config.path} (its snapshots stay in {config.store_path})", err=True)
