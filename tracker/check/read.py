"""Reading one policy's page the way its ``render`` setting says: as served, in the browser, or
(``auto``) in the browser only when the served HTML needs it (``tracker.fetch.render.plan_for``).

``read_policy`` is given the two ways to fetch (``fetch(False)`` as served, ``fetch(True)`` in
the browser; both go through the run's politeness: robots.txt, per-host limits and delays)
and the extraction; it returns the ``Reading`` to process, whose ``fetched.rendered_by`` says
which way the page was read and ``reason`` why. A policy once read in the browser is read there
again (its served HTML is no guide to its text), and one read as served is compared with the
browser only on its first reading.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from tracker.check.process import Anomaly
from tracker.errors import ExtractionError, FetchError
from tracker.fetch.challenge import challenge_reason
from tracker.models import FetchResult, PolicyDocument

if TYPE_CHECKING:  # both load on first use: a 304 needs neither the page parser nor the packer
    from tracker.extract.combine import Page
    from tracker.fetch.render import RenderPlan

Fetch = Callable[[bool], Awaitable[FetchResult]]
# extract(fetched, scan): (document, None); with ``scan``, (None, why) for a bot-challenge page
# (``challenge_reason``, asked first: a run asks it in the extraction worker, with the extraction)
Extract = Callable[[FetchResult, bool], Awaitable[tuple[PolicyDocument | None, str | None]]]
Plan = Callable[[FetchResult, bool, str | None], Awaitable["RenderPlan"]]  # plan_for(fetched, first_read, missing)


@dataclass(frozen=True)
class Reading:
    """A fetched page ready to process: its document (None for a 304 or a challenge page)."""

    fetched: FetchResult
    document: PolicyDocument | None
    challenge: str | None = None
    reason: str | None = None  # why it was read the way it was (None: as served, nothing to decide)


async def _finish(fetched: FetchResult, extract: Extract, reason: str | None) -> Reading:
    document, challenge = await extract(fetched, True)
    return Reading(fetched, document, challenge, reason)


async def read_policy(
    url: str,
    mode: str,
    previous: str | None,
    fetch: Fetch,
    extract: Extract,
    missing: Callable[[], str | None],
    plan: Plan | None = None,
) -> Reading:
    """Read ``url`` by ``mode`` (static, browser, auto); ``previous`` is how it was read last
    (``rendered_by`` of the last good check, None the first time); ``missing()`` says why no
    browser can be used (None when one can). ``plan`` runs ``plan_for`` (it parses the page: a
    run hands it to its extraction workers; inline without). Raises ``FetchError``,
    ``ExtractionError`` or an ``Anomaly`` (cause ``needs_browser`` with the install hint: never a
    baseline)."""
    if mode == "browser" or (mode == "auto" and previous == "browser"):
        why = "render = browser" if mode == "browser" else "read in the browser before"
        lacking = missing()
        if lacking:
            raise Anomaly(f"{url}: {why}, but {lacking}", "needs_browser")
        return await _finish(await fetch(True), extract, why)
    try:
        static = await fetch(False)
    except FetchError as exc:  # a challenge on an error status: a browser may get past it
        if exc.cause != "challenge" or mode != "auto" or missing():
            raise
        return await _past_challenge(str(exc), exc.status, fetch, extract)
    if static.not_modified or mode == "static":
        return Reading(static, None) if static.not_modified else await _finish(static, extract, None)
    if plan is None:
        from tracker.fetch.render import plan_for

        decided = plan_for(static, first_read=previous is None, browser_missing=missing())
    else:
        decided = await plan(static, previous is None, missing())
    if decided.action == "needs_browser":
        raise Anomaly(f"{url}: {decided.reason}", "needs_browser")
    if decided.action == "render" and challenge_reason(static):
        return await _past_challenge(f"{url}: {decided.reason}", static.status, fetch, extract)
    if decided.action == "render":
        return await _finish(await fetch(True), extract, decided.reason)
    if decided.action == "compare":
        return await _compare(static, fetch, extract, decided.reason)
    return await _finish(static, extract, None)


async def _past_challenge(challenge: str, status: int | None, fetch: Fetch, extract: Extract) -> Reading:
    """Read a bot-challenge page in the browser; when the browser fails too, it stays a challenge."""
    try:
        rendered = await fetch(True)
    except FetchError as exc:
        raise FetchError(f"{challenge} (the browser did not get past it: {exc.cause})", "challenge", status) from None
    return await _finish(rendered, extract, f"{challenge}: read in the browser")


async def _compare(static: FetchResult, fetch: Fetch, extract: Extract, reason: str) -> Reading:
    """Read the page in the browser too and keep whichever holds far more policy text."""
    from tracker.fetch.render import prefer_rendered

    static_doc: PolicyDocument | None = None
    static_error: ExtractionError | None = None
    try:
        static_doc = (await extract(static, False))[0]
    except ExtractionError as exc:
        static_error = exc
    try:
        rendered = await fetch(True)
        rendered_doc = (await extract(rendered, True))[0]  # None for a challenge page
    except (FetchError, ExtractionError):
        rendered_doc = None  # the browser's reading failed: the served one stands (or its error)
    static_words = static_doc.word_count if static_doc else 0
    if rendered_doc is not None and prefer_rendered(static_words, rendered_doc.word_count):
        why = f"{reason}: the browser's {rendered_doc.word_count} words kept over the served {static_words}"
        return Reading(rendered, rendered_doc, None, why)
    if static_doc is None:
        assert static_error is not None
        raise static_error
    return Reading(static, static_doc, None, f"{reason}: the served HTML holds as much")


def combine_readings(readings: list[Reading], pages: list[Page]) -> Reading:
    """The readings of a document's pages (in order) as one: the joined document, and one answer
    whose body holds every page (``tracker.extract.combine``). A page that is a challenge makes
    the whole a challenge. ``pages`` carry each page's own selectors (their bodies are ignored)."""
    from tracker.extract.combine import combine_documents, pack_pages

    for reading in readings:
        if reading.challenge:
            return reading
    first = readings[0].fetched
    content, ctype = pack_pages(
        [replace(page, url=r.fetched.final_url, content_type=r.fetched.content_type, content=r.fetched.content)
         for page, r in zip(pages, readings, strict=True)]
    )  # fmt: skip
    documents = [r.document for r in readings if r.document is not None]
    reasons = [f"page {n}: {r.reason}" for n, r in enumerate(readings, start=1) if r.reason]
    fetched = FetchResult(
        url=first.url,
        final_url=first.final_url,
        status=first.status,
        headers={"content-type": ctype},
        content=content,
        content_type=ctype,
        encoding=None,
        fetched_at=first.fetched_at,
        redirects=tuple(u for r in readings for u in r.fetched.redirects),
        elapsed_ms=sum(r.fetched.elapsed_ms for r in readings),
        rendered_by="browser" if any(r.fetched.rendered_by == "browser" for r in readings) else "static",
    )
    return Reading(fetched, combine_documents(documents), None, "; ".join(reasons) or None)
