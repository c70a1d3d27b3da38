"""Delivering one alert to one apprise URL, in the form that URL's service reads best.

* ``mailto://`` / ``mailtos://``: a multipart/alternative e-mail whose text and HTML parts are
  both ours (apprise would derive the text from the HTML), sent over SMTP with the connection
  settings apprise reads from the URL (host, port, ``mode=ssl|starttls|insecure``, login, from,
  to, cc, bcc);
* ``json://`` / ``jsons://``: the alert's JSON document POSTed to the URL (apprise's ``title``,
  ``message`` and ``type`` keys first, so receivers written for apprise keep working);
* anything else (Slack, Teams, Discord, Telegram ...): apprise with the compact Markdown body,
  cut to the service's own size limit.
"""

from __future__ import annotations

import logging
import smtplib
import ssl
from email.message import EmailMessage
from email.utils import formataddr, formatdate, make_msgid
from pathlib import Path
from typing import Any

import apprise
import httpx

from tracker.report.alert_message import AlertItem, build_alert, chat_markdown

log = logging.getLogger(__name__)
SMTP_TIMEOUT = 20.0
WEBHOOK_TIMEOUT = 20.0


def _address(pair: Any) -> str:
    name, address = pair if isinstance(pair, tuple) else (None, pair)
    return formataddr((name or "", address))


def send_email(plugin: Any, title: str, text: str, html: str) -> bool:
    """Send one text + HTML e-mail with the SMTP settings of an apprise e-mail ``plugin``."""
    message = EmailMessage()
    message["Subject"] = title
    message["From"] = _address(plugin.from_addr)
    message["To"] = ", ".join(_address(t) for t in plugin.targets)
    if plugin.cc:
        message["Cc"] = ", ".join(sorted(plugin.cc))
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain=plugin.smtp_host)
    message.set_content(text)
    message.add_alternative(html, subtype="html")
    recipients = [t[1] if isinstance(t, tuple) else t for t in plugin.targets] + sorted(plugin.cc | plugin.bcc)
    context = ssl.create_default_context()
    if not plugin.verify_certificate:
        context.check_hostname, context.verify_mode = False, ssl.CERT_NONE
    try:
        smtp_class = smtplib.SMTP_SSL if plugin.secure_mode == "ssl" else smtplib.SMTP
        extra: dict[str, Any] = {"context": context} if plugin.secure_mode == "ssl" else {}
        with smtp_class(plugin.smtp_host, plugin.port, timeout=SMTP_TIMEOUT, **extra) as smtp:
            if plugin.secure_mode == "starttls":
                smtp.starttls(context=context)
            if plugin.user and plugin.password:
                smtp.login(plugin.user, plugin.password)
            refused = smtp.send_message(message, from_addr=plugin.from_addr[1], to_addrs=recipients)
    except (OSError, smtplib.SMTPException) as exc:
        log.warning("e-mail alert to %s failed: %s", plugin.smtp_host, exc)
        return False
    return not refused


def post_json(plugin: Any, document: dict[str, Any]) -> bool:
    """POST the alert's JSON document to an apprise ``json://`` target (its headers and login)."""
    scheme = "https" if plugin.secure else "http"
    port = f":{plugin.port}" if plugin.port else ""
    url = f"{scheme}://{plugin.host}{port}{plugin.fullpath or '/'}"
    auth = (plugin.user, plugin.password or "") if plugin.user else None
    try:
        response = httpx.post(
            url,
            json=document,
            headers=dict(plugin.headers),
            auth=auth,
            timeout=WEBHOOK_TIMEOUT,
            verify=bool(plugin.verify_certificate),
        )
    except httpx.HTTPError as exc:
        log.warning("webhook alert to %s failed: %s", url, exc)
        return False
    if response.status_code >= 300:
        log.warning("webhook alert to %s failed: HTTP %s", url, response.status_code)
        return False
    return True


def deliver(url: str, items: list[AlertItem], templates_dir: str | Path | None = None) -> bool:
    """Send the alert about ``items`` to one apprise URL; True when it was accepted."""
    sent = _deliver(url, items, templates_dir)
    log.info("alert about %s to %s://…: %s", ", ".join(i.record["policy_id"] for i in items),
             url.split("://", 1)[0], "sent" if sent else "NOT sent")  # fmt: skip
    return sent


def _deliver(url: str, items: list[AlertItem], templates_dir: str | Path | None) -> bool:
    plugin = apprise.Apprise.instantiate(url)
    if plugin is None:
        log.warning("alert URL not understood by apprise: %s", url.split("://")[0] + "://…")
        return False
    limit = int(getattr(plugin, "body_maxlen", 32768) or 32768)
    scheme = url.split("://", 1)[0].lower()
    if hasattr(plugin, "smtp_host") and hasattr(plugin, "secure_mode"):  # apprise's e-mail plugins
        message = build_alert(items, templates_dir=templates_dir)
        return send_email(plugin, message.title, message.text, message.html)
    if scheme in ("json", "jsons"):
        message = build_alert(items, templates_dir=templates_dir)
        return post_json(plugin, message.document)
    message = build_alert(items, templates_dir=templates_dir, chat_limit=limit)
    title = message.title[: int(getattr(plugin, "title_maxlen", 250) or 0)] or None
    body = message.markdown if title else f"**{message.title}**\n\n{message.markdown}"
    if len(body) > limit:
        body = chat_markdown(items, limit=limit - len(message.title) - 6, templates_dir=templates_dir)
        body = body if title else f"**{message.title}**\n\n{body}"
    return bool(plugin.notify(title=title or "", body=body, body_format=apprise.NotifyFormat.MARKDOWN))
