"""A document spread over several pages (a policy's ``urls``, Open Terms Archive's ``combine``).

The pages are read one by one, each extracted on its own (with its own selectors when it has
them), and their sections joined in order into one document (``combine_documents``) with one
history. What is stored as the snapshot's raw body is all the pages in one MIME
``multipart/mixed`` message (``pack_pages``; stdlib ``email``), each part keeping its URL
(``Content-Location``), its own Content-Type and any page selectors, so that ``extract`` of
that body (``reextract``, a later extractor) reads exactly the same document again.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, replace
from email import message_from_bytes
from email.encoders import encode_base64
from email.mime.base import MIMEBase
from email.mime.multipart import MIMEMultipart

from tracker.errors import ExtractionError
from tracker.models import PolicyDocument, Section

MULTIPART = "multipart/mixed"


@dataclass(frozen=True)
class Page:
    """One page of a combined document, as stored: its URL, body and selectors (None: the policy's)."""

    url: str
    content_type: str
    content: bytes
    select: tuple[str, ...] | None = None
    remove: tuple[str, ...] | None = None


def pack_pages(pages: Sequence[Page]) -> tuple[bytes, str]:
    """All pages in one ``multipart/mixed`` message; returns (bytes, its Content-Type)."""
    outer = MIMEMultipart("mixed")
    for page in pages:
        maintype, _, subtype = (page.content_type.split(";")[0].strip() or "text/html").partition("/")
        part = MIMEBase(maintype or "text", subtype or "html")
        part.replace_header("Content-Type", page.content_type or "text/html")
        part.set_payload(page.content)
        encode_base64(part)  # bodies are bytes of any charset: base64 survives any line ending
        part["Content-Location"] = page.url
        for key, value in (("X-Policy-Select", page.select), ("X-Policy-Remove", page.remove)):
            if value is not None:
                part[key] = json.dumps(list(value))
        outer.attach(part)
    data = outer.as_bytes()
    return data, outer["Content-Type"].replace("\n", "").replace("\r", "")


def unpack_pages(content: bytes, source: str) -> list[Page]:
    """The pages of a body written by ``pack_pages``; ``ExtractionError`` when it is not one."""
    message = message_from_bytes(content)
    if not message.is_multipart():
        raise ExtractionError(f"{source}: not a multi-page document", cause="malformed")
    pages = []
    for part in message.walk():
        if part.is_multipart():
            continue
        body = part.get_payload(decode=True)
        try:
            select, remove = (
                None if part.get(key) is None else tuple(json.loads(str(part.get(key))))
                for key in ("X-Policy-Select", "X-Policy-Remove")
            )
        except (ValueError, TypeError):
            raise ExtractionError(f"{source}: unreadable page selectors", cause="malformed") from None
        url, ctype = str(part.get("Content-Location", source)), str(part.get("Content-Type", "text/html"))
        pages.append(Page(url, ctype, body if isinstance(body, bytes) else b"", select, remove))
    if not pages:
        raise ExtractionError(f"{source}: a multi-page document without pages", cause="empty")
    return pages


def combine_documents(documents: Sequence[PolicyDocument]) -> PolicyDocument:
    """The pages' documents as one: sections in page order (ids kept unique with ``-2``, ``-3``),
    the first page's title, the first date any page states."""
    sections: list[Section] = []
    used: dict[str, int] = {}
    for document in documents:
        for section in document.sections:
            count = used.get(section.id, 0) + 1
            used[section.id] = count
            sections.append(section if count == 1 else replace(section, id=f"{section.id}-{count}"))
    return PolicyDocument(
        title=next((d.title for d in documents if d.title), None),
        last_updated=next((d.last_updated for d in documents if d.last_updated), None),
        sections=tuple(sections),
    )
