"""Evidence commands: ``verify``, ``export``, ``backfill`` and ``import-declarations``."""

from __future__ import annotations

import json
import sys

import click

from tracker.cli_core import config_option, store_from_options, store_option

EXIT_ERROR = 2


@click.command("verify")
@click.argument("policy_id", required=False)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON document (schema policy-tracker/verify/1).")
@config_option
@store_option
def verify_command(policy_id: str | None, as_json: bool, config_path: str | None, store_dir: str | None) -> None:
    """Re-hash the store (or one policy) and report any missing, altered or reordered record.

    Exit 0: the chain and every file check out (notes about interrupted runs are harmless);
    2: at least one problem, or no such store/policy.
    """
    from tracker.evidence import verify

    store = store_from_options(config_path, store_dir)
    report = verify(store, policy_id)
    if as_json:
        click.echo(json.dumps(report.to_dict(), indent=1, ensure_ascii=False))
    else:
        for problem in report.problems:
            click.echo(f"FAIL {problem.line()}")
        for note in report.notes:
            click.echo(f"note {note}")
        verdict = "ok" if report.ok else f"FAILED: {len(report.problems)} problems"
        click.echo(
            f"{verdict}: {len(report.policies)} policies, {report.records} records, {report.files} files checked"
        )
    if not report.ok:
        if not as_json:
            click.echo(f"error: store {store.root} fails verification ({len(report.problems)} problems)", err=True)
        sys.exit(EXIT_ERROR)


@click.command("export")
@click.argument("policy_id")
@click.option(
    "--at", "at", required=True, help="Date YYYY-MM-DD (the snapshot in force then), timestamp or snapshot id."
)
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False),
    default=".",
    show_default=True,
    help="Folder the bundle folder is written into.",
)
@config_option
@store_option
def export_command(policy_id: str, at: str, out_dir: str, config_path: str | None, store_dir: str | None) -> None:
    """Write the evidence bundle of the policy as it stood at DATE (raw body, text, metadata, chain proof).

    Exit 0: written; 2: no snapshot then, the store fails verification, or the bundle exists.
    """
    from tracker.evidence import export_bundle

    store = store_from_options(config_path, store_dir)
    bundle = export_bundle(store, policy_id, at, out_dir)
    click.echo(f"{bundle.path}: snapshot {bundle.snapshot_id}, {len(bundle.files)} files + SHA256SUMS")
