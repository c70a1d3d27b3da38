"""Core commands: ``diff``, ``history``, ``normalize`` and ``demo``."""

from __future__ import annotations

import json
import shlex
import sys
from pathlib import Path

import click

from tracker.config import Config, load_config
from tracker.errors import TrackerError
from tracker.exitcodes import EXIT_CHANGED
from tracker.store import Store


def config_from_options(config_path: str | None, store_dir: str | None) -> Config | None:
    """The configuration ``--config`` names, else ./policies.toml when present, unless ``--store``
    names a store of its own (then None: that store need not be this folder's config's)."""
    if config_path:
        return load_config(config_path)
    if not store_dir and Path("policies.toml").is_file():
        return load_config("policies.toml")
    return None


def store_and_config(config_path: str | None, store_dir: str | None) -> tuple[Store, Config | None]:
    """The store named by ``--store``, else the one in the config (see ``config_from_options``),
    else ./snapshots; with that config, each read once."""
    config = config_from_options(config_path, store_dir)
    if store_dir:
        return Store(store_dir), config
    return Store(config.store_path if config else "snapshots"), config


def store_from_options(config_path: str | None, store_dir: str | None) -> Store:
    """The store named by ``--store`` (no config read), else the one in ``--config`` (or
    ./policies.toml), else ./snapshots."""
    if store_dir:
        return Store(store_dir)
    return store_and_config(config_path, None)[0]


def _write_output(text: str, output: str | None) -> None:
    if output:
        Path(output).parent.mkdir(parents=True, exist_ok=True)  # -o reports/2026/x.html: make the folders
        Path(output).write_text(text, encoding="utf-8")
        click.echo(f"wrote {output}", err=True)
    else:
        click.echo(text, nl=False)


config_option = click.option("--config", "config_path", type=click.Path(dir_okay=False), help="policies.toml to read.")
store_option = click.option("--store", "store_dir", type=click.Path(file_okay=False), help="Snapshot store folder.")


@click.command("diff")
@click.argument("old")
@click.argument("new")
@click.option("--format", "fmt", type=click.Choice(["html", "markdown", "json"]), default="markdown", show_default=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="Write here instead of standard output.")
@click.option("--policy", "policy_id", help="Policy id, so OLD and NEW can be bare snapshot refs.")
@click.option("--select", multiple=True, help="CSS selector of the policy body (files and URLs).")
@click.option("--remove", multiple=True, help="CSS selector of noise to drop (files and URLs).")
@click.option("--exit-code", is_flag=True, help="Exit 1 when there are non-editorial changes (like git diff).")
@config_option
@store_option
def diff_command(
    old: str,
    new: str,
    fmt: str,
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
    from tracker.report.compare import compare_versions, format_diff
    from tracker.sources import load_version

    store = store_from_options(config_path, store_dir)
    old_v = load_version(old, store=store, policy_id=policy_id, select=select, remove=remove)
    new_v = load_version(new, store=store, policy_id=policy_id, select=select, remove=remove)
    comparison = compare_versions(old_v, new_v, policy_id=policy_id)
    _write_output(format_diff(comparison.diff, fmt), output)  # type: ignore[arg-type]
    if exit_code and comparison.diff.has_changes:
        sys.exit(EXIT_CHANGED)


@click.command("history")
@click.argument("policy_id")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@config_option
@store_option
def history_command(policy_id: str, as_json: bool, config_path: str | None, store_dir: str | None) -> None:
    """Show every check and stored snapshot of a policy, oldest first."""
    from tracker.history import policy_history

    entries = policy_history(store_from_options(config_path, store_dir), policy_id)
    if as_json:
        click.echo(json.dumps([e.to_dict() for e in entries], indent=2, ensure_ascii=False))
        return
    for entry in entries:
        sid = entry.snapshot_id or "-"
        click.echo(f"{entry.at}  {entry.kind:<10} {entry.status:<12} {sid:<18} {entry.detail}".rstrip())


@click.command("normalize")
@click.argument("source")
@click.option("--format", "fmt", type=click.Choice(["markdown", "json"]), default="markdown", show_default=True)
@click.option("--select", multiple=True, help="CSS selector of the policy body.")
@click.option("--remove", multiple=True, help="CSS selector of noise to drop.")
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="Write here instead of standard output.")
def normalize_command(
    source: str, fmt: str, select: tuple[str, ...], remove: tuple[str, ...], output: str | None
) -> None:
    """Print the normalised policy text of a local file or a URL (Markdown or structured JSON)."""
    from tracker.sources import load_version

    if not source.startswith(("http://", "https://")) and not Path(source).is_file():
        raise TrackerError(f"{source}: no such file")
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
