"""What a body really is, and whether it arrived whole: the bytes beat the Content-Type header.

``sniff`` looks at the body itself: PDF magic bytes make it a PDF whatever the label, an HTML
document labelled ``text/plain`` (or with no usable label) is read as HTML, and bytes that are
not text (control characters, NULs, an image or archive signature) are an anomaly ``binary``.
``truncation`` tells an HTML document that stops before ``</body>``/``</html>`` when no
Content-Length vouched for its end, and a body shorter than its Content-Length.
"""

from __future__ import annotations

import re
from dataclasses import replace

from tracker.models import FetchResult

SAMPLE = 64 * 1024
# signatures of non-text formats a policy URL may wrongly answer with
_BINARY_MAGIC = {
    b"\x89PNG": "a PNG image",
    b"GIF8": "a GIF image",
    b"\xff\xd8\xff": "a JPEG image",
    b"PK\x03\x04": "a ZIP archive (or an Office document)",
    b"\x1f\x8b": "gzip-compressed data",
    b"\x00asm": "a WebAssembly module",
    b"7z\xbc\xaf": "a 7-Zip archive",
    b"\xd0\xcf\x11\xe0": "an old Office document",
}
_CONTROL = set(range(0x00, 0x09)) | {0x0B} | set(range(0x0E, 0x1B)) | set(range(0x1C, 0x20)) | {0x7F}
_CONTROL_BYTES = bytes(sorted(_CONTROL))  # counted by bytes.translate: a Python loop costs ms a page
MAX_CONTROL_SHARE = 0.01  # text has next to none; random bytes about 12 %
_HTML_START = re.compile(
    rb"^\s*(<\?xml[^>]*>\s*)?(<!--.*?-->\s*)*<(!doctype\s+html|html[\s>]|head[\s>]|body[\s>])", re.I | re.S
)
_HTML_CLOSE = re.compile(rb"</(body|html)\s*>", re.I)
_HTML_OPEN = re.compile(rb"<(html|body)[\s>]", re.I)
_BOM = b"\xef\xbb\xbf"
_HTML_TYPES = ("text/html", "application/xhtml+xml")


def _mime(content_type: str) -> str:
    return (content_type or "").split(";")[0].strip().lower()


def _with_type(content_type: str, mime: str) -> str:
    """``mime`` keeping the charset parameter of the declared type, if any."""
    params = [p.strip() for p in (content_type or "").split(";")[1:] if p.strip().lower().startswith("charset=")]
    return "; ".join([mime, *params])


def binary_reason(content: bytes) -> str | None:
    """Why ``content`` is not a text document (nor a PDF), or None."""
    head = content[:SAMPLE]
    if head.startswith(b"%PDF-"):
        return None
    for magic, what in _BINARY_MAGIC.items():
        if head.startswith(magic):
            return f"the body is {what}, not a policy"
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None  # UTF-16 with a byte-order mark: NULs are expected
    if not head:
        return None
    control = len(head) - len(head.translate(None, _CONTROL_BYTES))
    share = control / len(head)
    if share > MAX_CONTROL_SHARE:
        return f"the body is not text ({share:.0%} control bytes in the first {len(head)} bytes)"
    return None


def looks_like_html(content: bytes) -> bool:
    """True when the body starts as an HTML document does (doctype, ``<html>``, ``<head>``, ``<body>``)."""
    return bool(_HTML_START.match(content[:SAMPLE].removeprefix(_BOM)))


def sniffed_type(fetched: FetchResult) -> str:
    """The content type to read the body as: the declared one unless the bytes say otherwise."""
    head = fetched.content[:SAMPLE].removeprefix(_BOM).lstrip()
    mime = _mime(fetched.content_type)
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if mime in _HTML_TYPES:
        return fetched.content_type
    if mime in ("", "text/plain", "application/octet-stream", "text/markdown", "application/pdf"):
        if looks_like_html(fetched.content):
            return _with_type(fetched.content_type, "text/html")
        if mime in ("", "application/octet-stream") and binary_reason(fetched.content) is None:
            return _with_type(fetched.content_type, "text/plain")
    return fetched.content_type


def sniff(fetched: FetchResult) -> tuple[FetchResult, tuple[str, str] | None]:
    """The fetch with its content type as sniffed, and ``(cause, why)`` when the body cannot be
    the policy (``binary`` or ``truncated``), else None."""
    mime = _mime(fetched.content_type)
    # a body labelled as an image or archive is already refused by the extractor as such
    texty = mime in ("", "application/octet-stream", "application/xhtml+xml", "application/xml") or mime.startswith(
        "text/"
    )
    reason = binary_reason(fetched.content) if texty else None
    if reason:
        return fetched, ("binary", reason)
    ctype = sniffed_type(fetched)
    if ctype != fetched.content_type:
        fetched = replace(fetched, content_type=ctype)
    cut = truncation(fetched)
    return fetched, (("truncated", cut) if cut else None)


def truncation(fetched: FetchResult) -> str | None:
    """Why the body looks cut short, or None."""
    declared = fetched.headers.get("content-length", "")
    if declared.isdigit() and "content-encoding" not in fetched.headers and len(fetched.content) < int(declared):
        return f"the body has {len(fetched.content)} of the {declared} bytes its Content-Length announced"
    if declared.isdigit() or _mime(fetched.content_type) not in _HTML_TYPES:
        return None
    if _HTML_OPEN.search(fetched.content[:SAMPLE]) and not _HTML_CLOSE.search(fetched.content):
        return "the HTML ends before </body> or </html> and no Content-Length vouches for its end"
    return None
