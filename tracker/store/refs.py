"""Reading a snapshot reference: an id or its prefix, ``latest``, ``previous``, ``~N``, or a date."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime

from tracker.errors import StoreError
from tracker.models import SnapshotMeta


def check_date_ref(policy_id: str, ref: str) -> None:
    """Refuse a reference shaped like a date or timestamp that is not a real one (``2026-13-01``)."""
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2})?Z?)?", ref):
        return
    try:
        datetime.fromisoformat(ref.rstrip("Z"))
    except ValueError:
        raise StoreError(
            f"policy {policy_id!r}: {ref!r} is not a valid date (YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ)"
        ) from None


def _by_id_prefix(policy_id: str, metas: Sequence[SnapshotMeta], ref: str) -> SnapshotMeta:
    prefixed = [m for m in metas if m.snapshot_id.startswith(ref)]
    if len(prefixed) == 1:
        return prefixed[0]
    if len(prefixed) > 1:
        raise StoreError(f"policy {policy_id!r}: {ref!r} matches {len(prefixed)} snapshots")
    raise StoreError(f"policy {policy_id!r}: no snapshot matches {ref!r}")


def resolve_ref(policy_id: str, metas: Sequence[SnapshotMeta], ref: str, where: object) -> SnapshotMeta:
    """The snapshot ``ref`` names among ``metas`` (a policy's snapshots, oldest first, kept in the
    store ``where``); ``StoreError`` when none does.

    ``ref`` may be a snapshot id (or a unique prefix of one), ``latest``, ``previous``,
    ``~N`` (N snapshots before the latest), or a date ``YYYY-MM-DD`` / timestamp meaning
    the snapshot in force then (the newest fetched on or before it).
    """
    check_date_ref(policy_id, ref)
    if not metas:
        raise StoreError(f"policy {policy_id!r}: no snapshots in {where}")
    if ref == "latest":
        return metas[-1]
    if ref == "previous":
        ref = "~1"
    if re.fullmatch(r"~\d+", ref):
        back = int(ref[1:])
        if back >= len(metas):
            raise StoreError(f"policy {policy_id!r}: only {len(metas)} snapshots, cannot go back {back}")
        return metas[-1 - back]
    exact = [m for m in metas if m.snapshot_id == ref]
    if exact:
        return exact[0]
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", ref):
        end = ref + "T23:59:59Z"
    elif re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?Z?", ref):
        end = ref.rstrip("Z") + ("Z" if ref.count(":") == 2 else ":59Z")
    else:
        return _by_id_prefix(policy_id, metas, ref)
    in_force = [m for m in metas if m.fetched_at <= end]
    if not in_force:
        raise StoreError(f"policy {policy_id!r}: no snapshot on or before {ref} (first is {metas[0].fetched_at})")
    return in_force[-1]
