"""Links to a place on the page itself, written with the page's own address.

A table of contents or an "in this section" list may link to ``https://acme.example/privacy/#rights``
from ``https://acme.example/privacy/`` instead of to ``#rights``. The rules that tell such lists
and contents entries apart (``layout``, ``html``) read a same-page link by its ``href`` starting
with ``#``, so these links are given that form first. Link targets never reach the text.
"""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

from lxml import etree

from tracker.extract.tree import Element

__all__ = ["is_same_page_link", "localise_fragments"]

_FRAGMENT_LINKS = etree.XPath("descendant::a[contains(@href, '#') and not(starts-with(normalize-space(@href), '#'))]")


def is_same_page_link(link: Element) -> bool:
    """An ``a`` whose target is a place on this page (``href="#…"``, as ``localise_fragments``
    writes every such link)."""
    return link.tag == "a" and str(link.get("href") or "").startswith("#")


def localise_fragments(root: Element, html: str, source: str) -> int:
    """Rewrite each link to a fragment of the page at ``source`` (its own address, absolute or
    relative) as ``#fragment``; returns how many. Nothing happens when ``source`` is no URL or the
    markup never names the page's path before a ``#``."""
    if "://" not in source:
        return 0
    page = urlsplit(source)
    path = page.path.rstrip("/")
    last = path.rsplit("/", 1)[-1]  # what a link relative to the folder ("privacy#x") still names
    if not last or f"{last}#" not in html and f"{last}/#" not in html:
        return 0  # (a scan of the markup costs less than a search of the tree)
    count = 0
    for link in _FRAGMENT_LINKS(root):
        try:
            target = urlsplit(urljoin(source, str(link.get("href")).strip()))
        except ValueError:
            continue
        same = target.netloc.lower() == page.netloc.lower() and target.path.rstrip("/") == path
        if same and target.fragment and target.query in ("", page.query):
            link.set("href", f"#{target.fragment}")
            count += 1
    return count
