"""Noise removal: what is never the policy text is dropped from the tree before the body is
found — scripts, forms, navigation, headers and footers (``_DROP_TAGS``), hidden elements and
those in a noise role, and small boxes named like a widget (cookie banners, share buttons,
newsletters, sidebars ...)."""

from __future__ import annotations

import re

from tracker.extract.names import NamePattern
from tracker.extract.tree import Element, Listed, attached, attributed, drop

_DROP_TAGS = (
    "script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "canvas",
    "form", "button", "input", "select", "textarea", "nav", "header", "footer", "img",
    "picture", "video", "audio", "map", "link", "meta", "dialog",
)  # fmt: skip
_NOISE_WORDS = NamePattern(
    r"(^|[-_ ])(cookie-?(banner|bar|consent|notice|popup|law|message|alert|modal)|cookiebanner|cookieconsent|"
    r"consent|onetrust|cc-window|cc-banner|gdpr|didomi|axeptio|usercentrics|share|sharing|social|"
    r"newsletter|breadcrumbs?|skip-?link|popup|modal|banner|toolbar|sidebar|related|promo|advert|"
    r"sr-only|visually-hidden|screen-reader|footer\w*)([-_ ]|$)",
)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})

_NOISE_ROLES = {"navigation", "banner", "contentinfo", "dialog", "alertdialog", "search"}
_HIDDEN, _NAMED = 2, 1  # noise whatever its size; noise when small


def _noise_sign(tag: Element, attributes: list[str] | None = None) -> int:
    """``_HIDDEN`` for a hidden element or one in a noise role, ``_NAMED`` for one named like a
    widget (class, id or role), else 0; read from its attributes alone (``attributes``: their
    names when listed, ``tree.attributed``: the others are not read)."""
    if attributes is None:
        attributes = tag.keys()
    get = tag.get
    if ("hidden" in attributes and get("hidden") is not None) or (
        "aria-hidden" in attributes and get("aria-hidden") == "true"
    ):
        return _HIDDEN
    style = get("style") if "style" in attributes else None
    if style is not None and _HIDDEN_STYLE.search(style):
        return _HIDDEN
    role = (get("role") if "role" in attributes else None) or ""
    if role in _NOISE_ROLES:
        return _HIDDEN
    if tag.tag in _HEADING_TAGS:
        return 0  # a heading is never a widget: <h2 id="sharing-your-information"> is a section
    classes = get("class") if "class" in attributes else None
    ident = get("id") if "id" in attributes else None
    if classes is None and ident is None and not role:
        return 0
    names = " ".join([*(classes or "").split(), ident or "", role])
    return _NAMED if names.strip() and _NOISE_WORDS.search(names) else 0


_SMALL = 2000  # characters of text: a noise-named box holding less is noise


def _is_small(tag: Element) -> bool:
    """Whether ``len(text_content(tag, " ", strip=True)) < _SMALL``, reading no further than that."""
    size = -1  # the length of the stripped strings joined by single spaces
    for text in tag.itertext():
        text = text.strip()
        if text:
            size += len(text) + 1
            if size >= _SMALL:
                return False
    return True


def _is_noise(tag: Element) -> bool:
    sign = _noise_sign(tag)
    # A noise-named box is dropped only when small: a policy's own "cookies" section or a page
    # wrapper whose class happens to contain "banner" is kept.
    return sign == _HIDDEN or (sign == _NAMED and _is_small(tag))


def remove_noise(root: Element, listed: Listed | None = None) -> None:
    """Drop what is never the policy: ``_DROP_TAGS``, then the boxes ``_is_noise`` finds.
    ``listed``: ``tree.attributed(root)``, taken before (or after) the rules that ran before."""
    listed = attributed(root) if listed is None else listed
    for node in list(root.iter(*_DROP_TAGS)):  # comments are skipped wherever text is read
        drop(node)
    if _is_noise(root):
        for child in list(root):
            drop(child)
        return
    # in page order, so a box is looked at before anything inside it (which goes with it); an
    # element without any attribute is never noise
    for child, names in listed:
        sign = _noise_sign(child, names) if child is not root else 0
        if (
            sign
            and attached(child, root)  # (listed before the boxes that went, and what they held)
            and (sign == _HIDDEN or _is_small(child))
        ):
            drop(child)
