"""Extraction commands: ``reextract``."""

from __future__ import annotations

import json
import sys

import click

from tracker.cli.options import config_from_options, config_option, json_option, store_from_options, store_option
from tracker.exitcodes import EXIT_ERROR


@click.command("reextract")
@click.argument("policy_ids", metavar="[ID]...", nargs=-1)
@json_option("one JSON record per snapshot")
@config_option
@store_option
def reextract_command(
    policy_ids: tuple[str, ...], as_json: bool, config_path: str | None, store_dir: str | None
) -> None:
    """Rebuild stored snapshots' normalised text from their raw bodies with the current extractor.

    Every policy in the store unless IDs are given. Originals are kept; exits 2 if any snapshot
    failed to extract (its stored text is left as it was).
    """
    from tracker.check.reextract import reextract

    # selectors and names come from the config even when --store names the store
    config = config_from_options(config_path, None)
    outcomes = reextract(store_from_options(config_path, store_dir), policy_ids, config)
    for outcome in outcomes:
        if as_json:
            click.echo(json.dumps(outcome.to_dict(), ensure_ascii=False))
        elif outcome.error:
            click.echo(f"error: {outcome.error}", err=True)
        else:
            note = " (text changed)" if outcome.text_changed else ""
            click.echo(
                f"{outcome.policy_id}  {outcome.snapshot_id}  {outcome.status}  {outcome.extractor_version}{note}"
            )
    counts = {s: sum(1 for o in outcomes if o.status == s) for s in ("updated", "unchanged", "error")}
    click.echo(", ".join(f"{n} {s}" for s, n in counts.items()), err=True)
    if counts["error"]:
        sys.exit(EXIT_ERROR)
