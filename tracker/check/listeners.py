"""What listens to a finished check run: the Atom feeds, then alerts (the run does not import them).

The feeds come first: a change's feed entry and alert are due until its ``done`` delivery
record (``tracker.check.recover``), which the alert listener appends right after each alert.
"""

from __future__ import annotations

from collections.abc import Callable

from tracker.check.outcome import CheckOutcome, CheckRun
from tracker.check.pause import pause_at
from tracker.check.recover import record_delivery
from tracker.check.runlog import close_deliveries
from tracker.config import Config
from tracker.store import Store

RunListener = Callable[[Config, Store, CheckRun], None]


def alert_listener(config: Config, store: Store, run: CheckRun) -> None:
    """Send the run's alerts, recording each change's delivery; the policies whose alert failed
    go to ``run.alerts_failed``."""
    from tracker.check.alerts import alert_run  # the alert renderers: only when alerts are sent

    def sending(outcome: CheckOutcome) -> None:
        # written ahead: a full disk fails here, before the alert goes out, not after it
        record_delivery(store, outcome, "sending", "pending")

    def sent(outcome: CheckOutcome, ok: bool) -> None:
        record_delivery(store, outcome, "done", "sent" if ok else "failed")
        run.delivered.add(str(outcome.snapshot_id))

    run.alerts_failed = alert_run(config, run, store, sending=sending, sent=sent)
    pause_at("alert")


def feed_listener(config: Config, store: Store, run: CheckRun) -> None:
    """Rewrite the Atom feeds of the policies that changed (and the store's feed), with the
    policies' names, and absolute links when every policy's ``notice.report_base_url`` agrees."""
    from tracker.report.feed import write_feeds  # feedgen (and dateutil) load only here

    bases = {p.notice.report_base_url for p in config.policies}
    write_feeds(
        store,
        base_url=bases.pop() if len(bases) == 1 else None,
        changed=[o.policy_id for o in run.changes()],
        names={p.id: p.name for p in config.policies},
    )
    pause_at("feed")


def deliveries_listener(config: Config, store: Store, run: CheckRun) -> None:
    """Close the delivery of every change no alert was sent for (before the heads are signed, so
    that the signature covers those records too)."""
    close_deliveries(config, store, run)


def heads_listener(config: Config, store: Store, run: CheckRun) -> None:
    """Sign (and time-stamp) every policy's head when ``[evidence] signing_key`` is configured."""
    if config.evidence.signing_key is None:
        return
    from tracker.evidence.heads import sign_heads  # cryptography's x509: only with a signing key
    from tracker.evidence.keys import load_private_key

    key = load_private_key(config.evidence.signing_key)
    _, problem = sign_heads(store, key, tsa_url=config.evidence.tsa_url, timeout=config.settings.timeout)
    if problem:
        run.warnings.append(f"heads signed but not time-stamped: {problem}")


def default_listeners(*, send_alerts: bool = True) -> list[RunListener]:
    """The listeners of an ordinary run: feeds, then alerts (unless ``send_alerts`` is false), the
    closing delivery records, then the signed heads (last, so that they cover everything the run
    wrote)."""
    alerts = [alert_listener] if send_alerts else []
    return [feed_listener, *alerts, deliveries_listener, heads_listener]
