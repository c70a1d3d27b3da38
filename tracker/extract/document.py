"""Extract and normalise: a fetched page → the policy body → clause sections.

HTML goes through beautifulsoup4 with lxml: noise is dropped (scripts, styles, hidden
elements, navigation, header/footer, cookie and consent banners, share widgets, forms,
tracking pixels), the policy body is the declared ``select`` or else found automatically
(``main``/``article``/``role=main`` when they hold most of the text, else the smallest container
holding most of the page's non-link text), and the body is split into sections at real headings
(``h1``-``h6``) and pseudo-headings (a short bold-only or ALL-CAPS line, a numbered heading
like "3.2 Retention"). Paragraphs, list items (with their depth), table rows and "Term: text"
definitions become clauses. Link targets are dropped (they carry rotating tokens); link text
is kept. Text is Unicode NFKC with whitespace collapsed; quotes are kept as found.

Markdown and plain text take the same sectioning path from lines of text; PDF from the blocks its
layout gives (``tracker.extract.pdf``, pdfplumber), or pypdf's plain text without a text layout.

Modules: ``extract_html`` (HTML → blocks), ``extract_text`` (Markdown, text, PDF → blocks),
``extract_blocks`` (normalisation, sections and ids), ``extract_parts`` (hub pages),
``extract_dates`` ("last updated" dates); this one is the public entry point.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from urllib.parse import urlsplit

from tracker.errors import ExtractionError
from tracker.extract.blocks import normalize_text, sections_of, slugify
from tracker.extract.combine import MULTIPART, combine_documents, unpack_pages
from tracker.extract.dates import find_last_updated
from tracker.extract.html import html_blocks
from tracker.extract.parts import document_kinds, keep_tracked_document
from tracker.extract.pdf import pdf_blocks
from tracker.extract.text import decode_text, markdown_blocks, pdf_text, plain_blocks
from tracker.models import PolicyDocument

# 1.6: bidi controls removed; 1.7: layout rules (tracker.extract.layout), prose siblings;
# 1.8: PDF layout (tracker.extract.pdf): lines broken off short, table rows, heading styles, lettered items;
# 1.9: PDF only: text repeated over the pages dropped (pdf_overlay), stricter line breaks, centred part titles
# 1.10: PDF only: the lines of a table whose cells wrap are table rows (pdf_tables); characters read lean (pdf_chars)
# 1.11: PDF only: letter-spaced lines set apart, tighter heading lines, numbered titles wrapped in a narrow box
# 1.12: PDF only: a weight embedded as a subset of its own is bold, spaces drawn inside a glyph dropped,
#       bold sizes just over the body's are heading levels, indented items with a tight marker are list items
# 1.13: PDF only: numbered titles at the body's size nested under the size levels, plain numbered titles at
#       the left edge are headings, wrapped heading lines set wider apart join
# 1.14: e-mail addresses shown only as a link's target written after the link; date anchors "Version:",
#       "Revision date", "Datum der letzten Aktualisierung", "Inkrafttreten", "Last update", "applies from",
#       "took effect", "s'applique à partir de", "mise à jour du"
#       an ALL-CAPS line of codes (a postcode "D02 PY28") is no heading
#       small boxes named as the page's footer ("site-footer", "footerWP") are noise
#       a line that is only a same-page link (a contents entry) is no pseudo-heading
#       nor is a line ending on a conjunction ("; and")
#       links to the page's own address with a fragment read as same-page links ("#rights")
# 1.15: links to the page written relative to its folder ("privacy#rights") read as same-page links
#       PDF: a printed page's site footer after the policy dropped, a run-in lead set a size up
#       no heading, a title centred in a heading's size after the policy's text opens an appended part
# 1.16: PDF only: a one-page print's header and footer (small, set apart in the margin) dropped, a site
#       header's menu before the policy's title dropped
# 1.17: a heading's closing colon dropped for real headings too, as it was for pseudo-headings
# 1.18: PDF only: a compound broken at its hyphen joined without a space, a call-out heading right before a
#       larger one left out, a site header before a banner title sought before the first sentence (a page
#       in one size too), a table's header cell wrapping above its row, plain numbered titles ending on
#       their line, a bold lead ending on its next line, a definition list's terms no pseudo-headings
# 1.19: a table of contents (three or more same-page links naming the page's headings) removed even
#       when it is the page's only overview; an "in this section" list counts as an overview only
#       when its links name headings
# 1.20: a removed table of contents takes its label ("Contents", « Sommaire ») when the label's section
#       would be empty
EXTRACTOR_VERSION = "1.20"

__all__ = ["EXTRACTOR_VERSION", "extract", "extract_file", "find_last_updated", "normalize_text", "slugify"]


_HTML_TYPES = ("text/html", "application/xhtml+xml", "application/xml", "text/xml")


def extract(
    content: bytes,
    content_type: str,
    *,
    url: str | None = None,
    select: Sequence[str] = (),
    remove: Sequence[str] = (),
    name: str | None = None,
) -> PolicyDocument:
    """Turn a fetched body into a ``PolicyDocument``; ``ExtractionError`` when there is no policy text.

    ``content_type`` is the HTTP Content-Type (its charset is honoured when right). Supported:
    HTML/XHTML, PDF, plain text, Markdown, and the ``multipart/mixed`` body of a document over
    several pages (``tracker.extract.combine``). ``name`` is the tracked document's name (e.g.
    "Acme Privacy Policy"); on a page holding several documents (terms, privacy, copyright ...)
    it, or else the URL's path, picks the part to keep (see ``tracker.extract.parts``).
    """
    source = url or "document"
    ctype = (content_type or "").split(";")[0].strip().lower()
    if ctype == MULTIPART:  # a document over several pages (tracker.extract.combine), stored as one body
        return combine_documents(
            [
                extract(page.content, page.content_type, url=page.url, name=name,
                        select=select if page.select is None else page.select,
                        remove=remove if page.remove is None else page.remove)
                for page in unpack_pages(content, source)
            ]
        )  # fmt: skip
    try:
        if ctype in _HTML_TYPES or (not ctype and content.lstrip()[:1] == b"<"):
            blocks, title, date = html_blocks(content, content_type or "", select, remove, source)
        elif ctype == "application/pdf":
            blocks, title = pdf_blocks(content, source), None  # layout: headings, clauses (tracker.extract.pdf)
            if not blocks:  # no text layer pdfplumber can read: pypdf's plain text, if any
                blocks = plain_blocks(pdf_text(content, source))
            date = find_last_updated(" ".join(b.text for b in blocks))
        elif ctype in {"text/markdown", "text/x-markdown"}:
            text = decode_text(content, content_type)
            blocks, title, date = markdown_blocks(text), None, find_last_updated(normalize_text(text))
        elif ctype == "text/plain":
            text = decode_text(content, content_type)
            blocks, title, date = plain_blocks(text), None, find_last_updated(normalize_text(text))
        else:
            raise ExtractionError(
                f"{source}: unsupported content type {ctype or 'unknown'!r}", cause="unsupported_content_type"
            )
    except ExtractionError:
        raise
    except RecursionError:
        raise ExtractionError(f"{source}: document nested too deeply to extract", cause="malformed") from None
    sections, h1_title = sections_of(blocks, title)
    hint = name if name and document_kinds(name) else (urlsplit(url).path if url else None)
    sections = keep_tracked_document(sections, hint, h1_title or title)
    if not any(s.clauses for s in sections):
        raise ExtractionError(f"{source}: no policy text found (empty page or body)", cause="empty")
    return PolicyDocument(title=title or h1_title, last_updated=date, sections=tuple(sections))


_TYPES_BY_SUFFIX = {
    ".html": "text/html",
    ".htm": "text/html",
    ".xhtml": "application/xhtml+xml",
    ".md": "text/markdown",
    ".markdown": "text/markdown",
    ".pdf": "application/pdf",
    ".txt": "text/plain",
}


def extract_file(path: str | Path, select: Sequence[str] = (), remove: Sequence[str] = ()) -> PolicyDocument:
    """Extract a local file, its type chosen by extension (.html, .md, .pdf, .txt)."""
    path = Path(path)
    ctype = _TYPES_BY_SUFFIX.get(path.suffix.lower())
    if ctype is None:
        raise ExtractionError(
            f"{path}: unsupported file type {path.suffix or '(none)'!r} (use .html, .md, .pdf or .txt)",
            cause="unsupported_content_type",
        )
    try:
        content = path.read_bytes()
    except OSError as exc:
        raise ExtractionError(f"{path}: cannot read: {exc.strerror}", cause="io") from None
    return extract(content, ctype, url=str(path), select=select, remove=remove)
