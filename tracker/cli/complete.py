"""Shell completion (click's): policy ids from the config or the store, snapshot refs
``POLICY@REF`` from the store. Completion never fails: a missing or broken config completes
nothing."""

from __future__ import annotations

from typing import Any

import click
from click.shell_completion import CompletionItem

REF_WORDS = ("latest", "previous", "~1")


def _store_and_config(ctx: click.Context) -> tuple[Any, Any]:
    from tracker.cli.options import store_and_config

    params = ctx.params
    return store_and_config(params.get("config_path"), params.get("store_dir"))


def policy_ids(ctx: click.Context) -> list[str]:
    """The policy ids known to the config the command would read, else to its store."""
    try:
        store, config = _store_and_config(ctx)
        if config is not None:
            return [p.id for p in config.policies]
        return store.policy_ids()
    except Exception:  # completion must never print a traceback into the user's shell
        return []


def complete_policy_ids(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
    """Complete a policy id."""
    return [CompletionItem(pid) for pid in policy_ids(ctx) if pid.startswith(incomplete)]


def complete_refs(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
    """Complete ``POLICY@REF`` (a snapshot id, ``latest``, ``previous``, ``~1``), or a file path."""
    if "@" not in incomplete:
        ids = [CompletionItem(f"{pid}@", help="snapshots") for pid in policy_ids(ctx) if pid.startswith(incomplete)]
        return ids or [CompletionItem(incomplete, type="file")]
    pid, _, ref = incomplete.partition("@")
    try:
        store, _ = _store_and_config(ctx)
        snapshot_ids = [m.snapshot_id for m in store.snapshots(pid)]
    except Exception:  # an unknown policy or an unreadable store: nothing to offer
        return []
    words = [*REF_WORDS, *reversed(snapshot_ids)] if snapshot_ids else []
    return [CompletionItem(f"{pid}@{w}") for w in words if w.startswith(ref)]
