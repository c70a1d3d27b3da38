"""``check --dry-run``: fetch and report what a check would find, storing nothing.

The run goes against a scratch copy of the store in a temporary folder (snapshot files are
hard-linked where the file system allows: they are never rewritten; logs and state are copied),
with no listeners (no alerts, no feeds); the copy is removed afterwards. The real store is only
read, byte for byte as it was, and not locked: a dry run beside a real run sees the store as
an interrupted run would have left it, which the store is built to read.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from tracker.check.outcome import CheckOutcome, CheckRun, OutcomeCallback
from tracker.check.run import run_check
from tracker.config import Config
from tracker.fetch.request import FetchOptions
from tracker.store import Store


def _link_or_copy(src: str, dst: str) -> object:
    if f"{os.sep}snap{os.sep}" in src:
        try:
            os.link(src, dst)
            return dst
        except OSError:
            pass
    return shutil.copy2(src, dst)


def scratch_copy(store: Store, into: Path) -> Store:
    """A copy of ``store`` at ``into`` that a run may write to without touching the original."""
    if store.root.is_dir():
        shutil.copytree(store.root, into, copy_function=_link_or_copy, ignore=shutil.ignore_patterns(".lock"))
    return Store(into)


def dry_run_check(
    config: Config,
    *,
    policy_ids: list[str] | tuple[str, ...] | None = None,
    store: Store | None = None,
    on_outcome: OutcomeCallback | None = None,
    fetch_options: FetchOptions | None = None,
    force: bool = False,
    extract_workers: int | None = None,
) -> CheckRun:
    """What ``run_check`` would find, with nothing stored, sent or rewritten. The outcomes carry
    no report or notice paths (those files were written in the scratch copy only)."""
    store = store or Store(config.store_path)
    with tempfile.TemporaryDirectory(prefix="policy-tracker-dry-run-") as tmp:
        scratch = scratch_copy(store, Path(tmp) / "store")

        def report(outcome: CheckOutcome) -> None:
            _forget_files(outcome)
            if on_outcome:
                on_outcome(outcome)

        run = run_check(
            config,
            policy_ids=policy_ids,
            store=scratch,
            on_outcome=report,
            fetch_options=fetch_options,
            listeners=[],
            force=force,
            extract_workers=extract_workers,
        )
    for outcome in run.outcomes:
        _forget_files(outcome)
    return run


def _forget_files(outcome: CheckOutcome) -> None:
    outcome.report_path = None
    outcome.notice_paths = {}
