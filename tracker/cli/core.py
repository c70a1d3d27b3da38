"""Core commands: ``diff``, ``history``, ``normalize`` and ``demo``."""

from __future__ import annotations

import json
import shlex
import sys
from pathlib import Path

import click

from tracker.cli.complete import complete_policy_ids, complete_refs
from tracker.cli.options import (
    CONFIG_HELP,
    config_from_options,
    config_option,
    json_option,
    selector_options,
    store_and_config,
    store_from_options,
    store_option,
)
from tracker.errors import TrackerError
from tracker.exitcodes import EXIT_CHANGED
from tracker.store import Store

# the shared options, re-exported for the command modules that take them from here
__all__ = ["CONFIG_HELP", "config_from_options", "config_option", "store_and_config", "store_from_options"]
__all__ += ["store_option"]


def _write_output(text: str, output: str | None) -> None:
    if output:
        Path(output).parent.mkdir(parents=True, exist_ok=True)  # -o reports/2026/x.html: make the folders
        Path(output).write_text(text, encoding="utf-8")
        click.echo(f"wrote {output}", err=True)
    else:
        click.echo(text, nl=False)


def warn_if_unverified(store: Store, policy_id: str) -> None:
    """One warning line on stderr when the policy's stored history fails ``verify``: what a
    reader is about to be shown may have been altered."""
    from tracker.evidence.verify import verify

    try:
        report = verify(store, policy_id)
    except TrackerError:
        return  # nothing stored to vouch for: the command itself says so
    if report.problems:
        first = report.problems[0].line()
        click.echo(
            f"warning: store {store.root}: policy {policy_id!r} fails verification "
            f"({len(report.problems)} problems; first: {first})",
            err=True,
        )


def write_rendered(data: bytes | str, output: str | None, fmt: str) -> None:
    """Write a rendered report to ``output``, or to standard output (binary formats not to a terminal)."""
    if output:
        Path(output).parent.mkdir(parents=True, exist_ok=True)  # -o reports/2026/x.html: make the folders
        Path(output).write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        click.echo(f"wrote {output}", err=True)
    elif isinstance(data, bytes):
        if sys.stdout.isatty():
            raise TrackerError(f"--format {fmt}: a binary file, give -o FILE")
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        click.echo(data, nl=False)


@click.command("diff")
@click.argument("old", shell_complete=complete_refs)
@click.argument("new", shell_complete=complete_refs)
@click.option("--format", "fmt", type=click.Choice(["text", "markdown", "html", "json", "docx", "pdf"]),
              help="text (coloured on a terminal; NO_COLOR honoured), markdown, html, json, docx (Word tracked "
              "changes) or pdf (the HTML report printed by Chromium) "
              "[default: text on a terminal, else markdown].")  # fmt: skip
@click.option("--whole", is_flag=True, help="The whole document, every change in place (html, pdf, docx).")
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="Write here instead of standard output.")
@click.option("--policy", "policy_id", shell_complete=complete_policy_ids,
              help="Policy id, so OLD and NEW can be bare snapshot refs.")  # fmt: skip
@selector_options("files and URLs")
@click.option("--exit-code", is_flag=True, help="Exit 1 when there are non-editorial changes (like git diff).")
@config_option
@store_option
def diff_command(
    old: str,
    new: str,
    fmt: str | None,
    whole: bool,
    output: str | None,
    policy_id: str | None,
    select: tuple[str, ...],
    remove: tuple[str, ...],
    exit_code: bool,
    config_path: str | None,
    store_dir: str | None,
) -> None:
    """Compare two versions of a policy: OLD and NEW are local files (HTML, Markdown, PDF,
    text), URLs, or stored snapshots as POLICY_ID@REF (REF: snapshot id, date YYYY-MM-DD,
    latest, previous, ~N)."""
    from tracker.report.compare import compare_versions
    from tracker.report.formats import render_comparison
    from tracker.report.terminal import color_wanted
    from tracker.sources import load_version

    store = store_from_options(config_path, store_dir)
    old_v = load_version(old, store=store, policy_id=policy_id, select=select, remove=remove)
    new_v = load_version(new, store=store, policy_id=policy_id, select=select, remove=remove)
    for stored in dict.fromkeys(v.policy_id for v in (old_v, new_v) if v.policy_id):
        warn_if_unverified(store, stored)
    comparison = compare_versions(old_v, new_v, policy_id=policy_id)
    terminal = output is None and sys.stdout.isatty()
    fmt = fmt or ("text" if terminal else "markdown")
    rendered = render_comparison(comparison, fmt, whole=whole, color=color_wanted(terminal))  # type: ignore[arg-type]
    write_rendered(rendered, output, fmt)
    if exit_code and comparison.diff.has_changes:
        sys.exit(EXIT_CHANGED)


@click.command("history")
@click.argument("policy_id", shell_complete=complete_policy_ids)
@json_option("JSON instead of a table")
@config_option
@store_option
def history_command(policy_id: str, as_json: bool, config_path: str | None, store_dir: str | None) -> None:
    """Show every check and stored snapshot of a policy, oldest first."""
    from tracker.history import policy_history

    store = store_from_options(config_path, store_dir)
    entries = policy_history(store, policy_id)
    warn_if_unverified(store, policy_id)
    if as_json:
        click.echo(json.dumps([e.to_dict() for e in entries], indent=2, ensure_ascii=False))
        return
    for entry in entries:
        sid = entry.snapshot_id or "-"
        click.echo(f"{entry.at}  {entry.kind:<10} {entry.status:<12} {sid:<18} {entry.detail}".rstrip())


@click.command("normalize")
@click.argument("source")
@click.option("--format", "fmt", type=click.Choice(["markdown", "json"]), default="markdown", show_default=True)
@selector_options("repeatable")
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="Write here instead of standard output.")
def normalize_command(
    source: str, fmt: str, select: tuple[str, ...], remove: tuple[str, ...], output: str | None
) -> None:
    """Print the normalised policy text of a local file or a URL (Markdown or structured JSON)."""
    from tracker.sources import load_version, not_a_file

    if not source.startswith(("http://", "https://")) and not Path(source).is_file():
        raise not_a_file(source)
    loaded = load_version(source, select=select, remove=remove)
    if fmt == "json":
        text = json.dumps(loaded.document.to_dict(), ensure_ascii=False, indent=2) + "\n"
    else:
        text = loaded.document.to_markdown()
    _write_output(text, output)


@click.command("demo")
@click.option("--dir", "workdir", type=click.Path(file_okay=False), help="Work here (default: a new temp folder).")
def demo_command(workdir: str | None) -> None:
    """Run the offline demo: serve two versions of the IndiaMART policy on 127.0.0.1 and check them."""
    from tracker.demo import run_demo

    result = run_demo(Path(workdir) if workdir else None, echo=click.echo)
    change = result.change
    click.echo("")
    click.echo(f"folder:  {result.workdir}")
    click.echo(f"config:  {result.config_path}")
    click.echo(f"store:   {result.workdir / 'snapshots'}")
    if change.report_path:
        click.echo(f"report:  {change.report_path}")
    for name, path in sorted((change.notice_paths or {}).items()):
        click.echo(f"notice:  {path}  ({name})")
    if change.status != "changed":
        raise TrackerError(f"demo: expected the edited policy to be reported as changed, got {change.status}")
    click.echo("")
    click.echo("The everyday commands work on that folder; go there first:")
    click.echo(f"  cd {shlex.quote(str(result.workdir))} && policy-tracker history indiamart-privacy")
