"""History backfill from the Internet Archive's Wayback Machine.

``backfill`` lists a policy URL's captures through the CDX API (JSON output), keeps at most one a
period when asked (``every="month"`` …), fetches each raw capture in the ``id_`` form (the body as
archived, without the Wayback toolbar or rewritten links), extracts it with the policy's own
selectors and stores it as a snapshot dated at the capture time with ``source="wayback"``.

Captures are skipped without a request when their CDX digest equals the previous capture's (same
bytes), and skipped after extraction when their normalised text equals the snapshot in force
just before them (so only real changes become snapshots). Requests are spaced by ``delay``
seconds (2.5 by default: the archive answers 429 above roughly 30 requests a minute and blocks
clients that keep going); 429 and 5xx answers are retried with backoff, honouring
``Retry-After`` (see ``tracker.fetch.http``), and a capture still refused with 429 after the retries
stops the backfill (a re-run continues where it stopped). A re-run stores nothing twice: a
capture already stored (same time, source ``wayback``) is counted as ``already``.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any
from urllib.parse import urlencode

import httpx

from tracker.config import PolicyConfig
from tracker.errors import ExtractionError, FetchError
from tracker.extract.document import EXTRACTOR_VERSION, extract
from tracker.fetch.http import FetchOptions, fetch_async, make_client
from tracker.models import SnapshotMeta, sha256_hex
from tracker.store import Store

DEFAULT_ARCHIVE_URL = "https://web.archive.org"
PERIODS = ("day", "week", "month", "year")
CDX_FIELDS = ("timestamp", "original", "statuscode", "digest", "mimetype")


@dataclass(frozen=True)
class Capture:
    """One Wayback capture as the CDX API lists it."""

    timestamp: str  # 14 digits, UTC: 20240619101500
    original: str
    statuscode: str
    digest: str
    mimetype: str

    @property
    def fetched_at(self) -> str:
        """The capture time as ``2024-06-19T10:15:00Z``."""
        t = self.timestamp.ljust(14, "0")
        return f"{t[:4]}-{t[4:6]}-{t[6:8]}T{t[8:10]}:{t[10:12]}:{t[12:14]}Z"

    def raw_url(self, archive_url: str) -> str:
        """The ``id_`` URL: the body exactly as archived."""
        return f"{archive_url.rstrip('/')}/web/{self.timestamp}id_/{self.original}"

    def period(self, every: str) -> str:
        """The key of the period (``day``, ``week``, ``month``, ``year``) this capture falls in."""
        if every == "week":
            year, week, _ = date(
                int(self.timestamp[:4]), int(self.timestamp[4:6]), int(self.timestamp[6:8])
            ).isocalendar()
            return f"{year}-W{week:02d}"
        return self.timestamp[: {"day": 8, "month": 6, "year": 4}[every]]


@dataclass
class BackfillResult:
    """What a backfill did, capture by capture."""

    policy_id: str
    listed: int = 0  # captures the CDX API returned (status 200)
    considered: int = 0  # after thinning to one a period
    stored: list[str] = field(default_factory=list)  # snapshot ids written
    unchanged: int = 0  # normalised text equal to the snapshot in force before it
    same_digest: int = 0  # same bytes as the previous capture: not fetched
    already: int = 0  # stored by an earlier backfill
    failed: list[str] = field(default_factory=list)  # "20240619101500: cause" per capture

    def to_dict(self) -> dict[str, Any]:
        """The ``backfill --json`` document (schema ``policy-tracker/backfill/1``)."""
        return {"schema": "policy-tracker/backfill/1", **self.__dict__}


def _cdx_date(value: str) -> str:
    return value.replace("-", "")


def cdx_query_url(url: str, archive_url: str, since: str | None = None, until: str | None = None) -> str:
    """The CDX API URL listing the 200 captures of ``url`` (``since``/``until`` as ``YYYY-MM-DD``)."""
    params = [
        ("url", url),
        ("output", "json"),
        ("fl", ",".join(CDX_FIELDS)),
        ("filter", "statuscode:200"),
        ("collapse", "digest"),  # the archive leaves out captures with the same bytes as the one before
    ]
    if since:
        params.append(("from", _cdx_date(since)))
    if until:
        params.append(("to", _cdx_date(until)))
    return f"{archive_url.rstrip('/')}/cdx/search/cdx?{urlencode(params)}"


def parse_cdx(body: bytes, source: str) -> list[Capture]:
    """Captures from a CDX JSON answer (a header row of field names, then one row a capture)."""
    try:
        rows = json.loads(body) if body.strip() else []
    except ValueError:
        raise FetchError(f"{source}: archive listing is not CDX JSON", "decode") from None
    if not isinstance(rows, list) or not all(isinstance(r, list) for r in rows):
        raise FetchError(f"{source}: archive listing is not CDX JSON (expected rows)", "decode")
    if not rows:
        return []
    header = [str(h) for h in rows[0]]
    missing = [f for f in ("timestamp", "original") if f not in header]
    if missing:
        raise FetchError(f"{source}: archive listing lacks fields {', '.join(missing)}", "decode")
    captures = []
    for row in rows[1:]:
        item = dict(zip(header, (str(v) for v in row), strict=False))
        if not (item.get("timestamp", "").isdigit() and len(item["timestamp"]) == 14):
            continue
        captures.append(
            Capture(
                timestamp=item["timestamp"],
                original=item["original"],
                statuscode=item.get("statuscode", "200"),
                digest=item.get("digest", ""),
                mimetype=item.get("mimetype", ""),
            )
        )
    captures.sort(key=lambda c: c.timestamp)
    return captures


def thin(captures: list[Capture], every: str | None) -> list[Capture]:
    """The first capture of each period (all of them when ``every`` is None)."""
    if every is None:
        return list(captures)
    if every not in PERIODS:
        raise ValueError(f"every must be one of {', '.join(PERIODS)}")
    seen: set[str] = set()
    out = []
    for capture in captures:
        key = capture.period(every)
        if key not in seen:
            seen.add(key)
            out.append(capture)
    return out


def _in_force_before(metas: list[SnapshotMeta], fetched_at: str) -> SnapshotMeta | None:
    earlier = [m for m in metas if m.fetched_at < fetched_at]
    return earlier[-1] if earlier else None


async def _run(
    store: Store,
    policy: PolicyConfig,
    *,
    archive_url: str,
    since: str | None,
    until: str | None,
    every: str | None,
    delay: float,
    options: FetchOptions,
    on_capture: Callable[[Capture, str], None] | None,
) -> BackfillResult:
    result = BackfillResult(policy_id=policy.id)
    listing = cdx_query_url(policy.url, archive_url, since, until)
    async with make_client(concurrency=1) as client:
        try:
            answer = await fetch_async(client, listing, options=options)
        except FetchError as exc:
            raise FetchError(f"policy {policy.id!r}: archive listing failed: {exc}", exc.cause, exc.status) from None
        captures = [c for c in parse_cdx(answer.content, f"policy {policy.id!r}") if c.statuscode in ("200", "")]
        result.listed = len(captures)
        chosen = thin(captures, every)
        result.considered = len(chosen)
        previous_digest = None
        for capture in chosen:
            metas = store.snapshots(policy.id)
            outcome = "stored"
            if any(m.source == "wayback" and m.fetched_at == capture.fetched_at for m in metas):
                result.already += 1
                outcome = "already"
            elif capture.digest and capture.digest == previous_digest:
                result.same_digest += 1
                outcome = "same_digest"
            else:
                await asyncio.sleep(delay)
                outcome = await _store_capture(store, policy, capture, client, archive_url, options, metas, result)
            previous_digest = capture.digest or None
            if on_capture:
                on_capture(capture, outcome)
            if outcome == "rate_limited":
                # still refused after the retries: the archive blocks clients that keep going
                left = len(chosen) - chosen.index(capture) - 1
                result.failed.append(f"rate limited by the archive: stopped, {left} captures left for a later run")
                break
    return result


async def _store_capture(
    store: Store,
    policy: PolicyConfig,
    capture: Capture,
    client: httpx.AsyncClient,
    archive_url: str,
    options: FetchOptions,
    metas: list[SnapshotMeta],
    result: BackfillResult,
) -> str:
    """Fetch, extract and store one capture unless its text equals the snapshot in force before it."""
    try:
        fetched = await fetch_async(client, capture.raw_url(archive_url), options=options)
        document = extract(
            fetched.content,
            fetched.content_type,
            url=capture.original,
            select=policy.select,
            remove=policy.remove,
            name=policy.name,  # as check reads it, so a multi-document page yields the same part
        )
    except (FetchError, ExtractionError) as exc:
        result.failed.append(f"{capture.timestamp}: {exc}")
        return "rate_limited" if isinstance(exc, FetchError) and exc.status == 429 else "failed"
    before = _in_force_before(metas, capture.fetched_at)
    if before is not None and before.normalized_sha256 == sha256_hex(document.to_markdown()):
        result.unchanged += 1
        return "unchanged"
    dated = replace(fetched, url=policy.url, fetched_at=capture.fetched_at)
    meta = store.save_snapshot(policy.id, dated, document, EXTRACTOR_VERSION, source="wayback")
    result.stored.append(meta.snapshot_id)
    return "stored"


def backfill(
    store: Store,
    policy: PolicyConfig,
    *,
    archive_url: str = DEFAULT_ARCHIVE_URL,
    since: str | None = None,
    until: str | None = None,
    every: str | None = None,
    delay: float = 2.5,
    options: FetchOptions | None = None,
    on_capture: Callable[[Capture, str], None] | None = None,
) -> BackfillResult:
    """Store the Wayback Machine's past captures of ``policy`` as dated ``source=wayback`` snapshots.

    ``since``/``until`` bound the captures (``YYYY-MM-DD``); ``every`` keeps the first capture of
    each ``day``/``week``/``month``/``year``; ``delay`` spaces the archive requests (seconds).
    ``on_capture(capture, outcome)`` is told each capture's outcome: ``stored``, ``unchanged``,
    ``same_digest``, ``already``, ``failed`` or ``rate_limited`` (the last one: the backfill stops).
    Holds the store lock while it writes. Raises
    ``FetchError`` naming the policy when the capture listing cannot be had; a capture that cannot
    be fetched or extracted is listed in ``BackfillResult.failed`` and the rest go on.
    """
    if every is not None and every not in PERIODS:
        raise ValueError(f"every must be one of {', '.join(PERIODS)}")
    opts = options or FetchOptions(retries=4, backoff=2.0)
    with store.lock():
        return asyncio.run(
            _run(
                store,
                policy,
                archive_url=archive_url,
                since=since,
                until=until,
                every=every,
                delay=delay,
                options=opts,
                on_capture=on_capture,
            )
        )
