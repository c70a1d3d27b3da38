"""One line saying why a PDF could not be read (cause ``bad_pdf``), for both PDF readers."""

from __future__ import annotations

from tracker.errors import ExtractionError

_HEADER_REACH = 1024  # readers accept a "%PDF-" header this far into the file


def unreadable_pdf(content: bytes, source: str, exc: BaseException) -> ExtractionError:
    """The error for a PDF a reader refused: "not a PDF file" when the bytes hold no PDF header,
    else the reader's own words (pdfplumber wraps pdfminer's error; its class name alone,
    ``PdfminerException``, tells a user nothing), on one line."""
    if b"%PDF-" not in content[:_HEADER_REACH]:
        return ExtractionError(f"{source}: not a PDF file (no %PDF- header)", cause="bad_pdf")
    words = " ".join(str(exc).split())[:160] or type(exc).__name__
    return ExtractionError(f"{source}: unreadable PDF: {words}", cause="bad_pdf")
