"""Atom feeds of changes (feedgen): one for the whole store and one per policy."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from html import escape
from pathlib import Path

from tracker.models import CheckRecord
from tracker.store import REPORT_NAME, Store, atomic_write, report_relpath

FEED_NAME = "feed.atom"
FEED_WRITERS = 16


def _when(timestamp: str) -> datetime:
    return datetime.fromisoformat(timestamp.replace("Z", "+00:00"))


AUTHOR = {"name": "policy-tracker", "uri": "https://pypi.org/project/policy-tracker/"}
XML_BASE = "{http://www.w3.org/XML/1998/namespace}base"


def _entry_content(name: str, check: CheckRecord, href: str) -> str:
    """The entry's HTML content: the summary, the materiality, the sections, the report link."""
    sections = [str(s) for s in (check.details.get("changed_sections") or [])][:10]
    parts = [f"<p>{escape(check.summary or 'The policy changed.')}</p>"]
    parts.append(f"<p>Materiality: <strong>{escape(check.materiality or 'unrated')}</strong></p>")
    if sections:
        parts.append("<p>Sections:</p><ul>" + "".join(f"<li>{escape(s)}</li>" for s in sections) + "</ul>")
    parts.append(f'<p><a href="{escape(href)}">The marked-up changes to {escape(name)}</a></p>')
    return "".join(parts)


def build_feed(
    store: Store,
    policy_id: str | None = None,
    *,
    base_url: str | None = None,
    policy_ids: Iterable[str] | None = None,
    names: Mapping[str, str] | None = None,
) -> bytes:
    """An Atom feed (RFC 4287) of every recorded change (of one policy, or of every policy in the
    store, or of the ``policy_ids`` given).

    Entry titles carry the policy's name (from ``names``, else its id) and the materiality; the
    content carries the summary. Entry links point at each change's ``report.html``: absolute
    under ``base_url`` when given (where the store is published; the feed's ``xml:base`` too),
    else relative to where ``write_feeds`` writes the feed (resolved against the feed's own URL).
    """
    from feedgen.feed import FeedGenerator  # (and dateutil): only when a feed is written, not on every run

    ids = [policy_id] if policy_id else list(policy_ids) if policy_ids is not None else store.policy_ids()
    names = names or {}
    base = (base_url or "").rstrip("/")
    feed = FeedGenerator()
    scope = policy_id or "all"
    feed.id(f"urn:policy-tracker:{scope}")
    feed.title(f"Privacy policy changes: {names.get(policy_id, policy_id)}" if policy_id else "Privacy policy changes")
    feed.author(AUTHOR)
    feed.generator("policy-tracker", uri=AUTHOR["uri"])
    feed.link(href=(base + "/") if base else "./", rel="alternate")
    if base:
        feed.link(href=f"{base}/{policy_id + '/' if policy_id else ''}{FEED_NAME}", rel="self")
    feed.language("en")
    entries = []
    for pid in ids:
        for check in store.checks(pid):
            if check.status == "changed" and check.snapshot_id and check.previous_snapshot_id:
                entries.append((check.checked_at, pid, check))
    entries.sort(key=lambda e: (e[0], e[1]))
    feed.updated(_when(entries[-1][0]) if entries else datetime.fromisoformat("2000-01-01T00:00:00+00:00"))
    for checked_at, pid, check in entries:
        name = names.get(pid, pid)
        entry = feed.add_entry(order="append")
        entry.id(f"urn:policy-tracker:{pid}:{check.previous_snapshot_id}:{check.snapshot_id}")
        entry.title(f"{name} changed ({check.materiality or 'unrated'}): {check.summary or 'see the report'}")
        report = f"{report_relpath(pid, check.previous_snapshot_id or '', check.snapshot_id or '')}/{REPORT_NAME}"
        href = f"{base}/{report}" if base else (report.split("/", 1)[1] if policy_id else report)
        entry.link(href=href, rel="alternate", type="text/html")
        entry.updated(_when(checked_at))
        entry.published(_when(checked_at))
        entry.summary(check.summary or "The policy changed.")
        entry.content(_entry_content(name, check, href), type="html")
    xml = bytes(feed.atom_str(pretty=True))
    if not base:
        return xml
    from lxml import etree

    root = etree.fromstring(xml)
    root.set(XML_BASE, base + "/")
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True))


def write_feeds(
    store: Store,
    *,
    base_url: str | None = None,
    changed: Iterable[str] | None = None,
    names: Mapping[str, str] | None = None,
) -> list[str]:
    """Write ``<store>/feed.atom`` and ``<store>/<policy>/feed.atom``; returns the paths written.

    With ``changed`` (the ids that changed this run), only those policies' feeds, feeds not yet
    written, and the store's feed (when anything was rewritten) are rebuilt; the rest cannot
    have changed.
    """
    written: list[str] = []
    if not store.root.is_dir():
        return written
    only = set(changed) if changed is not None else None
    paths = ((pid, store.policy_dir(pid) / FEED_NAME) for pid in store.policy_ids())  # only the due ones are kept
    due = [(pid, path) for pid, path in paths if only is None or pid in only or not _feed_present(path)]

    # Feeds are derived from the logs, so they are written without fsync (atomic, not durable):
    # one lost to a power cut is empty or missing, and the next run rebuilds it.
    def write_one(item: tuple[str, Path]) -> str:
        pid, path = item
        atomic_write(path, build_feed(store, pid, base_url=base_url, names=names), durable=False)
        return str(path)

    # a first run writes thousands of feeds; the threads overlap their file-system calls
    with ThreadPoolExecutor(max_workers=FEED_WRITERS) as writers:
        written.extend(writers.map(write_one, due))
    top = store.root / FEED_NAME
    if only is None or written or not _feed_present(top):
        atomic_write(top, build_feed(store, base_url=base_url, names=names), durable=False)
        written.append(str(top))
    return written


def _feed_present(path: Path) -> bool:
    try:
        return path.stat().st_size > 0
    except OSError:
        return False
