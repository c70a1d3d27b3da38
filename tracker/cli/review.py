"""Review commands: ``review`` (record a decision on a change, or list what awaits review) and
``report`` (a stored change's redline as HTML, Markdown, Word or PDF)."""

from __future__ import annotations

import json

import click

from tracker.cli.core import write_rendered
from tracker.cli.options import config_option, json_option, store_from_options, store_option
from tracker.errors import TrackerError
from tracker.review import DECISIONS

FORMATS = ["html", "markdown", "json", "docx", "pdf"]


@click.command("review")
@click.argument("policy_id", required=False)
@click.argument("change", required=False)
@click.option("--decision", type=click.Choice(DECISIONS), help="The reviewer's decision on CHANGE.")
@click.option("--note", default="", help="Why (kept in the log, shown on the site).")
@click.option("--by", "by", help="Who decides (name or email).")
@json_option("JSON (the review recorded, or the queue)")
@config_option
@store_option
def review_command(
    policy_id: str | None,
    change: str | None,
    decision: str | None,
    note: str,
    by: str | None,
    as_json: bool,
    config_path: str | None,
    store_dir: str | None,
) -> None:
    """Sign off a change: ``review ID CHANGE --decision D --note TEXT --by NAME`` appends the
    decision to the policy's hash-chained log (CHANGE: OLD__NEW, or a snapshot ref such as
    ``latest`` for the change that brought it in). Without CHANGE, list the changes of ID (or of
    every policy) that await review."""
    from tracker.review import awaiting_review, record_review

    store = store_from_options(config_path, store_dir)
    if change is None:
        if decision or by or note:
            raise TrackerError("review: --decision, --note and --by need a POLICY_ID and a CHANGE")
        if policy_id is not None:
            store.policy_dir(policy_id)  # refuses an unsafe id
        pending = awaiting_review(store, [policy_id] if policy_id else None)
        if as_json:
            document = {"schema": "policy-tracker/review-queue/1", "awaiting": [p.to_dict() for p in pending]}
            click.echo(json.dumps(document, indent=2, ensure_ascii=False))
            return
        for item in pending:
            data = item.to_dict()
            level = f"[{item.materiality}] " if item.materiality else ""
            click.echo(f"{item.at}  {item.policy_id}  {data['change']}  {level}{item.summary or ''}".rstrip())
        click.echo(f"{len(pending)} change{'' if len(pending) == 1 else 's'} awaiting review", err=True)
        return
    assert policy_id is not None  # click fills arguments left to right
    if decision is None or not by:
        raise TrackerError(f"policy {policy_id!r}: review {change}: give --decision and --by")
    recorded = record_review(store, policy_id, change, decision=decision, note=note, by=by)
    if as_json:
        click.echo(json.dumps(recorded.to_dict(), indent=2, ensure_ascii=False))
    else:
        click.echo(f"{policy_id}: {recorded.key}: {recorded.decision} by {recorded.by} (log seq {recorded.seq})")


@click.command("report")
@click.argument("policy_id")
@click.argument("ref", default="latest")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="html", show_default=True)
@click.option("--whole", is_flag=True, help="The whole document, every change in place (html, pdf, docx).")
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="Write here (docx and pdf: required).")
@config_option
@store_option
def report_command(
    policy_id: str,
    ref: str,
    fmt: str,
    whole: bool,
    output: str | None,
    config_path: str | None,
    store_dir: str | None,
) -> None:
    """The redline of a stored change of POLICY_ID, with its review state: REF is OLD__NEW, or a
    snapshot ref (default ``latest``) for the change that brought that snapshot in."""
    from tracker.report.formats import render_stored

    store = store_from_options(config_path, store_dir)
    write_rendered(render_stored(store, policy_id, ref, fmt, whole=whole), output, fmt)  # type: ignore[arg-type]
