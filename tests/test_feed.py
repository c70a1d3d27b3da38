"""Atom feeds of recorded changes."""

from __future__ import annotations

from pathlib import Path
from xml.etree import ElementTree

from tests.checks_helpers import FAST, SECTIONS, policy_page, write_config
from tests.conftest import LocalServer, Response
from tracker.check import run_check
from tracker.config import load_config
from tracker.report.feed import build_feed
from tracker.store import Store

ATOM = "{http://www.w3.org/2005/Atom}"


def test_feeds_list_changes_with_report_links(tmp_path: Path, http_server: LocalServer) -> None:
    http_server.routes["/a"] = Response(policy_page())
    http_server.routes["/b"] = Response(policy_page())
    cfg = write_config(
        tmp_path,
        [
            {"id": "a", "name": "A", "url": http_server.url("/a")},
            {"id": "b", "name": "B", "url": http_server.url("/b")},
        ],
    )
    run_check(load_config(cfg), fetch_options=FAST)
    store = Store(tmp_path / "snapshots")
    empty = ElementTree.fromstring((store.root / "feed.atom").read_bytes())
    assert empty.findall(f"{ATOM}entry") == []
    edited = [(h, t + " We may now share it with advertisers.") for h, t in SECTIONS]
    http_server.routes["/a"] = Response(policy_page(edited))
    outcome = run_check(load_config(cfg), fetch_options=FAST).outcomes[0]
    assert outcome.status == "changed"
    root = ElementTree.fromstring((store.root / "feed.atom").read_bytes())
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == 1
    link = entries[0].find(f"{ATOM}link")
    assert link is not None
    href = link.get("href") or ""
    assert href == f"a/reports/{outcome.previous_snapshot_id}__{outcome.snapshot_id}/report.html"
    assert (store.root / href).is_file()
    per_policy = ElementTree.fromstring((store.policy_dir("a") / "feed.atom").read_bytes())
    assert len(per_policy.findall(f"{ATOM}entry")) == 1
    b_feed = ElementTree.fromstring((store.policy_dir("b") / "feed.atom").read_bytes())
    assert b_feed.findall(f"{ATOM}entry") == []
    published = ElementTree.fromstring(build_feed(store, "a", base_url="https://legal.example/h/"))
    entry_link = published.find(f"{ATOM}entry/{ATOM}link")
    assert entry_link is not None
    assert (entry_link.get("href") or "").startswith("https://legal.example/h/a/reports/")
