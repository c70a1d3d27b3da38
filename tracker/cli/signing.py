"""``keygen`` and ``sign``: the key that signs a store's heads, and signing on demand."""

from __future__ import annotations

from pathlib import Path

import click

from tracker.cli.core import config_option, store_and_config, store_option
from tracker.errors import ConfigError
from tracker.store import refuse_inside_store


@click.command("keygen")
@click.option("--key", "key_path", type=click.Path(dir_okay=False), help="Where to write the private key.")
@config_option
def keygen_command(key_path: str | None, config_path: str | None) -> None:
    """Make the Ed25519 key that signs the store's heads (default path: the config's
    [evidence] signing_key). Keep it outside the store; the store only gets its public half."""
    from tracker.cli.core import config_from_options
    from tracker.evidence.keys import generate_key, key_id

    config = config_from_options(config_path, None)
    path = Path(key_path) if key_path else (config.evidence.signing_key if config else None)
    if path is None:
        raise ConfigError("keygen: no key path (give --key FILE, or set [evidence] signing_key in the config)")
    # the private half never goes into the store (which may be published or kept in git)
    refuse_inside_store(config.store_path if config else Path("snapshots"), path, "the private signing key")
    public = generate_key(path)
    click.echo(f"wrote {path} (key id {key_id(public)}); publish this key id so readers can check it")


@click.command("sign")
@config_option
@store_option
def sign_command(config_path: str | None, store_dir: str | None) -> None:
    """Sign (and time-stamp, with [evidence] tsa_url) the head of every policy now, e.g. after a
    backfill; `check` does it after every run."""
    from tracker.evidence.heads import sign_heads
    from tracker.evidence.keys import load_private_key

    store, config = store_and_config(config_path, store_dir)
    if config is None or config.evidence.signing_key is None:
        raise ConfigError("sign: no signing key configured ([evidence] signing_key)")
    with store.lock():
        signed, problem = sign_heads(
            store,
            load_private_key(config.evidence.signing_key),
            tsa_url=config.evidence.tsa_url,
            timeout=config.settings.timeout,
        )
    stamped = "time-stamped" if signed.timestamped else "not time-stamped"
    click.echo(f"{signed.path}: {signed.policies} policies signed by key {signed.key_id}, {stamped}")
    if problem:
        click.echo(f"warning: {problem}", err=True)
