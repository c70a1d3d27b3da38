"""The PDF redline: Chromium prints the HTML report with a header (policy, dates) and a footer
("Page x of y", both text hashes) on every page; a missing renderer is one line and exit 2."""

from __future__ import annotations

import io
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.redline_helpers import V1, V2, demo_comparison
from tracker.models import sha256_hex
from tracker.report.formats import render_comparison
from tracker.report.pdf import chromium_path

pytestmark = pytest.mark.skipif(not Path("/usr/bin/chromium").is_file(), reason="Debian's chromium not installed")


def _pages(data: bytes) -> list[str]:
    """Each page's text, whitespace collapsed and ligatures ("ﬁ") unfolded."""
    reader = PdfReader(io.BytesIO(data))
    return [" ".join(unicodedata.normalize("NFKC", page.extract_text() or "").split()) for page in reader.pages]


def test_pdf_has_header_footer_and_the_redline_words_on_every_page() -> None:
    comparison = demo_comparison()
    data = render_comparison(comparison, "pdf")
    assert isinstance(data, bytes) and data.startswith(b"%PDF-")
    pages = _pages(data)
    total = len(pages)
    assert total >= 2
    old_hash = sha256_hex(comparison.old.document.to_markdown())[:16]
    new_hash = sha256_hex(comparison.new.document.to_markdown())[:16]
    for number, text in enumerate(pages, start=1):
        assert "indiamart — redline" in text and "2024-06-19 → 2026-11-02" in text, text[:200]
        assert re.search(rf"page {number} of {total}\b", text, re.I), text[-200:]
        assert f"old {old_hash} · new {new_hash}" in text
    body = " ".join(pages)
    assert "a period of up to five years after your account is closed, and for" in body  # inserted
    assert "shall not disclose any" in body and "gathers" in body  # deleted
    assert "Inline redline" not in body and "Side by side" not in body  # one view printed, no controls


def test_whole_pdf_prints_every_section_unfolded() -> None:
    comparison = demo_comparison()
    data = render_comparison(comparison, "pdf", whole=True)
    assert isinstance(data, bytes)
    body = " ".join(_pages(data))
    headings = [s.heading for s in comparison.new.document.sections if s.heading]
    positions = [body.find(h, body.find("The whole document")) for h in headings]
    assert -1 not in positions and positions == sorted(positions)
    # text of an unchanged section is printed, not folded away
    assert "This Privacy Policy may be updated" in body or "periodically" in body


def test_missing_renderer_says_what_to_install(tmp_path: Path) -> None:
    code = (
        "import sys; sys.modules['playwright'] = None; sys.modules['playwright.sync_api'] = None;"
        "from tracker.cli import main; sys.argv = ['policy-tracker'] + sys.argv[1:]; main()"
    )
    out = tmp_path / "r.pdf"
    result = subprocess.run(
        [sys.executable, "-c", code, "diff", str(V1), str(V2), "--format", "pdf", "-o", str(out)],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "error: --format pdf: Playwright is not installed: pip install 'policy-tracker[browser]' "
        "(and apt-get install chromium)"
    ]
    assert not out.exists()


def test_chromium_is_debians() -> None:
    assert chromium_path().endswith("chromium")
