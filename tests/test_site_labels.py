"""The site names snapshots by date, telling apart two fetched in the same minute (or second)."""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup

from tests.checks_helpers import FAST, SECTIONS, policy_page, write_config
from tests.conftest import LocalServer, Response
from tracker.check import run_check
from tracker.config import load_config
from tracker.models import SnapshotMeta
from tracker.site.build import build_site
from tracker.site.labels import snapshot_labels
from tracker.store import Store


def _meta(sid: str, at: str) -> SnapshotMeta:
    return SnapshotMeta(
        snapshot_id=sid, policy_id="p", fetched_at=at, url="https://x.example/", final_url="https://x.example/",
        status=200, headers={}, content_type="text/html", raw_sha256="0", normalized_sha256="0", extractor_version="1",
        raw_filename="raw.html",
    )  # fmt: skip


def test_labels_add_seconds_and_counters_only_when_needed() -> None:
    metas = [
        _meta("20260305T090000Z", "2026-03-05T09:00:00Z"),
        _meta("20260305T090007Z", "2026-03-05T09:00:07Z"),
        _meta("20260305T090007Z-2", "2026-03-05T09:00:07Z"),
        _meta("20260412T101500Z", "2026-04-12T10:15:00Z"),
    ]
    assert snapshot_labels(metas) == {
        "20260305T090000Z": "2026-03-05 09:00:00 UTC",
        "20260305T090007Z": "2026-03-05 09:00:07 UTC (1)",
        "20260305T090007Z-2": "2026-03-05 09:00:07 UTC (2)",
        "20260412T101500Z": "2026-04-12 10:15 UTC",
    }


def test_timeline_names_versions_by_date_not_by_id(tmp_path: Path, http_server: LocalServer) -> None:
    http_server.routes["/p"] = Response(policy_page())
    cfg = write_config(tmp_path, [{"id": "acme", "name": "Acme", "url": http_server.url("/p")}])
    run_check(load_config(cfg), fetch_options=FAST)
    http_server.routes["/p"] = Response(policy_page([(h, t + " We may sell it.") for h, t in SECTIONS]))
    run_check(load_config(cfg), fetch_options=FAST)  # within the same minute as the first
    store = Store(tmp_path / "snapshots")
    ids = [m.snapshot_id for m in store.snapshots("acme")]
    out = tmp_path / "site"
    build_site(store, out, config=load_config(cfg), workers=0)
    page = BeautifulSoup((out / "acme" / "index.html").read_text(encoding="utf-8"), "html.parser")
    texts = [a.get_text(strip=True) for a in page.select("a")]
    assert not [t for t in texts if any(sid in t for sid in ids)]
    options = [o.get_text(strip=True) for o in page.select("#compare-old option")]
    assert len(options) == 2 and len(set(options)) == 2  # told apart though fetched the same minute
    assert all(o.endswith("UTC") or o.endswith(")") for o in options)
