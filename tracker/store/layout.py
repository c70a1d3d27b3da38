"""Names inside the store: snapshot ids, the files of a change, and where a change's folder is.

The one owner of the report folder layout (``<policy>/reports/<old>__<new>/``), which the
published site mirrors.
"""

from __future__ import annotations

import re
from pathlib import Path

from tracker.errors import StoreError

SNAPSHOT_ID_RE = re.compile(r"^\d{8}T\d{6}Z(-\d+)?$")
HEADS_DIR = "heads"  # signed statements of every policy's last record
REPORT_NAME = "report.html"  # the rendered redline of one change
DIFF_NAME = "diff.json"  # the classified diff of one change


def change_key(old_id: str, new_id: str) -> str:
    """``<old>__<new>``: the folder name of the change old → new under ``<policy>/reports/``."""
    return f"{old_id}__{new_id}"


def report_relpath(policy_id: str, old_id: str, new_id: str) -> str:
    """``<policy>/reports/<old>__<new>``: a change's folder relative to the store root (and to the
    published site, which mirrors the store's layout)."""
    return f"{policy_id}/reports/{change_key(old_id, new_id)}"


def snapshot_id_for(timestamp: str) -> str:
    """``2026-11-25T10:15:00Z`` → ``20261125T101500Z`` (the snapshot id for that fetch time)."""
    digits = re.sub(r"[^0-9]", "", timestamp)
    if len(digits) < 14:
        raise StoreError(f"cannot make a snapshot id from timestamp {timestamp!r}")
    return f"{digits[:8]}T{digits[8:14]}Z"


def require_snapshot_id(policy_id: str, snapshot_id: str, what: str = "snapshot id") -> None:
    """Refuse (``StoreError``) an id that is not shaped like a snapshot id, so it never becomes a path."""
    if not SNAPSHOT_ID_RE.fullmatch(snapshot_id):
        article = "an" if what[:1] in "aeiou" else "a"
        raise StoreError(f"policy {policy_id!r}: {snapshot_id!r} is not {article} {what}")


def refuse_inside_store(store_root: Path, target: Path, what: str) -> None:
    """Refuse (``StoreError``) to write ``what`` (the site, a bundle, a private key ...) at
    ``target`` when that is the store folder or inside it: the store holds only its own record."""
    root, place = store_root.resolve(), target.resolve()
    if place == root or root in place.parents:
        raise StoreError(f"{target}: {what} cannot be written inside the snapshot store {store_root}")
