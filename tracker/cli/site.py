"""Site commands: ``site`` (write the static history site) and ``serve`` (preview it, live rebuild)."""

from __future__ import annotations

from pathlib import Path

import click

from tracker.cli.options import config_option, out_folder_option, store_and_config, store_option

out_option = out_folder_option("Folder to write the site to.", default="site")


def _report(stats_warnings: list[str]) -> None:
    for line in stats_warnings:
        click.echo(f"warning: {line}", err=True)


@click.command("site")
@out_option
@config_option
@store_option
def site_command(out_dir: str, config_path: str | None, store_dir: str | None) -> None:
    """Write the store as a static site (index, timelines, changes, snapshots, Atom feeds)."""
    from tracker.site.build import build_site

    store, config = store_and_config(config_path, store_dir)
    stats = build_site(store, Path(out_dir), config=config)
    _report(stats.warnings)
    click.echo(
        f"wrote {stats.pages} pages ({stats.files} files) for {stats.policies} policies, "
        f"{stats.snapshots} snapshots, {stats.changes} changes: {Path(out_dir) / 'index.html'}"
    )


@click.command("serve")
@out_option
@click.option(
    "--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="Port on 127.0.0.1 (0: any)."
)
@click.option(
    "--interval", type=click.FloatRange(0.1, 3600), default=1.0, show_default=True, help="Seconds between store checks."
)
@config_option
@store_option
def serve_command(out_dir: str, port: int, interval: float, config_path: str | None, store_dir: str | None) -> None:
    """Preview the site on 127.0.0.1, rebuilding it whenever the store changes (Ctrl-C stops)."""
    from tracker.models import utc_now
    from tracker.site.build import SiteStats
    from tracker.site.serve import serve_site

    def rebuilt(stats: SiteStats | None, error: str | None) -> None:
        if stats is not None:
            _report(stats.warnings)
            click.echo(f"{utc_now()} store changed: rebuilt {stats.pages} pages")
        else:
            click.echo(f"error: rebuild failed, still serving the last build: {error}", err=True)

    store, config = store_and_config(config_path, store_dir)
    preview = serve_site(
        store,
        Path(out_dir),
        config=config,
        port=port,
        on_rebuild=rebuilt,
        interval=interval,
    )
    if preview.last_stats:
        _report(preview.last_stats.warnings)
    click.echo(f"serving {preview.url} (site in {out_dir}); rebuilt when the store changes; Ctrl-C stops", nl=True)
    try:
        preview.wait()
    except KeyboardInterrupt:
        pass
    finally:
        preview.stop()
