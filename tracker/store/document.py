"""A stored snapshot's ``policy.json`` bytes read back as its document (wherever they are read)."""

from __future__ import annotations

import json

from tracker.errors import StoreError
from tracker.models import PolicyDocument


def parse_document(policy_id: str, snapshot_id: str, data: bytes) -> PolicyDocument:
    """The document of a snapshot's ``policy.json`` bytes; ``StoreError`` when they are not one."""
    try:
        return PolicyDocument.from_dict(json.loads(data.decode("utf-8")))
    except ValueError as exc:  # JSON, UTF-8
        raise StoreError(f"policy {policy_id!r}: snapshot {snapshot_id} is unreadable: {exc}") from None
    except (KeyError, TypeError, AttributeError) as exc:  # valid JSON, not a document's shape
        cause = f"no {exc}" if isinstance(exc, KeyError) else f"{type(exc).__name__}: {exc}"
        where = f"policy {policy_id!r}: snapshot {snapshot_id}"
        raise StoreError(f"{where}: policy.json is malformed ({cause})") from None
