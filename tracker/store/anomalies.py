"""Bodies held as anomalies (``<policy>/anomalies/<id>/``): evidence kept outside the version chain."""

from __future__ import annotations

import json
import secrets
from pathlib import Path

from tracker.errors import StoreError
from tracker.models import FetchResult, sha256_hex
from tracker.store.files import raw_filename_for, write_folder
from tracker.store.layout import SNAPSHOT_ID_RE, snapshot_id_for


def save_anomaly(root: Path, fetched: FetchResult, cause: str) -> dict[str, str]:
    """Keep the body of an anomaly (raw file and ``meta.json``) in a new folder under ``root`` (a
    policy's ``anomalies/``); the same body as the last one kept is not stored twice. Returns
    ``id``, ``raw``, ``sha256``."""
    digest = sha256_hex(fetched.content)
    kept = sorted(p.name for p in root.iterdir() if SNAPSHOT_ID_RE.match(p.name)) if root.is_dir() else []
    if kept:
        last = json.loads((root / kept[-1] / "meta.json").read_text(encoding="utf-8"))
        if last.get("sha256") == digest:
            return {"id": kept[-1], "raw": last["raw_filename"], "sha256": digest}
    anomaly_id, n = snapshot_id_for(fetched.fetched_at), 1
    while (root / anomaly_id).exists():
        n += 1
        anomaly_id = f"{snapshot_id_for(fetched.fetched_at)}-{n}"
    raw_name = raw_filename_for(fetched.content_type)
    meta = {
        "url": fetched.url, "final_url": fetched.final_url, "status": fetched.status,
        "headers": dict(fetched.headers), "fetched_at": fetched.fetched_at, "content_type": fetched.content_type,
        "raw_filename": raw_name, "sha256": digest, "cause": cause, "redirects": list(fetched.redirects),
    }  # fmt: skip
    files: dict[str, bytes | str] = {
        raw_name: fetched.content,
        "meta.json": json.dumps(meta, ensure_ascii=False, indent=1),
    }
    write_folder(root / anomaly_id, f".tmp-{anomaly_id}-{secrets.token_hex(4)}", files, durable=False)
    return {"id": anomaly_id, "raw": raw_name, "sha256": digest}


def load_anomaly(policy_id: str, folder: Path) -> FetchResult:
    """The anomaly body kept in ``folder`` as the fetch that brought it."""
    try:
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
        content = (folder / meta["raw_filename"]).read_bytes()
    except (OSError, ValueError, KeyError) as exc:
        raise StoreError(f"policy {policy_id!r}: anomaly {folder.name} is unreadable: {exc}") from None
    return FetchResult(
        url=meta["url"], final_url=meta["final_url"], status=meta["status"], headers=meta["headers"],
        content=content, content_type=meta["content_type"], encoding=None, fetched_at=meta["fetched_at"],
        redirects=tuple(meta.get("redirects", ())),
    )  # fmt: skip
