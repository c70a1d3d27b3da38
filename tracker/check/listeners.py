"""What listens to a finished check run: alerts and the Atom feeds (the run does not import them)."""

from __future__ import annotations

from collections.abc import Callable

from tracker.check.alerts import alert_run
from tracker.check.outcome import CheckRun
from tracker.config import Config
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


def default_listeners(*, send_alerts: bool = True) -> list[RunListener]:
    """The listeners of an ordinary run: alerts (unless ``send_alerts`` is false), then feeds."""
    return [alert_listener, feed_listener] if send_alerts else [feed_listener]
