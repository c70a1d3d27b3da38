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
``runs.jsonl``; alerts go out through ``tracker.check.alerts``; the Atom feeds are rewritten.
"""

from __future__ import annotations

import asyncio
import logging
from concurrent.futures import ThreadPoolExecutor
from typing import Any
from urllib.parse import urlsplit

from tracker.check.listeners import RunListener, default_listeners
from tracker.check.outcome import CheckOutcome, CheckRun, OutcomeCallback
from tracker.check.process import Anomaly, process_fetched, record_outcome
from tracker.config import Config, PolicyConfig
from tracker.errors import ExtractionError, FetchError, TrackerError
from tracker.extract.pool import extract_fetched, make_pool, pool_size
from tracker.fetch.challenge import challenge_reason
from tracker.fetch.hosts import HostGate
from tracker.fetch.http import FetchOptions, default_user_agent, fetch_async, make_client
from tracker.fetch.options import fetch_options_for
from tracker.fetch.pool import LANE, ClientPool
from tracker.fetch.robots import RobotsCache
from tracker.models import FetchResult, SnapshotMeta, utc_now
from tracker.store import Store

log = logging.getLogger(__name__)


class _Runner:
    """Shared state of one run (client, limits, robots cache) and the per-policy steps."""

    def __init__(
        self,
        config: Config,
        store: Store,
        base_options: FetchOptions | None,
        extract_workers: int | None = None,
        force: bool = False,
    ) -> None:
        self.force = force
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
        respect_robots = self.config.effective(policy).respect_robots
        if respect_robots and not await self.robots.allowed(policy.url, ua):
            raise FetchError(f"{policy.url}: disallowed by robots.txt", "robots")
        delay = self.config.settings.host_delay
        if respect_robots:
            delay = max(delay, min(await self.robots.crawl_delay(policy.url, ua), 60.0))
        validators = latest is not None and not self.force  # --force: a full fetch, whatever the server says
        etag = state.get("etag") if validators else None
        last_modified = state.get("last_modified") if validators else None
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
        except Anomaly as exc:
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
        log.info("%s: %s (HTTP %s, %s)", policy.id, outcome.status, outcome.http_status, outcome.final_url or "-")
        if outcome.failed:
            outcome.snapshot_id = latest.snapshot_id if latest else None
        # the log append fsyncs: in a thread, so one policy's disk wait does not stall the others
        try:
            await asyncio.to_thread(record_outcome, self.store, policy, outcome, state, fetched)
        finally:
            if admitted:
                self.in_flight.release()
        return outcome


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
    listeners: list[RunListener] | None = None,
    force: bool = False,
) -> CheckRun:
    """Check the configured policies (all, or ``policy_ids``) and return what each showed.

    Holds ``Store.lock()`` for the whole run: a second overlapping run fails at once with
    ``StoreError``. ``on_outcome`` is called as each policy finishes (for progress output);
    ``fetch_options`` overrides limits and backoff (tests use short backoffs).
    ``extract_workers``: processes for extraction (None: one per CPU for runs of 32+ policies,
    0: inline). ``listeners`` are told of the finished run (default: alerts, unless
    ``send_alerts`` is false, then the Atom feeds). ``force`` fetches every page in full,
    without the stored ETag/Last-Modified (for a server whose validators never change).
    """
    policies = [config.policy(pid) for pid in policy_ids] if policy_ids else list(config.policies)
    store = store or Store(config.store_path)
    started = utc_now()
    with store.lock(timeout=lock_timeout):
        outcomes = (
            asyncio.run(_Runner(config, store, fetch_options, extract_workers, force).run(policies, on_outcome))
            if policies
            else []
        )
        run = CheckRun(started_at=started, finished_at=utc_now(), outcomes=outcomes)
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
        for listener in default_listeners(send_alerts=send_alerts) if listeners is None else listeners:
            listener(config, store, run)
    return run
