"""A PDF not printed by a browser: a Word-style policy (numbered headings set larger, numbered
sub-headings in bold runs at the body's size, a running header, a "Page n of m" footer, justified
paragraphs over several pages) exported by LibreOffice, read by the PDF reader (tracker.extract.pdf)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.pdf_helpers import LONG
from tests.redline_helpers import soffice_to_pdf
from tracker.extract import extract

pytestmark = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")

OUTLINE = {
    "1. Scope": ["1.1 Who we are", "1.2 What this policy covers"],
    "2. Data we collect": ["2.1 Data you give us", "2.2 Data we record"],
    "3. Your rights": ["3.1 Access", "3.2 Erasure", "3.3 Objection"],
    "4. Contact": [],
}
HEADER = "Acme Ltd — Privacy Policy (version of 1 March 2026)"
NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"'
)
STYLES = (
    '<style:style style:name="Standard" style:family="paragraph"><style:text-properties '
    'fo:font-family="\'Liberation Serif\'" fo:font-size="11pt"/></style:style>'
    '<style:style style:name="Body" style:family="paragraph" style:parent-style-name="Standard">'
    '<style:paragraph-properties fo:margin-bottom="0.2cm" fo:text-align="justify"/></style:style>'
    '<style:style style:name="Bold" style:family="paragraph" style:parent-style-name="Standard">'
    '<style:paragraph-properties fo:margin-top="0.3cm" fo:margin-bottom="0.1cm"/>'
    '<style:text-properties fo:font-weight="bold"/></style:style>'
    '<style:style style:name="H1" style:family="paragraph" style:parent-style-name="Standard">'
    '<style:paragraph-properties fo:margin-top="0.5cm" fo:margin-bottom="0.2cm"/>'
    '<style:text-properties fo:font-size="14pt" fo:font-weight="bold"/></style:style>'
    '<style:style style:name="Small" style:family="paragraph" style:parent-style-name="Standard">'
    '<style:text-properties fo:font-size="9pt"/></style:style>'
)
LAYOUT = (
    '<style:page-layout style:name="pm1"><style:page-layout-properties fo:page-width="21cm" '
    'fo:page-height="29.7cm" fo:margin-top="1.5cm" fo:margin-bottom="1.5cm" fo:margin-left="2.5cm" '
    'fo:margin-right="2.5cm"/><style:header-style><style:header-footer-properties fo:min-height="0.6cm" '
    'fo:margin-bottom="0.4cm"/></style:header-style><style:footer-style><style:header-footer-properties '
    'fo:min-height="0.6cm" fo:margin-top="0.4cm"/></style:footer-style></style:page-layout>'
)
MASTER = (
    '<style:master-page style:name="Standard" style:page-layout-name="pm1">'
    f'<style:header><text:p text:style-name="Small">{HEADER}</text:p></style:header>'
    '<style:footer><text:p text:style-name="Small">Page <text:page-number text:select-page="current">1'
    "</text:page-number> of <text:page-count>1</text:page-count></text:p></style:footer></style:master-page>"
)


def paragraph(style: str, text: str) -> str:
    return f'<text:p text:style-name="{style}">{text}</text:p>'


def policy() -> str:
    body, n = "", 0
    for heading, subs in OUTLINE.items():
        body += f'<text:h text:style-name="H1" text:outline-level="1">{heading}</text:h>'
        for sub in ["", *subs]:
            body += paragraph("Bold", sub) if sub else ""
            for _ in range(2):
                n += 1
                body += paragraph("Body", f"Paragraph {n}. {LONG}")
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document {NS} office:version="1.2" '
        'office:mimetype="application/vnd.oasis.opendocument.text">'
        f"<office:styles>{STYLES}</office:styles><office:automatic-styles>{LAYOUT}</office:automatic-styles>"
        f"<office:master-styles>{MASTER}</office:master-styles>"
        f"<office:body><office:text>{body}</office:text></office:body></office:document>"
    )


def test_a_libreoffice_export_reads_into_its_numbered_sections(tmp_path: Path) -> None:
    source = tmp_path / "policy.fodt"
    source.write_text(policy(), encoding="utf-8")
    pdf = soffice_to_pdf(source, tmp_path).read_bytes()
    document = extract(pdf, "application/pdf")
    expected = [h for heading, subs in OUTLINE.items() for h in (heading, *subs)]
    assert [s.heading for s in document.sections] == expected
    top, sub = document.sections[0], document.sections[1]
    assert sub.level > top.level  # "1.1" (bold at the body's size) under "1." (set larger)
    clauses = [c.text for s in document.sections for c in s.clauses]
    # every paragraph whole and alone (those running onto the next page too), header and footer dropped
    assert clauses == [f"Paragraph {n}. {LONG}" for n in range(1, len(clauses) + 1)]
    assert len(clauses) == 2 * sum(1 + len(subs) for subs in OUTLINE.values())
    assert HEADER not in document.to_markdown() and "Page 1 of" not in document.to_markdown()
