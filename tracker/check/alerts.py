"""Alerts through apprise (email, Slack, Teams, Discord, webhooks ... by URL).

``alert_run`` sends, after a check run, one alert per changed policy (summary, materiality,
report path) and one per policy whose failure streak just reached
``Settings.alert_after_failures``, to the global ``Settings.alerts`` plus the policy's own
``alerts`` URLs.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import apprise

from tracker.check.outcome import CheckOutcome, CheckRun
from tracker.config import Config
from tracker.report.files import published_report_url


def send_alert(urls: Sequence[str], title: str, body: str) -> bool:
    """Send one alert to every apprise URL; True when all of them accepted it.

    URLs look like ``mailto://user:pass@smtp.example.com?to=legal@example.com``,
    ``json://hooks.example.com/policy``, ``slack://T000/B000/XXXX``. An unparseable URL counts
    as a failure.
    """
    if not urls:
        return True
    notifier = apprise.Apprise()
    accepted = [notifier.add(url) for url in urls]
    if not any(accepted):
        return False
    delivered = bool(notifier.notify(title=title, body=body))
    return delivered and all(accepted)


def change_message(outcome: CheckOutcome, report_url: str | None = None) -> tuple[str, str]:
    """Title and body of the alert for a changed policy (``report_url``: the published report)."""
    level = f" [{outcome.materiality}]" if outcome.materiality else ""
    title = f"Policy changed{level}: {outcome.name}"
    lines = [
        f"{outcome.name} ({outcome.policy_id}) changed: {outcome.summary or 'see the report'}",
        f"Materiality: {outcome.materiality or 'unrated'}",
        f"URL: {outcome.url}",
        f"Snapshots: {outcome.previous_snapshot_id} -> {outcome.snapshot_id}",
    ]
    if outcome.changed_sections:
        lines.append("Sections: " + "; ".join(outcome.changed_sections[:10]))
    if report_url:
        lines.append(f"Published report: {report_url}")
    if outcome.report_path:
        lines.append(f"Report: {outcome.report_path}")
    for kind, path in sorted(outcome.notice_paths.items()):
        lines.append(f"Notice draft ({kind}): {path}")
    return title, "\n".join(lines)


def failure_message(outcome: CheckOutcome) -> tuple[str, str]:
    """Title and body of the alert for a failure streak."""
    title = f"Policy check failing: {outcome.name} ({outcome.failures} times in a row)"
    body = f"{outcome.error}\nURL: {outcome.url}\nConsecutive failures: {outcome.failures}"
    return title, body


def alert_run(
    config: Config,
    run: CheckRun,
    *,
    sending: Callable[[CheckOutcome], None] | None = None,
    sent: Callable[[CheckOutcome, bool], None] | None = None,
) -> list[str]:
    """Send the alerts a finished run calls for; returns the ids whose alert failed to send.

    Changes include those the run recovered from an interrupted one (``run.changes()``).
    ``sending(outcome)`` is called just before a change's alert goes out, ``sent(outcome, ok)``
    just after (the run records its delivery there).
    """
    failed: list[str] = []
    threshold = config.settings.alert_after_failures
    policies = {p.id: p for p in config.policies}
    for outcome in run.recovered + run.outcomes:
        policy = policies.get(outcome.policy_id)
        urls = list(dict.fromkeys(config.settings.alerts + (policy.alerts if policy else ())))
        if not urls:
            continue
        if outcome.status == "changed":
            published = None
            if policy and outcome.previous_snapshot_id and outcome.snapshot_id:
                published = published_report_url(policy, outcome.previous_snapshot_id, outcome.snapshot_id)
            title, body = change_message(outcome, published)
        elif outcome.failed and outcome.failures == threshold:
            title, body = failure_message(outcome)
        else:
            continue
        change = outcome.status == "changed"
        if change and sending:
            sending(outcome)
        ok = send_alert(urls, title, body)
        if change and sent:
            sent(outcome, ok)
        if not ok:
            failed.append(outcome.policy_id)
    return failed
