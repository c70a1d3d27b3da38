"""What listens to a finished check run: alerts and the Atom feeds (the run does not import them)."""

from __future__ import annotations

from collections.abc import Callable

from tracker.check.alerts import alert_run
from tracker.check.outcome import CheckRun
from tracker.config import Config
from tracker.evidence.heads import sign_heads
from tracker.evidence.keys import load_private_key
from tracker.report.feed import write_feeds
from tracker.store import Store

RunListener = Callable[[Config, Store, CheckRun], None]


def alert_listener(config: Config, store: Store, run: CheckRun) -> None:
    """Send the run's alerts; the policies whose alert failed go to ``run.alerts_failed``."""
    run.alerts_failed = alert_run(config, run, store)


def feed_listener(config: Config, store: Store, run: CheckRun) -> None:
    """Rewrite the Atom feeds of the policies that changed (and the store's feed), with the
    policies' names, and absolute links when every policy's ``notice.report_base_url`` agrees."""
    bases = {p.notice.report_base_url for p in config.policies}
    write_feeds(
        store,
        base_url=bases.pop() if len(bases) == 1 else None,
        changed=[o.policy_id for o in run.outcomes if o.status == "changed"],
        names={p.id: p.name for p in config.policies},
    )


def heads_listener(config: Config, store: Store, run: CheckRun) -> None:
    """Sign (and time-stamp) every policy's head when ``[evidence] signing_key`` is configured."""
    if config.evidence.signing_key is None:
        return
    key = load_private_key(config.evidence.signing_key)
    _, problem = sign_heads(store, key, tsa_url=config.evidence.tsa_url, timeout=config.settings.timeout)
    if problem:
        run.warnings.append(f"heads signed but not time-stamped: {problem}")


def default_listeners(*, send_alerts: bool = True) -> list[RunListener]:
    """The listeners of an ordinary run: alerts (unless ``send_alerts`` is false), feeds, then the
    signed heads (last, so that they cover everything the run wrote)."""
    return [alert_listener, feed_listener, heads_listener] if send_alerts else [feed_listener, heads_listener]
