"""Atom feeds of changes (feedgen): one for the whole store and one per policy."""

from __future__ import annotations

from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from pathlib import Path

from feedgen.feed import FeedGenerator

from tracker.store import Store, atomic_write

FEED_NAME = "feed.atom"
FEED_WRITERS = 16


def _when(timestamp: str) -> datetime:
    return datetime.fromisoformat(timestamp.replace("Z", "+00:00"))


def build_feed(
    store: Store, policy_id: str | None = None, *, base_url: str | None = None, policy_ids: Iterable[str] | None = None
) -> bytes:
    """An Atom feed of every recorded change (of one policy, or of every policy in the store, or of
    the ``policy_ids`` given).

    Entry links point at each change's ``report.html``: absolute under ``base_url`` when given
    (where the store is published), else relative to where ``write_feeds`` writes the feed.
    """
    ids = [policy_id] if policy_id else list(policy_ids) if policy_ids is not None else store.policy_ids()
    base = (base_url or "").rstrip("/")
    feed = FeedGenerator()
    scope = policy_id or "all"
    feed.id(f"urn:policy-tracker:{scope}")
    feed.title(f"Privacy policy changes: {policy_id}" if policy_id else "Privacy policy changes")
    feed.link(href=(base + "/") if base else "./", rel="alternate")
    feed.language("en")
    entries = []
    for pid in ids:
        for check in store.checks(pid):
            if check.status == "changed" and check.snapshot_id and check.previous_snapshot_id:
                entries.append((check.checked_at, pid, check))
    entries.sort(key=lambda e: (e[0], e[1]))
    feed.updated(_when(entries[-1][0]) if entries else datetime.fromisoformat("2000-01-01T00:00:00+00:00"))
    for checked_at, pid, check in entries:
        entry = feed.add_entry(order="append")
        entry.id(f"urn:policy-tracker:{pid}:{check.previous_snapshot_id}:{check.snapshot_id}")
        level = f"[{check.materiality}] " if check.materiality else ""
        entry.title(f"{pid}: {level}{check.summary or 'changed'}")
        report = f"reports/{check.previous_snapshot_id}__{check.snapshot_id}/report.html"
        href = f"{base}/{pid}/{report}" if base else (report if policy_id else f"{pid}/{report}")
        entry.link(href=href)
        entry.updated(_when(checked_at))
        sections = check.details.get("changed_sections") or []
        text = check.summary or "The policy changed."
        if sections:
            text += " Sections: " + "; ".join(str(s) for s in sections[:10])
        entry.summary(text)
    return bytes(feed.atom_str(pretty=True))


def write_feeds(store: Store, *, base_url: str | None = None, changed: Iterable[str] | None = None) -> list[str]:
    """Write ``<store>/feed.atom`` and ``<store>/<policy>/feed.atom``; returns the paths written.

    With ``changed`` (the ids that changed this run), only those policies' feeds, feeds not yet
    written, and the store's feed (when anything was rewritten) are rebuilt; the rest cannot
    have changed.
    """
    written: list[str] = []
    if not store.root.is_dir():
        return written
    only = set(changed) if changed is not None else None
    paths = [(pid, store.policy_dir(pid) / FEED_NAME) for pid in store.policy_ids()]
    due = [(pid, path) for pid, path in paths if only is None or pid in only or not _feed_present(path)]

    # Feeds are derived from the logs, so they are written without fsync (atomic, not durable):
    # one lost to a power cut is empty or missing, and the next run rebuilds it.
    def write_one(item: tuple[str, Path]) -> str:
        pid, path = item
        atomic_write(path, build_feed(store, pid, base_url=base_url), durable=False)
        return str(path)

    # a first run writes thousands of feeds; the threads overlap their file-system calls
    with ThreadPoolExecutor(max_workers=FEED_WRITERS) as writers:
        written.extend(writers.map(write_one, due))
    top = store.root / FEED_NAME
    if only is None or written or not _feed_present(top):
        atomic_write(top, build_feed(store, base_url=base_url), durable=False)
        written.append(str(top))
    return written


def _feed_present(path: Path) -> bool:
    try:
        return path.stat().st_size > 0
    except OSError:
        return False
