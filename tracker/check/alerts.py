"""Alerts after a check run, through apprise URLs (e-mail, Slack, Teams, Discord, webhooks ...).

``alert_run`` decides what calls for an alert, per policy, with the policy's effective settings
(``Config.effective``):

* a change at or above ``alert_on`` (``material``; ``review``, the default, also alerts for
  changes to review; ``any`` for editorial-only changes too);
* a failure streak that just reached ``alert_after_failures``;
* a recovery: the first successful read after such a streak.

Each goes to the global ``alerts`` plus the policy's own; with ``alert_mode = "digest"`` each URL
gets one message for the whole run instead of one per policy. The bodies are built in
``tracker.report.alert_message`` and delivered by ``tracker.check.deliver``.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Sequence

from tracker.check.outcome import CheckOutcome, CheckRun
from tracker.config import Config, PolicyConfig
from tracker.models import DiffResult
from tracker.report.alert_message import AlertItem
from tracker.store import DIFF_NAME, Store

log = logging.getLogger(__name__)
MATERIALITY_RANK = {"editorial": 0, "review": 1, "material": 2}
ALERT_ON_RANK = {"any": 0, "review": 1, "material": 2}


def send_alert(urls: Sequence[str], title: str, body: str) -> bool:
    """Send one plain alert to every apprise URL; True when all of them accepted it.

    URLs look like ``mailto://user:pass@smtp.example.com?to=legal@example.com``,
    ``json://hooks.example.com/policy``, ``slack://T000/B000/XXXX``. An unparseable URL counts
    as a failure.
    """
    if not urls:
        return True
    import apprise  # loaded only when an alert goes out (a run without alerts never needs it)

    notifier = apprise.Apprise()
    accepted = [notifier.add(url) for url in urls]
    if not any(accepted):
        return False
    delivered = bool(notifier.notify(title=title, body=body))
    return delivered and all(accepted)


def change_alerts(materiality: str | None, alert_on: str) -> bool:
    """True when a change of this materiality reaches the ``alert_on`` threshold (an unrated
    change counts as one to review)."""
    return MATERIALITY_RANK.get(materiality or "review", 1) >= ALERT_ON_RANK[alert_on]


def _diff(store: Store, outcome: CheckOutcome) -> DiffResult | None:
    if not (outcome.previous_snapshot_id and outcome.snapshot_id):
        return None
    path = store.report_dir(outcome.policy_id, outcome.previous_snapshot_id, outcome.snapshot_id) / DIFF_NAME
    try:
        return DiffResult.from_dict(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        log.warning("policy %r: alert without excerpts, diff not readable: %s", outcome.policy_id, exc)
        return None


def alert_item(config: Config, store: Store, policy: PolicyConfig, outcome: CheckOutcome) -> AlertItem | None:
    """What ``outcome`` calls for: a change, failure or recovery alert, or None."""
    threshold = config.settings.alert_after_failures
    if outcome.status == "changed":
        if not change_alerts(outcome.materiality, config.effective(policy).alert_on):
            return None
        published = None
        if outcome.previous_snapshot_id and outcome.snapshot_id:
            from tracker.report.files import published_report_url  # its renderers: only for a change

            published = published_report_url(policy, outcome.previous_snapshot_id, outcome.snapshot_id)
        return AlertItem(
            kind="change",
            record=outcome.to_dict(),
            diff=_diff(store, outcome),
            report_url=published,
            report_path=outcome.report_path,
        )
    if outcome.failed and outcome.failures == threshold:
        return AlertItem(kind="failure", record=outcome.to_dict())
    if not outcome.failed and outcome.recovered_after >= threshold:
        return AlertItem(kind="recovery", record=outcome.to_dict(), recovered_after=outcome.recovered_after)
    return None


def alert_run(
    config: Config,
    run: CheckRun,
    store: Store | None = None,
    *,
    sending: Callable[[CheckOutcome], None] | None = None,
    sent: Callable[[CheckOutcome, bool], None] | None = None,
) -> list[str]:
    """Send the alerts a finished run calls for; returns the ids whose alert failed to send.

    Changes include those the run recovered from an interrupted one (``run.recovered``).
    ``sending(outcome)`` is called just before a change's alert goes out and ``sent(outcome, ok)``
    just after (the run records its delivery there, so an interrupted alert is sent again).
    """
    store = store or Store(config.store_path)
    policies = {p.id: p for p in config.policies}
    by_url: dict[str, list[tuple[AlertItem, CheckOutcome]]] = {}
    plan: list[tuple[tuple[str, ...], AlertItem, CheckOutcome]] = []
    for outcome in run.recovered + run.outcomes:
        policy = policies.get(outcome.policy_id)
        urls = config.effective(policy).alerts if policy else config.settings.alerts
        item = alert_item(config, store, policy, outcome) if policy and urls else None
        if item is None:
            continue
        plan.append((urls, item, outcome))
        for url in urls:
            by_url.setdefault(url, []).append((item, outcome))
    templates = config.settings.templates
    failed: set[str] = set()

    def send(url_items: list[tuple[str, list[tuple[AlertItem, CheckOutcome]]]]) -> None:
        changes = list({id(o): o for _, pairs in url_items for i, o in pairs if i.kind == "change"}.values())
        for outcome in changes:
            if sending:
                sending(outcome)
        ok_by_policy: dict[str, bool] = {}
        for url, pairs in url_items:
            from tracker.check.deliver import deliver  # apprise and smtplib: only when alerts go out

            ok = deliver(url, [i for i, _ in pairs], templates)
            for _, o in pairs:
                ok_by_policy[o.policy_id] = ok_by_policy.get(o.policy_id, True) and ok
        failed.update(pid for pid, ok in ok_by_policy.items() if not ok)
        for outcome in changes:
            if sent:
                sent(outcome, ok_by_policy.get(outcome.policy_id, True))

    if config.settings.alert_mode == "digest":
        send(list(by_url.items()))
    else:
        for urls, item, outcome in plan:
            send([(url, [(item, outcome)]) for url in urls])
    return list(dict.fromkeys(o.policy_id for o in run.recovered + run.outcomes if o.policy_id in failed))
