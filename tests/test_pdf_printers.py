"""Layout rules of the PDF reader (tracker.extract.pdf) found by printing the benchmark's tuning
pages with a second printer (issue 16): LibreOffice's Writer importing the HTML, with its own
fonts, margins and heading styles. Each page (tests/data/pdf_printers/) is converted in the test
and its PDF read back into the sections of the same page read as HTML."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.pdf_helpers import print_pdfs
from tracker.extract import extract
from tracker.models import PolicyDocument

pytestmark = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")

DATA = Path(__file__).parent / "data" / "pdf_printers"
PAGES = (
    "plain_numbered",
    "hub_numbered",
    "wrapped_title",
    "run_in_appended",
)  # flush_left_contents: printed by Chromium


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """Every page converted by one headless LibreOffice (Writer's HTML import), its own profile."""
    out = tmp_path_factory.mktemp("printers")
    sources = [str(DATA / f"{name}.html") for name in PAGES]
    result = subprocess.run(
        [shutil.which("soffice") or "soffice", f"-env:UserInstallation=file://{out / 'profile'}", "--headless",
         "--infilter=HTML (StarWriter)", "--convert-to", "pdf:writer_pdf_Export", "--outdir", str(out), *sources],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    pdfs = {name: out / f"{name}.pdf" for name in PAGES}
    assert all(p.is_file() for p in pdfs.values()), f"soffice failed: {result.returncode} {result.stderr[-500:]}"
    return {name: path.read_bytes() for name, path in pdfs.items()}


def readings(name: str, pdf: bytes, tracked: str | None = None) -> tuple[PolicyDocument, PolicyDocument]:
    html = (DATA / f"{name}.html").read_bytes()
    return (
        extract(html, "text/html; charset=utf-8", name=tracked),
        extract(pdf, "application/pdf", name=tracked),
    )


def headings(document: PolicyDocument) -> list[str]:
    return [s.heading for s in document.sections if s.heading]


def test_numbered_titles_set_plain_at_the_left_edge_are_headings(printed: dict[str, bytes]) -> None:
    # Writer sets the page's plain "1. What data do we collect?" lines in the body's style, flush
    # left: headings (as the HTML reading's numbered pseudo-headings), not list items
    from_html, from_pdf = readings("plain_numbered", printed["plain_numbered"])
    titles = [h for h in headings(from_html) if h[0].isdigit()]
    assert len(titles) == 5
    assert headings(from_pdf) == headings(from_html)
    assert [[c.text for c in s.clauses] for s in from_pdf.sections] == [
        [c.text for c in s.clauses] for s in from_html.sections
    ]


def test_a_table_of_contents_set_flush_left_stays_a_list() -> None:
    # the other side of the rule above, on a Chromium print: a list of numbered links without
    # bullets or indent (list-style none, no padding), each line beside another numbered one, is
    # not a run of headings
    html = (DATA / "flush_left_contents.html").read_text(encoding="utf-8")
    (pdf,) = print_pdfs([html])
    from_html, from_pdf = extract(html.encode(), "text/html; charset=utf-8"), extract(pdf, "application/pdf")
    assert headings(from_pdf) == headings(from_html)
    assert not any(h[0].isdigit() for h in headings(from_pdf))
    assert "1. What data do we collect?" in [c.text for c in from_pdf.sections[0].clauses]


def test_a_hub_whose_documents_number_their_sections_keeps_the_tracked_one(printed: dict[str, bytes]) -> None:
    # Writer sets the h1 larger than the documents' h2 titles, and the bold "1. Eligibility" at the
    # body's size: nested under the size levels, not beside the titles, so the page still reads as
    # a hub and only the privacy policy is kept
    from_html, from_pdf = readings("hub_numbered", printed["hub_numbered"], tracked="Acme Privacy Policy")
    expected = ["Privacy Policy", "1. Data we collect", "2. How we use data", "3. Your rights"]
    assert headings(from_html) == expected
    assert headings(from_pdf) == expected
    assert from_pdf.sections[1].level > from_pdf.sections[0].level
    assert "Eligibility" not in from_pdf.to_markdown()


def test_a_title_wrapped_with_wide_line_spacing_is_one_heading(printed: dict[str, bytes]) -> None:
    # a title set with a 140 % line height (Writer keeps it) wraps onto two lines more than half
    # an em apart: still one heading; three short headings stacked one under another stay three
    from_html, from_pdf = readings("wrapped_title", printed["wrapped_title"])
    assert headings(from_pdf)[0] == "ACME GROUP INTERNATIONAL TERMS AND CONDITIONS OF SERVICE" or (
        from_pdf.title == "ACME GROUP INTERNATIONAL TERMS AND CONDITIONS OF SERVICE"
    )
    assert headings(from_pdf)[-3:] == ["About us", "For all", "The legal bits"]
    assert [h.lower() for h in headings(from_pdf)] == [h.lower() for h in headings(from_html)]


def test_a_run_in_lead_set_a_size_up_opens_a_paragraph_not_a_heading(printed: dict[str, bytes]) -> None:
    # Writer sets the bold leads ("Disclosure of your personal information to other companies. We
    # process ...") a size up; the line's median size is then the lead's, but its end is the body's:
    # the first line of a paragraph or list item, as in the HTML reading, not a heading each
    from_html, from_pdf = readings("run_in_appended", printed["run_in_appended"], tracked="Acme Privacy Policy")
    assert headings(from_pdf) == headings(from_html) == ["What we collect", "How we share it", "Contact us"]
    texts = [c.text for c in from_pdf.sections[0].clauses]
    assert any(t.startswith("Disclosure of your personal information to other companies. We process") for t in texts)


def test_a_centred_title_set_a_size_up_after_the_policy_opens_an_appended_part(printed: dict[str, bytes]) -> None:
    # "COOKIE NOTICE" centred in a size of its own (a heading level by size) after the policy's
    # text: set apart as an appended document's opening, which goes as in the HTML reading
    from_html, from_pdf = readings("run_in_appended", printed["run_in_appended"], tracked="Acme Privacy Policy")
    assert "COOKIE NOTICE" not in from_pdf.to_markdown()
    assert from_pdf.sections[-1].heading == "Contact us"
    assert abs(from_pdf.word_count - from_html.word_count) <= 5
