"""What ``render = "auto"`` decides for a page read statically, and which reading wins a comparison.

``plan_for`` looks at the served answer: a script shell (``tracker.fetch.shell``) or a
bot-challenge page is read again in the browser (``render``; without a browser a challenge stays
a ``challenge`` anomaly); a page with scripts and little
text for them, read for the first time, is read in the browser too and the two readings are
compared (``compare``: ``prefer_rendered`` decides); anything else is kept as served
(``static``). Without a usable browser, a page that needs one is ``needs_browser``, never a
baseline. The check run (``tracker.check.read``) carries the plan out and records it.
"""

from __future__ import annotations

from dataclasses import dataclass

from tracker.fetch.challenge import challenge_reason
from tracker.fetch.shell import may_need_rendering, page_shape, script_shell_reason
from tracker.models import FetchResult

RENDERED_MORE = 1.5  # the rendered page must hold this many times the static words ...
RENDERED_MORE_WORDS = 50  # ... and at least this many more, to win a comparison


@dataclass(frozen=True)
class RenderPlan:
    """``action`` is static, render, compare or needs_browser; ``reason`` says why (for the log)."""

    action: str
    reason: str


def is_html(fetched: FetchResult) -> bool:
    """True for an HTML answer (the only kind a browser reading can improve)."""
    ctype = fetched.content_type.split(";")[0].strip().lower()
    return ctype in ("text/html", "application/xhtml+xml") or (not ctype and fetched.content.lstrip()[:1] == b"<")


def plan_for(fetched: FetchResult, *, first_read: bool, browser_missing: str | None) -> RenderPlan:
    """What ``auto`` does with a page read statically (``fetched``, not a 304).

    ``first_read``: no earlier reading decided how this policy is read; ``browser_missing``:
    why no browser can be used here (None when one can).
    """
    if not is_html(fetched):
        return RenderPlan("static", "not an HTML page")
    shape = page_shape(fetched.content)
    shell = script_shell_reason(fetched.content, shape)
    if shell:
        if browser_missing:
            return RenderPlan("needs_browser", f"{shell}; {browser_missing}")
        return RenderPlan("render", shell)
    challenge = challenge_reason(fetched)
    if challenge:  # without a browser it stays what it is: a challenge anomaly
        return RenderPlan("static" if browser_missing else "render", challenge)
    if first_read and browser_missing is None and may_need_rendering(shape):
        return RenderPlan("compare", f"{shape.words} words beside {shape.scripts} script(s): compared with the browser")
    return RenderPlan("static", "the served HTML holds the text")


def prefer_rendered(static_words: int, rendered_words: int) -> bool:
    """True when the rendered page holds far more policy text than the served one."""
    return rendered_words >= max(static_words * RENDERED_MORE, static_words + RENDERED_MORE_WORDS)
