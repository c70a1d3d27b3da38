"""Telling a failed fetch from a changed policy: bot-challenge pages and a vanished body."""

from __future__ import annotations

import re

from tracker.models import FetchResult, PolicyDocument

# Markers only interstitials carry (Cloudflare, DDoS-Guard, PerimeterX, Akamai, Sucuri ...).
_STRONG = re.compile(
    r"cf-browser-verification|/cdn-cgi/challenge-platform|checking your browser|"
    r"<title>\s*just a moment\.\.\.|attention required! \| cloudflare|ddos-guard|"
    r"px-captcha|please verify you are a human|verify you are human|"
    r"enable javascript and cookies to continue|sucuri website firewall|access denied \| .* used cloudflare",
    re.IGNORECASE,
)
# Weaker markers (a policy may mention reCAPTCHA): only on a small page.
_WEAK = re.compile(r"captcha|are you a robot|bot detection", re.IGNORECASE)
SMALL_PAGE = 30_000


def challenge_reason(fetched: FetchResult) -> str | None:
    """Why this response looks like a bot-challenge/captcha interstitial, or None."""
    head = fetched.content[:200_000].decode("utf-8", errors="replace")
    match = _STRONG.search(head)
    if match:
        return f"bot-challenge page instead of the policy ({match.group(0).strip()!r})"
    if len(fetched.content) < SMALL_PAGE:
        weak = _WEAK.search(head)
        if weak:
            return f"bot-challenge page instead of the policy ({weak.group(0)!r} on a small page)"
    return None


def shrink_reason(old: PolicyDocument, new: PolicyDocument, max_shrink: float) -> str | None:
    """Why ``new`` looks like a vanished/truncated body rather than an edit, or None.

    The body shrinking by more than ``max_shrink`` (a fraction of the old word count) is
    treated as a broken page, not as the policy being cut.
    """
    before, after = old.word_count, new.word_count
    if before <= 0:
        return None
    lost = (before - after) / before
    if lost > max_shrink:
        return f"policy body shrank from {before} to {after} words ({lost:.0%} > max_shrink {max_shrink:.0%})"
    return None
