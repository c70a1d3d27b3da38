"""Does a page's static HTML hold its text, or do its scripts build it? ("script shell" pages)

Single-page apps serve an empty mount point (``<div id="root"></div>``), a "Loading..." line
and scripts; some pages say "please enable JavaScript" in a ``noscript``. Read statically, such
a page is a one-word policy. ``script_shell_reason`` says when the served HTML is such a shell;
``may_need_rendering`` when it is thin enough, for its scripts, that reading it in a browser
is worth comparing. Both look only at the served bytes (no extraction), so fetch and any
later check (e.g. "is this the policy" on a first snapshot) can share them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import lxml.html
from lxml import etree

# mount points of the common frameworks (React, Vue, Next, Nuxt, Gatsby, Angular, Svelte)
_APP_ROOT_IDS = frozenset({"root", "app", "__next", "__nuxt", "___gatsby", "app-root", "svelte", "main-app"})
_APP_ROOT_TAGS = frozenset({"app-root"})
_ASKS_JS = re.compile(r"(enable|requires?|turn on|activate|aktivieren|activer|activez)\s+\S*\s*javascript", re.I)
SHELL_WORDS = 40  # fewer visible words than this beside a script: nothing but the shell
THIN_WORDS = 300  # fewer than this beside scripts: worth comparing with the rendered page
APP_ROOT_WORDS = 20  # an app's mount point holding fewer words than this has not been filled


@dataclass(frozen=True)
class PageShape:
    """What the served HTML holds: visible words, scripts, an empty app root, a plea for JavaScript."""

    words: int
    text_chars: int
    scripts: int
    script_chars: int
    empty_app_root: str | None  # e.g. "div#root" when the page has an unfilled mount point
    asks_for_javascript: bool


def page_shape(content: bytes) -> PageShape:
    """Measure the served HTML ``content`` (tolerant of broken markup; empty for non-HTML)."""
    try:
        root = lxml.html.document_fromstring(content)
    except (etree.ParserError, ValueError):
        return PageShape(0, 0, 0, 0, None, False)
    scripts = root.xpath("//script")
    script_chars = sum(len(s.text or "") for s in scripts)
    noscript = " ".join(n.text_content() for n in root.xpath("//noscript"))
    empty_root = None
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        ident = (el.get("id") or "").lower()
        if (ident in _APP_ROOT_IDS or el.tag in _APP_ROOT_TAGS) and len(el.text_content().split()) < APP_ROOT_WORDS:
            empty_root = f"{el.tag}#{ident}" if ident else el.tag
            break
    for el in root.xpath("//script|//style|//noscript|//template|//svg"):
        el.drop_tree()
    body = root.find("body")
    text = (body if body is not None else root).text_content()
    return PageShape(
        words=len(text.split()),
        text_chars=len(text.strip()),
        scripts=len(scripts),
        script_chars=script_chars,
        empty_app_root=empty_root,
        asks_for_javascript=bool(_ASKS_JS.search(noscript)),
    )


def script_shell_reason(content: bytes, shape: PageShape | None = None) -> str | None:
    """Why the served HTML looks like a script shell whose text only a browser would see, or None."""
    shape = shape or page_shape(content)
    if shape.scripts == 0:
        return None
    if shape.words < SHELL_WORDS:
        return f"script shell: {shape.words} words of text beside {shape.scripts} script(s)"
    if shape.empty_app_root and shape.words < THIN_WORDS:
        return f"script shell: empty app root {shape.empty_app_root} and {shape.words} words of text"
    if shape.asks_for_javascript and shape.words < THIN_WORDS:
        return f"script shell: the page asks for JavaScript and holds {shape.words} words of text"
    return None


def may_need_rendering(shape: PageShape) -> bool:
    """True when the page has scripts and little text for them (few words, or far more script
    than text): its rendered form may hold much more, so ``auto`` compares the two."""
    if shape.scripts == 0:
        return False
    return shape.words < THIN_WORDS or shape.script_chars > 3 * max(shape.text_chars, 1)
