"""Screenshots of the redlines for a human to look at: the Word file rendered by LibreOffice (to PDF,
then PNG with pdftoppm) and the PDF redline's first page. Written to ``$REDLINE_SCREENS_DIR`` when
set (docs/img/ holds the ones in the manual), else into the test's temporary folder."""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
from pathlib import Path

import pytest

from tests.redline_helpers import demo_comparison, soffice_to_pdf
from tracker.report.docx import render_docx
from tracker.report.formats import render_comparison

NEEDED = ("soffice", "pdftoppm")
pytestmark = pytest.mark.skipif(
    any(shutil.which(tool) is None for tool in NEEDED) or not Path("/usr/bin/chromium").is_file(),
    reason="needs LibreOffice, poppler-utils and chromium (.ci/run installs them)",
)


def _png(pdf: Path, out: Path, page: int = 1) -> Path:
    """Render one page of a PDF to PNG (72 dpi keeps the images small)."""
    subprocess.run(["pdftoppm", "-png", "-r", "72", "-f", str(page), "-l", str(page), "-singlefile", str(pdf),
                    str(out.with_suffix(""))], check=True, timeout=120)  # fmt: skip
    return out


def _size(png: Path) -> tuple[int, int]:
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_screenshots_of_the_word_and_pdf_redlines(tmp_path: Path) -> None:
    out = Path(os.environ.get("REDLINE_SCREENS_DIR") or tmp_path)
    out.mkdir(parents=True, exist_ok=True)
    comparison = demo_comparison()
    work = tmp_path / "work"
    work.mkdir()
    word = work / "redline.docx"
    word.write_bytes(render_docx(comparison.diff, comparison.old.document, comparison.new.document))
    word_pdf = soffice_to_pdf(word, work)
    shots = [_png(word_pdf, out / "redline-docx-page1.png"), _png(word_pdf, out / "redline-docx-page2.png", 2)]
    pdf = work / "redline.pdf"
    data = render_comparison(comparison, "pdf")
    assert isinstance(data, bytes)
    pdf.write_bytes(data)
    shots += [_png(pdf, out / "redline-pdf-page1.png"), _png(pdf, out / "redline-pdf-page2.png", 2)]
    for shot in shots:
        width, height = _size(shot)
        assert abs(width - 595) <= 1 and abs(height - 842) <= 1, (shot, width, height)  # A4 at 72 dpi
        assert 10_000 < shot.stat().st_size < 400_000  # a rendered page, not blank, not huge
