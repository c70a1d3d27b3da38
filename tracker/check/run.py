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
``runs.jsonl``; the Atom feeds are rewritten; alerts go out through ``tracker.check.alerts``.
Before a policy is fetched, whatever an interrupted run left of it is finished first
(``tracker.check.recover``): such changes are in ``CheckRun.recovered`` and delivered too.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from typing import TYPE_CHECKING, Any

from tracker.check.arenas import limit_arenas, pin_thresholds
from tracker.check.listeners import RunListener, default_listeners, deliveries_listener
from tracker.check.outcome import CheckOutcome, CheckRun, OutcomeCallback, set_failure
from tracker.check.pause import pause_at
from tracker.check.process import QUIET, process_fetched, record_outcome, sniffed
from tracker.check.read import Reading, combine_readings, read_policy
from tracker.check.recover import recover_policy, settled
from tracker.check.runlog import log_run
from tracker.check.window import run_windowed
from tracker.config import Config, PageConfig, PolicyConfig
from tracker.errors import CheckInterrupted, ConfigError, FetchError, StoreWriteError
from tracker.extract.pool import make_lanes, pool_size, screen_and_extract
from tracker.fetch.address import host_key
from tracker.fetch.browser import BrowserPool, browser_missing
from tracker.fetch.challenge import challenge_in
from tracker.fetch.hosts import HostGate
from tracker.fetch.options import fetch_options_for, render_mode, render_request_for
from tracker.fetch.request import FetchOptions, default_user_agent
from tracker.fetch.session import FetchSession
from tracker.models import FetchResult, PolicyDocument, SnapshotMeta, utc_now

if TYPE_CHECKING:
    from concurrent.futures import Executor

    from tracker.fetch.render import RenderPlan
from tracker.store import Store

log = logging.getLogger(__name__)
WINDOW = 1024  # policies started at once, at least (``tracker.check.window``)


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
        self.force, self.config, self.store = force, config, store
        self.base_options = base_options
        self.extract_workers = extract_workers
        self.recovered: list[CheckOutcome] = []
        self.bodies: dict[str, FetchResult] = {}  # each policy's last static page body, while it is checked
        self.results: dict[str, CheckOutcome] = {}  # policies finished and recorded so far
        self.stopping = False  # set when the run is being cut short (Ctrl-C, a store that cannot be written)

    async def run(self, policies: list[PolicyConfig], on_outcome: OutcomeCallback | None) -> list[CheckOutcome]:
        limit_arenas()  # before the run's threads start (``tracker.check.arenas``)
        pin_thresholds()
        self.workers = pool_size(self.extract_workers, len(policies))
        self._pool: list[Executor | None] = []  # made on the first extraction: none for a run of 304s
        # store writes wait on fsync, not on the CPU: one thread per request in flight keeps the
        # disk from becoming the queue (asyncio's default pool has only CPUs + 4 threads)
        io_threads = ThreadPoolExecutor(max_workers=max(4, self.config.settings.concurrency), thread_name_prefix="io")
        asyncio.get_running_loop().set_default_executor(io_threads)
        try:
            return await self._run(policies, on_outcome)
        finally:
            if self._pool and self._pool[0] is not None:
                self._pool[0].shutdown(cancel_futures=True)

    async def _run(self, policies: list[PolicyConfig], on_outcome: OutcomeCallback | None) -> list[CheckOutcome]:
        s = self.config.settings
        self.session = FetchSession(s.per_host, robots_concurrency=min(s.concurrency, 4))
        self.browser = BrowserPool(s.browser_path, s.browser_contexts)
        self._missing: list[str | None] = []
        try:
            self.limit = asyncio.Semaphore(s.concurrency)
            # fetching outruns extraction: without a cap, every fetched body would wait in
            # memory for a worker (RSS growing with N); a fetch starts only when one of
            # these slots is free, and the slot is held until the policy is finished
            self.in_flight = asyncio.Semaphore(s.concurrency + 2 * self.workers)
            self.hosts = HostGate(s.per_host)
            self.robots_options = fetch_options_for(self.config, policies[0], self.base_options)
            tasks: set[asyncio.Task[CheckOutcome]] = set()
            try:
                # a started policy holds its log's view, its state and its coroutines while it waits
                # for its host: starting every policy at once made memory grow with N
                window = max(WINDOW, 64 * s.concurrency)
                await run_windowed([partial(self.check_one, p) for p in policies], window, tasks, on_outcome)
            finally:
                await self._stop(tasks)
        finally:
            try:
                await self.session.aclose()
            finally:
                await self.browser.aclose()  # no browser process outlives the run
        return [self.results[p.id] for p in policies]

    async def _stop(self, tasks: set[asyncio.Task[CheckOutcome]]) -> None:
        """Cancel and wait out the policies still running (after Ctrl-C or a fatal error), before
        the clients close: a fetch cut short is then a cancellation, never a "connection error"."""
        pending = [t for t in tasks if not t.done()]
        if not pending:
            return
        self.stopping = True
        for task in pending:
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)

    def pool(self) -> Executor | None:
        """The run's extraction processes (None: inline), started on the first extraction."""
        if not self._pool:
            self._pool.append(make_lanes(self.workers))
        return self._pool[0]

    def browser_missing(self) -> str | None:
        """Why no browser can read pages in this run (asked once), None when one can."""
        if not self._missing:
            self._missing.append(browser_missing(self.config.settings.browser_path))
        return self._missing[0]

    async def _fetch(
        self,
        policy: PolicyConfig,
        url: str,
        latest: SnapshotMeta | None,
        state: dict[str, Any],
        admitted: list[bool],
        in_browser: bool = False,
    ) -> FetchResult:
        """One page of ``policy`` (``url``), as served or in the browser; conditional (ETag,
        Last-Modified) only when ``latest`` is given."""
        options = fetch_options_for(self.config, policy, self.base_options)
        ua = options.user_agent or default_user_agent()
        respect_robots = self.config.effective(policy).respect_robots
        if respect_robots and not await self.session.robots(self.robots_options).allowed(url, ua):
            raise FetchError(f"{url}: disallowed by robots.txt", "robots")
        delay = self.config.settings.host_delay
        if respect_robots:
            delay = max(delay, min(await self.session.robots(self.robots_options).crawl_delay(url, ua), 60.0))
        validators = latest is not None and not self.force  # --force: a full fetch, whatever the server says
        # (ETag, Last-Modified, lean path allowed): a URL that redirected last time goes through httpx
        conditional = (
            state.get("etag") if validators else None,
            state.get("last_modified") if validators else None,
            latest is None or not latest.redirects,
        )
        host = host_key(url)  # the machine, however the config spells it

        async def hop(target: str) -> None:  # a redirect: the host contacted next is polite too
            if respect_robots and not await self.session.robots(self.robots_options).allowed(target, ua):
                raise FetchError(f"{url}: redirect to {target} disallowed by robots.txt", "robots")
            if host_key(target) != host:
                wait = self.config.settings.host_delay
                if respect_robots:
                    wait = max(wait, min(await self.session.robots(self.robots_options).crawl_delay(target, ua), 60.0))
                await self.hosts.pace(host_key(target), wait)

        # the host's turn first: a policy waiting out a host's delay holds no global slot
        async with self.hosts.slot(host, delay):
            if admitted or not self.in_flight.locked():
                if not admitted:
                    await self.in_flight.acquire()  # free: taken at once
                    admitted.append(True)  # released by check_one once the policy is finished
                return await self._request(policy, url, options, host, conditional, in_browser, hop)
        # no room: wait for it without holding the host's slot (an admitted policy may need that
        # slot for its next page or its browser reading), then take the host's turn again
        await self.in_flight.acquire()
        admitted.append(True)
        async with self.hosts.slot(host, delay):
            return await self._request(policy, url, options, host, conditional, in_browser, hop)

    async def _request(
        self,
        policy: PolicyConfig,
        url: str,
        options: FetchOptions,
        host: str,
        conditional: tuple[str | None, str | None, bool],
        in_browser: bool,
        hop: Callable[[str], Awaitable[None]],
    ) -> FetchResult:
        if in_browser:  # the same robots.txt, host slot, delay and global limit as a request
            async with self.limit:
                return await self.browser.render(url, render_request_for(self.config, policy, options, url))
        async with self.limit:
            etag, last_modified, lean = conditional
            return await self.session.fetch(
                url, host, options, etag=etag, last_modified=last_modified, on_redirect=hop, revalidate=lean
            )

    async def _read(
        self,
        policy: PolicyConfig,
        latest: SnapshotMeta | None,
        state: dict[str, Any],
        admitted: list[bool],
        outcome: CheckOutcome,
    ) -> Reading:
        """Read the policy's page, or its pages in order (``urls``), the way its ``render`` says."""
        if not policy.pages:
            return await self._read_page(policy, PageConfig(policy.url), latest, state, admitted, outcome)
        readings = [await self._read_page(policy, page, None, state, admitted, outcome) for page in policy.pages]
        from tracker.extract.combine import Page

        return combine_readings(readings, [Page(p.url, "", b"", p.select, p.remove) for p in policy.pages])

    async def _read_page(
        self,
        policy: PolicyConfig,
        page: PageConfig,
        latest: SnapshotMeta | None,
        state: dict[str, Any],
        admitted: list[bool],
        outcome: CheckOutcome,
    ) -> Reading:
        select = policy.select if page.select is None else page.select
        remove = policy.remove if page.remove is None else page.remove

        async def fetch(in_browser: bool) -> FetchResult:
            result = await self._fetch(policy, page.url, latest, state, admitted, in_browser)
            if result.not_modified or in_browser:
                return result
            self.bodies[policy.id] = result  # kept as evidence if the page turns out not to be the policy
            return sniffed(policy, result, outcome)  # read as the bytes say; binary or truncated → anomaly

        def extract(fetched: FetchResult, scan: bool) -> Awaitable[tuple[PolicyDocument | None, str | None]]:
            # the challenge scan in the worker's job too; a first snapshot comes ready to store (``packed``)
            screen, first = (challenge_in if scan else None), latest is None and not policy.pages
            return screen_and_extract(self.pool(), fetched, select, remove, policy.name, first=first, screen=screen)

        async def plan(fetched: FetchResult, first_read: bool, lacking: str | None) -> RenderPlan:
            # it parses the page: off the event loop, in an extraction worker, like extraction
            from tracker.fetch.render import plan_for

            job, pool = partial(plan_for, fetched, first_read=first_read, browser_missing=lacking), self.pool()
            return job() if pool is None else await asyncio.get_running_loop().run_in_executor(pool, job)

        mode, previous = render_mode(self.config, policy), state.get("rendered_by")
        return await read_policy(page.url, mode, previous, fetch, extract, self.browser_missing, plan)

    async def _fetch_and_process(
        self,
        policy: PolicyConfig,
        latest: SnapshotMeta | None,
        state: dict[str, Any],
        admitted: list[bool],
        outcome: CheckOutcome,
    ) -> FetchResult:
        reading = await self._read(policy, latest, state, admitted, outcome)
        fetched = reading.fetched
        outcome.final_url, outcome.redirects = fetched.final_url, tuple(fetched.redirects)
        outcome.http_status = fetched.status
        outcome.rendered_by, outcome.render_reason = fetched.rendered_by, reading.reason
        if fetched.not_modified:  # nothing to parse or write: no thread hop
            process_fetched(self.config, self.store, policy, fetched, latest, outcome)
            return fetched
        await asyncio.to_thread(  # with workers, a change's diff work goes to them too (``check.work``)
            process_fetched, self.config, self.store, policy, fetched, latest, outcome, document=reading.document,
            challenge=reading.challenge, pool=self.pool() if self.workers else None,
        )  # fmt: skip
        return fetched

    async def check_one(self, policy: PolicyConfig) -> CheckOutcome:
        # first finish what an interrupted run left of this policy (a stored snapshot without its
        # check record, a change not yet in the feeds or alerted); a failure here stops the run
        last, metas = self.store.log_view(policy.id)  # one read of the log
        if not settled(last):
            self.recovered.extend(await asyncio.to_thread(recover_policy, self.config, self.store, policy))
            metas = self.store.snapshots(policy.id)
        latest = metas[-1] if metas else None
        state = self.store.state(policy.id)
        outcome = CheckOutcome(policy_id=policy.id, name=policy.name, status="error", url=policy.url)
        fetched: FetchResult | None = None
        admitted: list[bool] = []
        try:
            fetched = await self._fetch_and_process(policy, latest, state, admitted, outcome)
        except OSError as exc:  # the store cannot be written (disk full, read-only): the run stops
            self.stopping = True
            raise StoreWriteError(self.store, exc) from None
        except Exception as exc:
            set_failure(outcome, policy.id, exc)
        body = self.bodies.pop(policy.id, None)
        if outcome.status == "anomaly":
            fetched = fetched or body  # the page that is not the policy, kept as evidence below
        outcome.checked_at = outcome.checked_at or utc_now()
        log.info("%s: %s (HTTP %s, %s)", policy.id, outcome.status, outcome.http_status, outcome.final_url or "-")
        if outcome.status == "anomaly" and fetched is not None and fetched.content:
            # kept as evidence (never a version): what ``accept`` takes once a person has looked
            evidence = await asyncio.to_thread(self.store.save_anomaly, policy.id, fetched, str(outcome.cause))
            outcome.add_details({"anomaly": evidence})
            outcome.error = f"{outcome.error} (kept as anomaly {evidence['id']}; `policy-tracker accept {policy.id}`)"
        if outcome.failed:
            outcome.snapshot_id = latest.snapshot_id if latest else None
            if self.stopping:  # a failure while the run is cut short may be the cut itself: not evidence
                raise asyncio.CancelledError

        quiet = outcome.status in QUIET

        def record() -> None:  # counted where it is written: a cancelled wait for it still wrote it
            record_outcome(self.store, policy, outcome, state, fetched, durable=not quiet)
            self.results[policy.id] = outcome

        try:
            # the log append fsyncs: in a thread, so one policy's disk wait does not stall the others;
            # a quiet one does not (``Store.sync`` flushes it at the end): no thread
            await asyncio.to_thread(record) if not quiet else record()
        except OSError as exc:
            self.stopping = True
            raise StoreWriteError(self.store, exc) from None
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

    A config without policies is a ``ConfigError`` ("nothing to check"). Ctrl-C raises
    ``CheckInterrupted`` once the policies in flight are cancelled (none of them recorded as a
    failure) and the run is logged as interrupted; a store that cannot be written (full disk)
    stops the run with ``StoreWriteError``, logging it where the disk still allows.
    """
    if not config.policies:
        raise ConfigError(f"{config.path}: nothing to check (no [[policy]] in it)")
    policies = [config.policy(pid) for pid in policy_ids] if policy_ids else list(config.policies)
    store = store or Store(config.store_path)
    started = utc_now()
    with store.lock(timeout=lock_timeout):
        runner = _Runner(config, store, fetch_options, extract_workers, force)
        try:
            outcomes = asyncio.run(runner.run(policies, on_outcome))
        except KeyboardInterrupt:
            store.sync(best_effort=True)  # as far as the disk allows: the stop is what is reported
            log_run(config, store, started, list(runner.results.values()), len(policies), stopped="interrupted")
            raise CheckInterrupted(len(runner.results), len(policies)) from None
        except StoreWriteError as exc:
            store.sync(best_effort=True)
            log_run(config, store, started, list(runner.results.values()), len(policies), stopped=str(exc))
            raise
        try:
            store.sync()  # the group commit of the unchanged checks' records, before the run is logged
        except OSError as exc:
            raise StoreWriteError(store, exc) from None
        run = CheckRun(started_at=started, finished_at=utc_now(), outcomes=outcomes, recovered=runner.recovered)
        try:
            log_run(config, store, started, list(runner.results.values()), len(policies), run=run)
            pause_at("record")
            custom = None if listeners is None else [*listeners, deliveries_listener]
            chain = default_listeners(send_alerts=send_alerts) if custom is None else custom
            for listener in chain:
                listener(config, store, run)
        except OSError as exc:  # a full or failing disk: one line, and the next run completes the rest
            raise StoreWriteError(store, exc) from None
    return run
