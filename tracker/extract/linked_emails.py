"""E-mail addresses a page shows only as a link's target, written into the text beside the link.

"Write to us <a href="mailto:privacy@acme.example">here</a>" reads "here" alone: a privacy contact
replaced behind the same link text would change nothing in the stored text, and an address moved
from the text into a link would read as removed. So the address is written after the link, in
brackets ("here (privacy@acme.example)"), unless the block around the link already shows it. The
same holds for a Cloudflare-obfuscated link target (``/cdn-cgi/l/email-protection#…``), whose
address is decoded from its hex.

The address goes into the link's tail, not inside the link, so a box's link density (what the
body finder weighs) is what it was.
"""

from __future__ import annotations

import re
from urllib.parse import unquote

from tracker.extract.tree import Element, Listed, ancestor_named, attached, attributed, text_content

__all__ = ["reveal_linked_emails", "decode_cloudflare_email"]

_CLOUDFLARE_LINK = "/cdn-cgi/l/email-protection#"
_MAILTO_CASES = str.maketrans("MAILTO", "mailto")
_XML_SPACE = " \t\n\r"  # what XPath's normalize-space takes as white space
_ADDRESS = re.compile(r"[^@\s<>()\[\],;:\"]+@[^@\s<>()\[\],;:\"]+\.[^@\s<>()\[\],;:\".]+")


def decode_cloudflare_email(hex_text: str) -> str | None:
    """The address behind Cloudflare's e-mail obfuscation (first byte is the XOR key), or None."""
    try:
        data = bytes.fromhex(hex_text)
        return bytes(b ^ data[0] for b in data[1:]).decode("utf-8") if len(data) > 1 else None
    except (ValueError, UnicodeDecodeError):
        return None


def _link_addresses(href: str) -> list[str]:
    """The well-formed addresses a ``mailto:`` (or Cloudflare-obfuscated) link target names."""
    href = href.strip()
    if _CLOUDFLARE_LINK in href:
        decoded = decode_cloudflare_email(href.split("#", 1)[1])
        targets = [decoded] if decoded else []
    else:
        targets = unquote(href[len("mailto:") :].split("?", 1)[0]).split(",")
    return [t.strip() for t in targets if _ADDRESS.fullmatch(t.strip())]


def _is_email_link(tag: Element, names: list[str]) -> bool:
    """An ``a`` whose target is a ``mailto:`` in any ASCII case after leading white space, or a
    Cloudflare-obfuscated address (what the XPath ``starts-with(translate(normalize-space(@href),
    'MAILTO', 'mailto'), 'mailto:') or contains(@href, ...)`` finds); ``names``: those of its
    attributes when listed (``tree.attributed``)."""
    if tag.tag != "a" or "href" not in names:
        return False
    href = tag.get("href")
    if href is None:
        return False
    return href.lstrip(_XML_SPACE)[:7].translate(_MAILTO_CASES) == "mailto:" or _CLOUDFLARE_LINK in href


def reveal_linked_emails(root: Element, block_names: frozenset[str] | set[str], listed: Listed | None = None) -> None:
    """Write each address a link hides after the link, unless the enclosing block (the nearest
    ancestor named in ``block_names``) already shows it; in page order, so a paragraph that links
    one address twice shows it once. ``listed``: ``tree.attributed(root)``, taken before (or
    after) the rules that ran before."""
    links = attributed(root) if listed is None else listed
    for link in [tag for tag, names in links if _is_email_link(tag, names) and tag is not root and attached(tag, root)]:
        block = ancestor_named(link, block_names)
        for address in _link_addresses(link.get("href") or ""):
            shown = text_content(link if block is None else block).lower()
            if address.lower() in shown:
                continue
            label = text_content(link).strip()
            link.tail = (f" ({address})" if label else f" {address}") + (link.tail or "")
