"""The ``check`` run: fetch → extract → store → diff → classify → render → notify, per policy.

``run_check`` takes the store's lock, fetches every selected policy concurrently (global and
per-host limits, per-host delay, robots.txt, conditional requests), then for each answer:

* 304 → ``not_modified`` (nothing parsed, check recorded);
* a bot-challenge page, an extraction failure (empty page, unsupported type, selector gone) or a
  body that shrank by more than ``max_shrink`` → ``anomaly``; HTTP/network failures → ``error``.
  Neither ever stores a snapshot;
* the same normalised text, or a diff with no change records (cosmetic only) → ``unchanged``;
* otherwise the snapshot is stored (``new`` the first time, else ``changed``), the diff is
  classified, ``report.html`` and ``diff.json`` are written in ``Store.report_dir`` and, for a
  material change, the notice drafts too.

Every outcome is appended to the policy's log (``Store.record_check``); the run is appended to
``runs.jsonl``; alerts go out through ``tracker.notify``; the Atom feeds are rewritten.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from tracker.check_anomaly import challenge_reason, shrink_reason
from tracker.check_extract import extract_fetched, make_pool, pool_size
from tracker.check_hosts import HostGate
from tracker.config import Config, PolicyConfig
from tracker.errors import ExtractionError, FetchError, TrackerError
from tracker.fetch import FetchOptions, default_user_agent, fetch_async, make_client
from tracker.fetch_pool import LANE, ClientPool
from tracker.models import CheckRecord, DocumentRef, FetchResult, PolicyDocument, SnapshotMeta, sha256_hex
from tracker.robots import RobotsCache
from tracker.store import Store, atomic_write, utc_now

JSON_SCHEMA = "policy-tracker/check/1"


@dataclass
class CheckOutcome:
    """What one check of one policy found (one ``check --json`` record)."""

    policy_id: str
    name: str
    status: str  # new | unchanged | changed | not_modified | error | anomaly
    url: str = ""
    snapshot_id: str | None = None
    previous_snapshot_id: str | None = None
    summary: str | None = None
    materiality: str | None = None
    error: str | None = None
    cause: str | None = None
    report_path: str | None = None
    notice_paths: dict[str, str] = field(default_factory=dict)
    changed_sections: list[str] = field(default_factory=list)
    final_url: str | None = None
    redirects: list[str] = field(default_factory=list)
    http_status: int | None = None
    failures: int = 0  # consecutive failures including this one (0 after a success)
    checked_at: str = ""

    @property
    def failed(self) -> bool:
        return self.status in ("error", "anomaly")

    def to_dict(self) -> dict[str, Any]:
        """The JSON record printed by ``check --json`` for this policy."""
        return {
            "policy_id": self.policy_id,
            "name": self.name,
            "url": self.url,
            "status": self.status,
            "checked_at": self.checked_at,
            "snapshot_id": self.snapshot_id,
            "previous_snapshot_id": self.previous_snapshot_id,
            "summary": self.summary,
            "materiality": self.materiality,
            "changed_sections": list(self.changed_sections),
            "report_path": self.report_path,
            "notice_paths": dict(self.notice_paths),
            "error": self.error,
            "cause": self.cause,
            "http_status": self.http_status,
            "final_url": self.final_url,
            "redirects": list(self.redirects),
            "failures": self.failures,
        }

    def line(self) -> str:
        """The one-line status printed for this policy."""
        text = f"{self.policy_id}: {self.status}"
        if self.failed:
            return f"{text} - {self.error}"
        if self.summary:
            text += f" - {self.summary}"
        if self.report_path:
            text += f" (report: {self.report_path})"
        return text


@dataclass
class CheckRun:
    """One ``check`` run: its outcomes in configuration order."""

    started_at: str
    finished_at: str
    outcomes: list[CheckOutcome]
    alerts_failed: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return any(o.status == "changed" for o in self.outcomes)

    @property
    def failed(self) -> bool:
        return any(o.failed for o in self.outcomes)

    def exit_code(self, *, exit_code: bool = False) -> int:
        """2 when any policy failed, else 1 for a change (only with ``exit_code``), else 0."""
        if self.failed:
            return 2
        return 1 if exit_code and self.changed else 0

    def counts(self) -> dict[str, int]:
        """How many policies ended in each status."""
        counts: dict[str, int] = {}
        for o in self.outcomes:
            counts[o.status] = counts.get(o.status, 0) + 1
        return counts

    def to_dict(self) -> dict[str, Any]:
        """The whole ``check --json`` document."""
        return {
            "schema": JSON_SCHEMA,
            "started_at": self.started_at,
            "finished_at": self.finished_at,
            "counts": self.counts(),
            "policies": [o.to_dict() for o in self.outcomes],
        }


OutcomeCallback = Callable[[CheckOutcome], None]


def fetch_options_for(config: Config, policy: PolicyConfig, base: FetchOptions | None = None) -> FetchOptions:
    """How to fetch ``policy``: its own User-Agent and timeout, else the config's settings (and
    the config's retries); limits and backoff from ``base`` (default ``FetchOptions()``)."""
    s = config.settings
    proto = base or FetchOptions()
    return FetchOptions(
        user_agent=policy.user_agent or s.user_agent or proto.user_agent or default_user_agent(),
        timeout=policy.timeout or s.timeout,
        max_bytes=proto.max_bytes,
        max_redirects=proto.max_redirects,
        retries=s.retries,
        backoff=proto.backoff,
        max_backoff=proto.max_backoff,
        max_retry_after=proto.max_retry_after,
    )


class _Runner:
    """Shared state of one run (client, limits, robots cache) and the per-policy steps."""

    def __init__(
        self, config: Config, store: Store, base_options: FetchOptions | None, extract_workers: int | None = None
    ) -> None:
        self.config = config
        self.store = store
        self.base_options = base_options
        self.extract_workers = extract_workers

    async def run(self, policies: list[PolicyConfig], on_outcome: OutcomeCallback | None) -> list[CheckOutcome]:
        self.workers = pool_size(self.extract_workers, len(policies))
        self.pool = make_pool(self.workers)
        # store writes wait on fsync, not on the CPU: one thread per request in flight keeps the
        # disk from becoming the queue (asyncio's default pool has only CPUs + 4 threads)
        io_threads = ThreadPoolExecutor(max_workers=max(4, self.config.settings.concurrency), thread_name_prefix="io")
        asyncio.get_running_loop().set_default_executor(io_threads)
        try:
            return await self._run(policies, on_outcome)
        finally:
            if self.pool is not None:
                self.pool.shutdown(cancel_futures=True)

    async def _run(self, policies: list[PolicyConfig], on_outcome: OutcomeCallback | None) -> list[CheckOutcome]:
        s = self.config.settings
        self.clients = ClientPool(s.per_host)
        try:
            async with make_client(concurrency=min(s.concurrency, LANE)) as robots_client:
                self.limit = asyncio.Semaphore(s.concurrency)
                # fetching outruns extraction: without a cap, every fetched body would wait in
                # memory for a worker (RSS growing with N); a fetch starts only when one of
                # these slots is free, and the slot is held until the policy is finished
                self.in_flight = asyncio.Semaphore(s.concurrency + 2 * self.workers)
                self.hosts = HostGate(s.per_host)
                self.robots = RobotsCache(robots_client, fetch_options_for(self.config, policies[0], self.base_options))
                tasks = {asyncio.ensure_future(self.check_one(p)): p.id for p in policies}
                results: dict[str, CheckOutcome] = {}
                for fut in asyncio.as_completed(list(tasks)):
                    outcome = await fut
                    results[outcome.policy_id] = outcome
                    if on_outcome:
                        on_outcome(outcome)
        finally:
            await self.clients.aclose()
        return [results[p.id] for p in policies]

    async def _fetch(
        self, policy: PolicyConfig, latest: SnapshotMeta | None, state: dict[str, Any], admitted: list[bool]
    ) -> FetchResult:
        options = fetch_options_for(self.config, policy, self.base_options)
        ua = options.user_agent or default_user_agent()
        if self.config.settings.respect_robots and not await self.robots.allowed(policy.url, ua):
            raise FetchError(f"{policy.url}: disallowed by robots.txt", "robots")
        delay = self.config.settings.host_delay
        if self.config.settings.respect_robots:
            delay = max(delay, min(await self.robots.crawl_delay(policy.url, ua), 60.0))
        etag = state.get("etag") if latest else None
        last_modified = state.get("last_modified") if latest else None
        host = urlsplit(policy.url).netloc
        # the host's turn first: a policy waiting out a host's delay holds no global slot
        async with self.hosts.slot(host, delay):
            await self.in_flight.acquire()
            admitted.append(True)  # released by check_one once the policy is finished
            async with self.limit, self.clients.lease(host) as client:
                return await fetch_async(client, policy.url, options=options, etag=etag, last_modified=last_modified)

    async def check_one(self, policy: PolicyConfig) -> CheckOutcome:
        metas = self.store.snapshots(policy.id)
        latest = metas[-1] if metas else None
        state = self.store.state(policy.id)
        outcome = CheckOutcome(policy_id=policy.id, name=policy.name, status="error", url=policy.url)
        fetched: FetchResult | None = None
        admitted: list[bool] = []
        try:
            fetched = await self._fetch(policy, latest, state, admitted)
            outcome.final_url, outcome.redirects = fetched.final_url, list(fetched.redirects)
            outcome.http_status = fetched.status
            if fetched.not_modified:  # nothing to parse or write: no thread hop
                process_fetched(self.config, self.store, policy, fetched, latest, outcome)
            else:
                reason = challenge_reason(fetched)
                document = None
                if reason is None:
                    document = await extract_fetched(self.pool, fetched, policy.select, policy.remove, policy.name)
                await asyncio.to_thread(
                    process_fetched,
                    self.config,
                    self.store,
                    policy,
                    fetched,
                    latest,
                    outcome,
                    document=document,
                    challenge=reason,
                )
        except FetchError as exc:
            status = "anomaly" if exc.cause == "challenge" else "error"
            outcome.status, outcome.cause, outcome.http_status = status, exc.cause, exc.status
            outcome.error = f"policy {policy.id!r}: {exc}"
        except ExtractionError as exc:
            outcome.status, outcome.cause = "anomaly", exc.cause
            outcome.error = f"policy {policy.id!r}: {exc}"
        except _Anomaly as exc:
            outcome.status, outcome.cause = "anomaly", exc.cause
            outcome.error = f"policy {policy.id!r}: {exc}"
        except TrackerError as exc:
            outcome.status, outcome.cause = "error", "internal"
            outcome.error = f"policy {policy.id!r}: {exc}"
        except Exception as exc:  # a bug or a library failure on one page must not sink the whole run
            outcome.status, outcome.cause = "error", "internal"
            detail = str(exc).splitlines()[0] if str(exc) else ""
            outcome.error = f"policy {policy.id!r}: internal error {type(exc).__name__}: {detail}".rstrip(": ")
        outcome.checked_at = outcome.checked_at or utc_now()
        if outcome.failed:
            outcome.snapshot_id = latest.snapshot_id if latest else None
        # the log append fsyncs: in a thread, so one policy's disk wait does not stall the others
        try:
            await asyncio.to_thread(_finish, self.store, policy, outcome, state, fetched)
        finally:
            if admitted:
                self.in_flight.release()
        return outcome


class _Anomaly(TrackerError):
    def __init__(self, message: str, cause: str) -> None:
        super().__init__(message)
        self.cause = cause


def process_fetched(
    config: Config,
    store: Store,
    policy: PolicyConfig,
    fetched: FetchResult,
    latest: SnapshotMeta | None,
    outcome: CheckOutcome,
    *,
    document: PolicyDocument | None = None,
    challenge: str | None = None,
) -> None:
    """Turn one successful fetch into an outcome, storing a snapshot and report when it changed.

    ``document`` is the already extracted page, if the caller extracted it (e.g. in a worker);
    ``challenge`` the caller's ``challenge_reason`` for it, when the caller already asked.
    Raises ``ExtractionError`` or an anomaly for pages that are not a usable policy.
    """
    from tracker.extract import EXTRACTOR_VERSION, extract

    outcome.checked_at = fetched.fetched_at
    outcome.previous_snapshot_id = latest.snapshot_id if latest else None
    if fetched.not_modified:
        if latest is None:
            raise _Anomaly(f"{policy.url}: 304 Not Modified but nothing stored yet", "not_modified_unknown")
        outcome.status, outcome.snapshot_id = "not_modified", latest.snapshot_id
        return
    reason = challenge if challenge is not None or document is not None else challenge_reason(fetched)
    if reason:
        raise _Anomaly(f"{policy.url}: {reason}", "challenge")
    document = document or extract(
        fetched.content,
        fetched.content_type,
        url=fetched.final_url,
        select=policy.select,
        remove=policy.remove,
        name=policy.name,
    )
    if latest is not None and latest.extractor_version != EXTRACTOR_VERSION:
        latest = _with_current_extractor(store, policy, latest)
    normalized = sha256_hex(document.to_markdown())
    if latest is not None and normalized == latest.normalized_sha256:
        outcome.status, outcome.snapshot_id = "unchanged", latest.snapshot_id
        return
    if latest is None:
        meta = store.save_snapshot(policy.id, fetched, document, EXTRACTOR_VERSION)
        outcome.status, outcome.snapshot_id = "new", meta.snapshot_id
        outcome.summary = f"first snapshot: {len(document.sections)} sections, {document.word_count} words"
        return
    old = store.load(policy.id, latest.snapshot_id)
    max_shrink = policy.max_shrink if policy.max_shrink is not None else config.settings.max_shrink
    shrunk = shrink_reason(old.document, document, max_shrink)
    if shrunk:
        raise _Anomaly(f"{policy.url}: {shrunk}", "shrank")
    from tracker.check_report import write_change

    write_change(config, store, policy, fetched, old, document, outcome)


def _with_current_extractor(store: Store, policy: PolicyConfig, latest: SnapshotMeta) -> SnapshotMeta:
    """The previous snapshot as the current extractor reads it, so that an upgraded extractor is
    never reported as a policy change. The re-extraction is recorded beside the original (as
    ``reextract`` does); a raw body that no longer extracts keeps its stored text."""
    from tracker.reextract import reextract_snapshot

    result = reextract_snapshot(
        store, policy.id, latest, select=policy.select, remove=policy.remove, name=policy.name
    )
    if result.status != "updated":
        return latest
    return next(m for m in store.snapshots(policy.id) if m.snapshot_id == latest.snapshot_id)


def _finish(
    store: Store, policy: PolicyConfig, outcome: CheckOutcome, state: dict[str, Any], fetched: FetchResult | None
) -> None:
    new_state = dict(state)
    if outcome.failed:
        new_state["failures"] = int(state.get("failures", 0)) + 1
        new_state["last_error"] = outcome.error
    else:
        new_state["failures"] = 0
        new_state.pop("last_error", None)
        if fetched is not None and not fetched.not_modified:
            for key, header in (("etag", "etag"), ("last_modified", "last-modified")):
                if fetched.headers.get(header):
                    new_state[key] = fetched.headers[header]
                else:
                    new_state.pop(key, None)
    outcome.failures = new_state["failures"]
    if new_state != state:
        store.save_state(policy.id, new_state)
    details: dict[str, Any] = {}
    if outcome.cause:
        details["cause"] = outcome.cause
    if outcome.http_status is not None:
        details["http_status"] = outcome.http_status
    if outcome.redirects:
        details["redirects"] = outcome.redirects
        details["final_url"] = outcome.final_url
    if outcome.changed_sections:
        details["changed_sections"] = outcome.changed_sections
    if outcome.report_path:
        details["report"] = outcome.report_path
    store.record_check(
        CheckRecord(
            policy_id=policy.id,
            checked_at=outcome.checked_at,
            status=outcome.status,  # type: ignore[arg-type]
            snapshot_id=outcome.snapshot_id,
            previous_snapshot_id=outcome.previous_snapshot_id,
            error=outcome.error,
            summary=outcome.summary,
            materiality=outcome.materiality,
            details=details,
        )
    )


def run_check(
    config: Config,
    *,
    policy_ids: list[str] | tuple[str, ...] | None = None,
    store: Store | None = None,
    on_outcome: OutcomeCallback | None = None,
    fetch_options: FetchOptions | None = None,
    send_alerts: bool = True,
    lock_timeout: float = 0.0,
    extract_workers: int | None = None,
) -> CheckRun:
    """Check the configured policies (all, or ``policy_ids``) and return what each showed.

    Holds ``Store.lock()`` for the whole run: a second overlapping run fails at once with
    ``StoreError``. ``on_outcome`` is called as each policy finishes (for progress output);
    ``fetch_options`` overrides limits and backoff (tests use short backoffs).
    ``extract_workers``: processes for extraction (None: one per CPU for runs of 32+ policies,
    0: inline).
    """
    policies = [config.policy(pid) for pid in policy_ids] if policy_ids else list(config.policies)
    store = store or Store(config.store_path)
    started = utc_now()
    with store.lock(timeout=lock_timeout):
        outcomes = (
            asyncio.run(_Runner(config, store, fetch_options, extract_workers).run(policies, on_outcome))
            if policies
            else []
        )
        run = CheckRun(started_at=started, finished_at=utc_now(), outcomes=outcomes)
        if send_alerts:
            from tracker.notify import alert_run

            run.alerts_failed = alert_run(config, run)
        store.append_run(
            {
                "started_at": run.started_at,
                "finished_at": run.finished_at,
                "config": str(config.path),
                "counts": run.counts(),
                "policies": {o.policy_id: o.status for o in outcomes},
                "errors": {o.policy_id: o.error for o in outcomes if o.failed},
            }
        )
        from tracker.feed import write_feeds

        write_feeds(store, changed=[o.policy_id for o in outcomes if o.status == "changed"])
    return run


def write_json(path: Path, data: dict[str, Any]) -> None:
    """Write a JSON document atomically (pretty, UTF-8)."""
    atomic_write(path, json.dumps(data, ensure_ascii=False, indent=2) + "\n")


__all__ = ["CheckOutcome", "CheckRun", "DocumentRef", "run_check", "process_fetched", "JSON_SCHEMA"]
