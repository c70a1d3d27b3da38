"""Which folders a store may write into: its marker, and the adoption of an older unmarked store.

Before the first write, a store must be a folder that is new, empty, or already a store (it has
the marker, or, written by an older version, only the store's layout: it is adopted); anything
else (``/etc``, a home folder, a file) is refused, so a typo in ``store`` never writes into it.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

from tracker.config import is_valid_policy_id
from tracker.errors import StoreError
from tracker.store.files import atomic_write, canonical_json
from tracker.store.layout import HEADS_DIR
from tracker.store.log import LOG_NAME

MARKER_NAME = ".policy-tracker-store"
STORE_FORMAT = 1
_ROOT_ENTRIES = {"runs.jsonl", ".lock", "feed.atom", HEADS_DIR, MARKER_NAME, ".gitkeep", ".gitignore"}
_POLICY_ENTRIES = {LOG_NAME, "snap", "state.json", "reports", "feed.atom"}
_TMP_RE = re.compile(r"^\..+\.[0-9a-f]{8}\.tmp$")  # atomic_write's temporary files


def looks_like_store(root: Path) -> bool:
    """True when every entry of ``root`` belongs to the store layout (an empty folder too)."""
    for entry in root.iterdir():
        if entry.name in _ROOT_ENTRIES or _TMP_RE.match(entry.name):
            continue
        if not (entry.is_dir() and is_valid_policy_id(entry.name)):
            return False
        names = [e.name for e in entry.iterdir()]
        if not names or not all(n in _POLICY_ENTRIES or _TMP_RE.match(n) for n in names):
            return False
    return True


def claim_store(root: Path) -> None:
    """Make sure ``root`` is a store this tool may write: create it (with its marker) when new or
    empty, adopt an unmarked folder with only the store's layout, and refuse anything else, or a
    store that cannot be written, with a one-line ``StoreError``."""
    if root.exists() and not root.is_dir():
        raise StoreError(f"store {root}: not a folder")
    marker = root / MARKER_NAME
    try:
        if marker.is_file():
            version = json.loads(marker.read_text(encoding="utf-8")).get("format", 0)
            if not isinstance(version, int) or version > STORE_FORMAT:
                raise StoreError(f"store {root}: format {version!r} is newer than this version reads")
            if not os.access(root, os.W_OK):
                raise PermissionError(13, "Permission denied (or read-only file system)")
        else:
            if root.is_dir() and not looks_like_store(root):
                raise StoreError(
                    f"store {root}: not a policy-tracker store (the folder holds other files; "
                    "use a new or empty folder)"
                )
            atomic_write(marker, canonical_json({"format": STORE_FORMAT, "tool": "policy-tracker"}) + "\n")
    except (OSError, ValueError, AttributeError) as exc:
        cause = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise StoreError(f"store {root}: cannot write: {cause}") from None
