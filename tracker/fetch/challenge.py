"""Telling a failed fetch from a changed policy: bot-challenge pages and a vanished body."""

from __future__ import annotations

import re

from tracker.models import FetchResult, PolicyDocument

# Markers only interstitials carry (Cloudflare, DDoS-Guard, PerimeterX, Sucuri ...), lower case.
_STRONG = (
    "cf-browser-verification",
    "/cdn-cgi/challenge-platform",
    "checking your browser",
    "<title>just a moment...</title>",
    "attention required! | cloudflare",
    "ddos-guard",
    "px-captcha",
    "please verify you are a human",
    "verify you are human",
    "enable javascript and cookies to continue",
    "sucuri website firewall",
)
# Weaker markers (a policy may mention reCAPTCHA): only on a small page with little text.
_WEAK = ("captcha", "are you a robot", "bot detection")
SMALL_PAGE = 30_000
FEW_WORDS = 200  # an interstitial has a sentence or two; a policy mentioning reCAPTCHA has far more
_TAG = re.compile(r"<[^>]*>")
SCAN_BYTES = 64 * 1024  # interstitials put their markers early; scanning more only costs time


def challenge_reason(fetched: FetchResult) -> str | None:
    """Why this response looks like a bot-challenge/captcha interstitial, or None."""
    return challenge_in(fetched.content)


# The only characters whose lower case holds an ASCII letter (U+0130 → "i̇", U+212A KELVIN SIGN → "k"),
# in UTF-8: a head without them has every ASCII marker where its bytes, lowered, have it.
_LOWERS_TO_ASCII = (b"\xc4\xb0", b"\xe2\x84\xaa")
_STRONG_BYTES = tuple(marker.encode("ascii") for marker in _STRONG)


def challenge_in(content: bytes) -> str | None:
    """Why a response body looks like a bot-challenge/captcha interstitial, or None."""
    raw = content[:SCAN_BYTES]
    if len(content) >= SMALL_PAGE and not any(c in raw for c in _LOWERS_TO_ASCII):
        # the same answer as the text's reading below, without decoding 64 KB: the markers are
        # ASCII, an ASCII byte is that character whatever surrounds it, and bytes.lower() lowers
        # exactly the ASCII letters
        lowered = raw.lower()
        for marker, encoded in zip(_STRONG, _STRONG_BYTES, strict=True):
            if encoded in lowered:
                return f"bot-challenge page instead of the policy ({marker!r})"
        return None
    head = raw.decode("utf-8", errors="replace").lower()
    for marker in _STRONG:
        if marker in head:
            return f"bot-challenge page instead of the policy ({marker!r})"
    if len(content) < SMALL_PAGE and len(_TAG.sub(" ", head).split()) < FEW_WORDS:
        for marker in _WEAK:
            if marker in head:
                return f"bot-challenge page instead of the policy ({marker!r} on a small page)"
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
