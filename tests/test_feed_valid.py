"""Atom feeds that validate: parsed with feedparser, and checked for RFC 4287's required elements
(atom:id, atom:title, atom:updated on the feed and on every entry; atom:author), with the
policy's name and the materiality in entry titles, the summary in the content, absolute links."""

from __future__ import annotations

from pathlib import Path
from xml.etree import ElementTree

import feedparser
import pytest

from tests.checks_helpers import FAST, SECTIONS, policy_page, write_config
from tests.conftest import LocalServer, Response
from tracker.check import run_check
from tracker.config import load_config
from tracker.report.feed import build_feed
from tracker.store import Store

ATOM = "{http://www.w3.org/2005/Atom}"
BASE = "https://legal.example/history"


def _rfc4287_problems(xml: bytes) -> list[str]:
    """What RFC 4287 section 4.1 requires and this feed lacks."""
    root = ElementTree.fromstring(xml)
    problems = []
    if root.tag != f"{ATOM}feed":
        return [f"root is {root.tag}"]
    for tag in ("id", "title", "updated"):
        if len(root.findall(f"{ATOM}{tag}")) != 1:
            problems.append(f"feed needs exactly one atom:{tag}")
    entries = root.findall(f"{ATOM}entry")
    feed_author = root.find(f"{ATOM}author/{ATOM}name") is not None
    for n, entry in enumerate(entries):
        for tag in ("id", "title", "updated"):
            if len(entry.findall(f"{ATOM}{tag}")) != 1:
                problems.append(f"entry {n} needs exactly one atom:{tag}")
        if not feed_author and entry.find(f"{ATOM}author/{ATOM}name") is None:
            problems.append(f"entry {n} has no atom:author and neither has the feed")
        if entry.find(f"{ATOM}content") is None and entry.find(f"{ATOM}link[@rel='alternate']") is None:
            problems.append(f"entry {n} needs atom:content or an alternate link")
    if not feed_author and not entries:
        problems.append("feed has no atom:author")
    return problems


@pytest.fixture
def store_with_change(tmp_path: Path, http_server: LocalServer) -> tuple[Store, str, str]:
    http_server.routes["/a"] = Response(policy_page())
    cfg = write_config(tmp_path, [{"id": "acme", "name": "Acme Privacy Notice", "url": http_server.url("/a")}])
    run_check(load_config(cfg), fetch_options=FAST)
    edited = list(SECTIONS)
    edited[2] = ("Sharing", "We may sell your personal information to data brokers.")
    http_server.routes["/a"] = Response(policy_page(edited))
    outcome = run_check(load_config(cfg), fetch_options=FAST).outcomes[0]
    assert outcome.status == "changed"
    return Store(tmp_path / "snapshots"), outcome.previous_snapshot_id or "", outcome.snapshot_id or ""


def test_written_feeds_validate_with_names_and_materiality(store_with_change: tuple[Store, str, str]) -> None:
    store, old, new = store_with_change
    for path in (store.root / "feed.atom", store.policy_dir("acme") / "feed.atom"):
        xml = path.read_bytes()
        assert _rfc4287_problems(xml) == []
        parsed = feedparser.parse(xml)
        assert not parsed.bozo, parsed.get("bozo_exception")
        assert parsed.version == "atom10"
        assert parsed.feed.author == "policy-tracker"
        (entry,) = parsed.entries
        assert entry.title.startswith("Acme Privacy Notice changed (material): ")
        assert entry.id == f"urn:policy-tracker:acme:{old}:{new}"
        assert "sharing" in entry.content[0].value.lower() and entry.summary in entry.content[0].value
        assert "Materiality: <strong>material</strong>" in entry.content[0].value
        link = entry.link
        target = path.parent / link
        assert target.is_file(), link  # relative links resolve against the feed's own location


def test_published_feed_has_absolute_links_and_xml_base(store_with_change: tuple[Store, str, str]) -> None:
    store, old, new = store_with_change
    xml = build_feed(store, "acme", base_url=BASE + "/", names={"acme": "Acme Privacy Notice"})
    assert _rfc4287_problems(xml) == []
    root = ElementTree.fromstring(xml)
    assert root.get("{http://www.w3.org/XML/1998/namespace}base") == BASE + "/"
    parsed = feedparser.parse(xml)
    assert not parsed.bozo
    assert parsed.feed.title == "Privacy policy changes: Acme Privacy Notice"
    self_links = [link.href for link in parsed.feed.links if link.rel == "self"]
    assert self_links == [f"{BASE}/acme/feed.atom"]
    assert parsed.entries[0].link == f"{BASE}/acme/reports/{old}__{new}/report.html"


def test_an_empty_feed_still_validates(tmp_path: Path) -> None:
    store = Store(tmp_path / "empty")
    xml = build_feed(store, policy_ids=[])
    assert _rfc4287_problems(xml) == []
    assert not feedparser.parse(xml).bozo
