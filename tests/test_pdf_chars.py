"""The lean character reading of the PDF reader (tracker.extract.pdf_chars) gives the values
pdfplumber's full object parse gives, on a page printed by Chromium in the test."""

from __future__ import annotations

import io

import pytest

from tests.pdf_helpers import print_pdfs
from tracker.extract.pdf_chars import lean_objects
from tracker.fetch.browser import find_chromium

pytestmark = pytest.mark.skipif(find_chromium() is None, reason="Debian's chromium is not installed (.ci/run)")

PAGE = (
    "<html><head><title>Acme Privacy Policy</title></head><body><main><h1>Privacy Policy</h1>"
    + "".join(
        f"<h2>{n}. Section</h2><p>We keep your <strong>account data</strong> and <em>logs</em> for {n} months.</p>"
        "<ul><li>Name and e-mail</li><li>Device type</li></ul>"
        '<table border="1" cellpadding="4"><tr><td>Purpose</td><td>Legal basis</td></tr></table>'
        for n in range(1, 40)
    )
    + "</main></body></html>"
)
FIELDS = ("text", "x0", "x1", "top", "bottom", "doctop", "y0", "y1", "width", "height", "size", "fontname", "upright")
BOX = ("x0", "x1", "top", "bottom")


def test_lean_objects_match_pdfplumbers_parse() -> None:
    import pdfplumber

    pdf = print_pdfs([PAGE])[0]
    with pdfplumber.open(io.BytesIO(pdf)) as full, pdfplumber.open(io.BytesIO(pdf)) as lean:
        assert len(full.pages) >= 2  # doctop runs on over pages
        for page_full, page_lean in zip(full.pages, lean.pages, strict=True):
            lean_objects(page_lean)
            chars = [{k: c[k] for k in FIELDS} for c in page_full.chars]
            assert chars and [{k: c[k] for k in FIELDS} for c in page_lean.chars] == chars
            for kind in ("curves", "rects"):
                boxes = [{k: o[k] for k in BOX} for o in getattr(page_full, kind)]
                assert [{k: o[k] for k in BOX} for o in getattr(page_lean, kind)] == boxes
            lines = [line["text"] for line in page_full.extract_text_lines()]
            assert [line["text"] for line in page_lean.extract_text_lines()] == lines
        assert any(page.rects or page.curves for page in lean.pages)  # the table borders and bullets
