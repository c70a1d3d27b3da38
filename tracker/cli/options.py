"""The options every command shares, and the one place the config and the store are found."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click

from tracker.config import Config, load_config
from tracker.discovery import CONFIG_ENV, CONFIG_NAME, find_config, user_config_path
from tracker.errors import ConfigError
from tracker.store import Store

F = TypeVar("F", bound=Callable[..., Any])


def config_from_options(config_path: str | None, store_dir: str | None) -> Config | None:
    """The configuration every command reads (the one place it is looked for): the file
    ``--config`` names, else the first of ``$POLICY_TRACKER_CONFIG``, ./policies.toml and the
    per-user config (``tracker.discovery.find_config``), unless ``--store`` names a store of its own
    (then None: that store need not be the config's)."""
    if config_path:
        return load_config(config_path)
    found = None if store_dir else find_config()
    return load_config(found) if found is not None else None


def required_config(config_path: str | None) -> Config:
    """The configuration (as ``config_from_options`` finds it); ``ConfigError`` when there is none."""
    config = config_from_options(config_path, None)
    if config is None:
        raise ConfigError(
            f"no config file: give --config, set {CONFIG_ENV}, or create ./{CONFIG_NAME} or {user_config_path()}"
        )
    return config


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


CONFIG_HELP = f"Config file (default: ${CONFIG_ENV}, else ./{CONFIG_NAME}, else the per-user one)."
config_option = click.option("--config", "config_path", type=click.Path(dir_okay=False), help=CONFIG_HELP)
store_option = click.option(
    "--store", "store_dir", type=click.Path(file_okay=False), help="Snapshot store folder (default: the config's)."
)


def json_option(what: str) -> Callable[[F], F]:
    """``--json`` (into ``as_json``): print ``what`` ("one JSON document (schema ...)") instead of text."""
    return click.option("--json", "as_json", is_flag=True, help=f"Print {what}.")


def out_folder_option(help: str, default: str | None = None) -> Callable[[F], F]:
    """``-o``/``--out`` (into ``out_dir``): a folder to write into, ``default`` shown in ``--help``
    (``-o`` as the commands that write a file spell it)."""
    return click.option(
        "--out",
        "-o",
        "out_dir",
        type=click.Path(file_okay=False),
        default=default,
        show_default=default is not None,
        help=help,
    )


def selector_options(note: str) -> Callable[[F], F]:
    """``--select`` and ``--remove`` (repeatable CSS selectors of the policy's text and of the noise
    to drop), ``note`` added to their help ("files and URLs", "repeatable")."""

    def decorate(command: F) -> F:
        command = click.option("--remove", multiple=True, help=f"CSS selector of noise to drop ({note}).")(command)
        return click.option("--select", multiple=True, help=f"CSS selector of the policy's text ({note}).")(command)

    return decorate
