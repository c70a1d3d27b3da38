"""Evidence commands: ``verify``, ``export``, ``backfill`` and ``import-declarations``."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from tracker.cli.options import (
    config_option,
    json_option,
    out_folder_option,
    required_config,
    store_and_config,
    store_from_options,
    store_option,
)
from tracker.exitcodes import EXIT_ERROR

if TYPE_CHECKING:
    from tracker.config import Config
    from tracker.evidence.heads import Attestation


@click.command("verify")
@click.argument("policy_id", required=False)
@click.option(
    "--bundle", "bundle_dir", type=click.Path(file_okay=False), help="Check an exported bundle instead of the store."
)
@json_option("one JSON document (schema policy-tracker/verify/1)")
@click.option(
    "--deep", is_flag=True,
    help="Also derive every change's diff.json again from its two snapshots and compare (slower).",
)  # fmt: skip
@click.option(
    "--key", "key_files", multiple=True, type=click.Path(dir_okay=False, exists=True),
    help="A public key (PEM) to trust for the signed heads (repeatable; default: the config's signing key).",
)  # fmt: skip
@click.option(
    "--tsa-certificates", "tsa_file", type=click.Path(dir_okay=False, exists=True),
    help="PEM roots the time-stamps must chain to (default: the config's [evidence] tsa_certificates).",
)  # fmt: skip
@config_option
@store_option
def verify_command(
    policy_id: str | None,
    bundle_dir: str | None,
    as_json: bool,
    deep: bool,
    key_files: tuple[str, ...],
    tsa_file: str | None,
    config_path: str | None,
    store_dir: str | None,
) -> None:
    """Re-hash the store (or one policy, or an exported bundle) and report any missing, altered or reordered record.

    Every change's report, diff.json and notices are re-hashed against its check record; --deep
    also derives each diff.json again from the two snapshots.

    Exit 0: the chain and every file check out (notes about interrupted runs are harmless);
    2: at least one problem, or no such store/policy/bundle.
    """
    from tracker.evidence.bundle import verify_bundle
    from tracker.evidence.verify import verify

    if bundle_dir:
        keys, roots = trusted_material(None, key_files, tsa_file)
        report = verify_bundle(bundle_dir, trusted_keys=keys, tsa_roots=roots)
        where = f"bundle {bundle_dir}"
    else:
        store, config = store_and_config(config_path, store_dir)
        keys, roots = trusted_material(config, key_files, tsa_file)
        report = verify(store, policy_id, trusted_keys=keys, tsa_roots=roots, expect_signed=bool(keys), deep=deep)
        where = f"store {store.root}"
    if as_json:
        click.echo(json.dumps(report.to_dict(), indent=1, ensure_ascii=False))
    else:
        for problem in report.problems:
            click.echo(f"FAIL {problem.line()}")
        for note in report.notes:
            click.echo(f"note {note}")
        for pid, attestation in sorted(report.signed.items()):
            click.echo(f"signed {pid}: {attestation_line(attestation)}")
        if any(report.changes.values()):
            click.echo(f"changes: {coverage_line(report.changes)}")
        verdict = "ok" if report.ok else f"FAILED: {len(report.problems)} problems"
        click.echo(
            f"{verdict}: {len(report.policies)} policies, {report.records} records, {report.files} files checked"
        )
    if not report.ok:
        if not as_json:
            click.echo(f"error: {where} fails verification ({len(report.problems)} problems)", err=True)
        sys.exit(EXIT_ERROR)


def trusted_material(config: Config | None, key_files: tuple[str, ...], tsa_file: str | None) -> tuple[list, list]:
    """The public keys and TSA roots a reader trusts: given on the command line, else the config's."""
    from tracker.evidence.keys import load_private_key, load_public_key
    from tracker.evidence.timestamp import load_certificates

    keys = [load_public_key(Path(f).read_bytes(), f) for f in key_files]
    evidence = config.evidence if config else None
    if not keys and evidence and evidence.signing_key and evidence.signing_key.exists():
        keys = [load_private_key(evidence.signing_key).public_key()]
    roots_file = Path(tsa_file) if tsa_file else (evidence.tsa_certificates if evidence else None)
    return keys, load_certificates(roots_file) if roots_file else []


def coverage_line(changes: dict[str, list[dict[str, Any]]]) -> str:
    """How many changes have their files in the chain (and were derived again), in one line."""
    entries = [e for per_policy in changes.values() for e in per_policy]
    covered = sum(e["files"] == "covered" for e in entries)
    text = f"{covered} covered by the chain"
    if covered < len(entries):
        text += f", {len(entries) - covered} not covered (recorded before change files were chained)"
    rederived = [e for e in entries if e.get("rederived") != "not re-derived"]
    if rederived:
        text += f", {len(rederived)} re-derived from the snapshots"
        differing = sum(e["rederived"] == "differs" for e in rederived)
        text += f" ({differing} differ)" if differing else ""
    return text


def attestation_line(a: Attestation) -> str:
    """How far one policy's history is signed and time-stamped, in one line."""
    if a.signed_upto is None:
        return f"unsigned ({a.unsigned_records} records)"
    trust = "trusted key" if a.key_trusted else "key as published in the store"
    text = f"records 1-{a.signed_upto} signed by {a.key_id} ({trust})"
    if a.timestamped_upto is not None:
        checked = "verified" if a.tsa_verified else "not checked against a root"
        text += f", time-stamped to {a.timestamped_upto} at {a.timestamped_at} by {a.tsa} ({checked})"
    if a.unsigned_records:
        text += f"; {a.unsigned_records} later records unsigned"
    return text


@click.command("export")
@click.argument("policy_id")
@click.option(
    "--at", "at", required=True, help="Date YYYY-MM-DD (the snapshot in force then), timestamp or snapshot id."
)
@out_folder_option("Folder the bundle folder is written into.", default=".")
@config_option
@store_option
def export_command(policy_id: str, at: str, out_dir: str, config_path: str | None, store_dir: str | None) -> None:
    """Write the evidence bundle of the policy as it stood at DATE (raw body, text, metadata, chain proof).

    Exit 0: written; 2: no snapshot then, the store fails verification, or the bundle exists.
    """
    from tracker.evidence.bundle import export_bundle

    store = store_from_options(config_path, store_dir)
    bundle = export_bundle(store, policy_id, at, out_dir)
    click.echo(f"{bundle.path}: snapshot {bundle.snapshot_id}, {len(bundle.files)} files + SHA256SUMS")


def _iso_date(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    from datetime import date

    if value is None:
        return None
    try:
        date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date YYYY-MM-DD") from None
    return value


@click.command("backfill")
@click.argument("policy_id")
@click.option("--from", "since", callback=_iso_date, help="Only captures on or after this date (YYYY-MM-DD).")
@click.option("--to", "until", callback=_iso_date, help="Only captures on or before this date (YYYY-MM-DD).")
@click.option("--every", type=click.Choice(["day", "week", "month", "year"]), help="Keep the first capture a period.")
@click.option("--delay", type=click.FloatRange(0, 60), default=2.5, show_default=True, help="Seconds between requests.")
@click.option(
    "--archive-url",
    envvar="POLICY_TRACKER_ARCHIVE_URL",
    default="https://web.archive.org",
    show_default=True,
    help="Wayback Machine base URL (CDX API at /cdx/search/cdx, captures at /web/).",
)
@json_option("one JSON document (schema policy-tracker/backfill/1)")
@config_option
@store_option
def backfill_command(
    policy_id: str,
    since: str | None,
    until: str | None,
    every: str | None,
    delay: float,
    archive_url: str,
    as_json: bool,
    config_path: str | None,
    store_dir: str | None,
) -> None:
    """Store the policy's past versions from the Wayback Machine as dated snapshots (source=wayback).

    Exit 0: the captures were listed and every one fetched was stored or skipped; 2: the listing
    failed, the policy is unknown, the store is locked, or some captures could not be fetched or
    extracted (the others are stored all the same).
    """
    from tracker.evidence.backfill import Capture, backfill
    from tracker.fetch.http import FetchOptions
    from tracker.fetch.options import fetch_options_for
    from tracker.store import Store

    config = required_config(config_path)
    policy = config.policy(policy_id)
    store = Store(store_dir) if store_dir else Store(config.store_path)

    def show(capture: Capture, outcome: str) -> None:
        if not as_json:
            click.echo(f"{capture.fetched_at} {outcome}")

    options = fetch_options_for(config, policy, FetchOptions(backoff=2.0))
    result = backfill(
        store,
        policy,
        archive_url=archive_url,
        since=since,
        until=until,
        every=every,
        delay=delay,
        options=options,
        on_capture=show,
    )
    if as_json:
        click.echo(json.dumps(result.to_dict(), indent=1))
    else:
        for failure in result.failed:
            click.echo(f"failed {failure}")
        click.echo(
            f"{policy_id}: {result.listed} captures listed, {result.considered} considered, "
            f"{len(result.stored)} stored, {result.unchanged} unchanged, {result.same_digest} same bytes, "
            f"{result.already} already stored, {len(result.failed)} failed"
        )
    if result.failed:
        if not as_json:
            click.echo(f"error: policy {policy_id!r}: {len(result.failed)} captures could not be stored", err=True)
        sys.exit(EXIT_ERROR)


@click.command("import-declarations")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@click.option("--config", "config_path", type=click.Path(dir_okay=False), default="policies.toml", show_default=True,
              help="Config to add the policies to (created if missing).")  # fmt: skip
@click.option("--type", "terms_types", multiple=True, help='Only this terms type, e.g. "Privacy Policy" (repeatable).')
@click.option("--dry-run", is_flag=True, help="Show what would be added; write nothing.")
@json_option("one JSON document (schema policy-tracker/import/1)")
def import_declarations_command(
    paths: tuple[str, ...], config_path: str, terms_types: tuple[str, ...], dry_run: bool, as_json: bool
) -> None:
    """Add the documents of Open Terms Archive declaration files (or folders of them) to the config.

    Everything that could not be mapped is listed. Exit 0: done (also when parts were unmapped);
    2: a file is not a declaration, or the config is invalid.
    """
    from tracker.evidence.declarations import import_declarations

    report = import_declarations(paths, config_path, terms_types=terms_types or None, dry_run=dry_run)
    if as_json:
        click.echo(json.dumps(report.to_dict(), indent=1, ensure_ascii=False))
        return
    for table in report.added:
        pages = [u if isinstance(u, str) else u["url"] for u in table.get("urls", [])]
        click.echo(f"added {table['id']}: {table.get('url') or ' + '.join(pages)}")
    for policy_id in report.skipped:
        click.echo(f"skipped {policy_id}: already in {config_path}")
    for line in report.unmapped:
        click.echo(f"unmapped {line}")
    where = "nothing written (dry run)" if dry_run else (f"wrote {report.written}" if report.written else "no change")
    click.echo(f"{len(report.added)} added, {len(report.skipped)} skipped, {len(report.unmapped)} unmapped; {where}")
