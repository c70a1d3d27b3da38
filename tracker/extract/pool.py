"""Extraction for a check run, inline or in worker processes (it is the CPU-heavy step)."""

from __future__ import annotations

import asyncio
import os
import signal
from collections.abc import Callable
from concurrent.futures import Executor
from functools import partial
from typing import TYPE_CHECKING

from tracker.errors import ExtractionError
from tracker.models import FetchResult, PolicyDocument
from tracker.workers import start_worker

if TYPE_CHECKING:
    from tracker.extract.lanes import Lanes

AUTO_POOL_MIN_POLICIES = 32
Screen = Callable[[bytes], "str | None"]  # a body → why it is not to be extracted, or None
SCREENED = "screened"  # extract_job's cause for a body its screen turned away


def extract_job(
    content: bytes,
    content_type: str,
    url: str,
    select: tuple[str, ...],
    remove: tuple[str, ...],
    name: str | None = None,
    packed: bool | None = None,
    screen: Screen | None = None,
) -> tuple[PolicyDocument | None, str | None, str | None]:
    """Extract in a worker: (document, None, None) or (None, message, cause) - errors as values.
    ``packed``: the document as a ``PackedDocument`` (``True``: with its ``policy.json`` bytes).
    ``screen``: asked of the body first (the run's bot-challenge scan); what it finds comes back as
    (None, that, ``SCREENED``), nothing extracted."""
    from tracker.extract.document import extract

    found = screen(content) if screen is not None else None
    if found:
        return None, found, SCREENED
    try:
        document = extract(content, content_type, url=url, select=select, remove=remove, name=name)
    except ExtractionError as exc:
        return None, str(exc), exc.cause
    if packed is None:
        return document, None, None
    from tracker.extract.packed import pack

    return pack(document, structured=packed), None, None


def pool_size(workers: int | None, policies: int) -> int:
    """Extraction processes for a run: ``workers``, or when ``None`` one per CPU for runs of
    at least ``AUTO_POOL_MIN_POLICIES`` policies and 0 (inline) for smaller ones."""
    if workers is None:
        workers = (os.cpu_count() or 1) if policies >= AUTO_POOL_MIN_POLICIES else 0
    return max(0, workers)


def make_pool(workers: int) -> Executor | None:
    """A process pool of ``workers`` extraction processes; None (extract inline) for 0."""
    return _process_pool(workers) if workers > 0 else None


def _process_pool(workers: int) -> Executor:
    import multiprocessing  # (and the process pool): only for a run that extracts
    from concurrent.futures import ProcessPoolExecutor

    class _WorkerPool(ProcessPoolExecutor):
        """Spawns each worker with SIGINT blocked, so even a worker still starting up (before its
        initializer runs) never takes the terminal's Ctrl-C; the parent gets it as soon as the
        spawn returns (blocked, not ignored: the signal waits, it is not lost)."""

        def _spawn_process(self) -> None:
            old = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
            try:
                super()._spawn_process()  # type: ignore[misc]
            finally:
                signal.pthread_sigmask(signal.SIG_SETMASK, old)

    # spawn, not fork: the parent runs an event loop and (in tests) server threads
    return _WorkerPool(
        max_workers=workers,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=start_worker,
        initargs=(os.getpid(),),
    )


def make_lanes(workers: int) -> Lanes | None:
    """The run's ``workers`` processes as ``Lanes`` (one process each, made as ``make_pool``
    makes them, started on first use); None (everything inline) for 0."""
    from tracker.extract.lanes import Lanes  # (only for a run that extracts, as the pool itself)

    return Lanes(workers, partial(_process_pool, 1)) if workers > 0 else None


async def extract_fetched(
    pool: Executor | None,
    fetched: FetchResult,
    select: tuple[str, ...],
    remove: tuple[str, ...],
    name: str | None = None,
    *,
    first: bool = False,
) -> PolicyDocument:
    """Extract a fetched body, in ``pool`` when given; ``ExtractionError`` as ``extract`` raises it.
    From ``pool`` the document comes packed (``tracker.extract.packed``), with its ``policy.json``
    bytes when it is to be a ``first`` snapshot."""
    document, _ = await screen_and_extract(pool, fetched, select, remove, name, first=first)
    assert document is not None  # no screen: a document or an error
    return document


async def screen_and_extract(
    pool: Executor | None,
    fetched: FetchResult,
    select: tuple[str, ...],
    remove: tuple[str, ...],
    name: str | None = None,
    *,
    first: bool = False,
    screen: Screen | None = None,
) -> tuple[PolicyDocument | None, str | None]:
    """``(None, found)`` when ``screen(fetched.content)`` finds something, else ``(document, None)``
    as ``extract_fetched`` extracts it; in ``pool`` one job does both (the worker's core, not the
    run's, reads the body twice)."""
    args = (fetched.content, fetched.content_type, fetched.final_url, tuple(select), tuple(remove), name)
    if pool is None:
        document, message, cause = extract_job(*args, screen=screen)
    else:
        job = partial(extract_job, *args, packed=first, screen=screen)
        document, message, cause = await asyncio.get_running_loop().run_in_executor(pool, job)
    if cause == SCREENED:
        return None, message
    if document is None:
        raise ExtractionError(message or "extraction failed", cause or "extract")
    return document, None
