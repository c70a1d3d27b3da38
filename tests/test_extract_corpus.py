"""Extraction over the real pages of the compact test corpus and the IndiaMART seed."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from tests.corpus_data import corpus_pages, read_page
from tracker.diff import diff_documents
from tracker.errors import ExtractionError
from tracker.extract.document import extract, extract_file, normalize_text
from tracker.models import DocumentRef, PolicyDocument

REPO = Path(__file__).resolve().parent.parent
SEED_SECTIONS = [
    "collection-of-information",
    "purpose-and-usage-of-information",
    "disclosure-of-information",
    "reasonable-protection-of-information",
    "cookies",
    "data-collection-relating-to-children",
    "data-transfers",
    "questions",
    "grievance-officer",
    "changes-in-privacy-policy",
]


@pytest.fixture(scope="module")
def corpus_documents(corpus_dir: Path) -> dict[Path, PolicyDocument | ExtractionError]:
    """Every corpus snapshot extracted once with automatic detection (errors kept as values)."""
    results: dict[Path, PolicyDocument | ExtractionError] = {}
    for path in corpus_pages(corpus_dir):
        try:
            results[path] = extract(read_page(path), "text/html", url=str(path))
        except ExtractionError as exc:
            results[path] = exc
    return results


def test_every_corpus_page_extracts(corpus_documents: dict[Path, PolicyDocument | ExtractionError]) -> None:
    assert len(corpus_documents) >= 56  # the compact corpus (tests/data); the full one: benchmarks/extraction.py
    failed = {path.name: str(doc) for path, doc in corpus_documents.items() if isinstance(doc, ExtractionError)}
    assert failed == {}
    for path, document in corpus_documents.items():
        assert isinstance(document, PolicyDocument)
        words = sum(len(c.text.split()) for s in document.sections for c in s.clauses)
        assert words > 150, path


def test_no_script_or_style_text_in_any_output(
    corpus_documents: dict[Path, PolicyDocument | ExtractionError],
) -> None:
    checked = 0
    for path, document in corpus_documents.items():
        assert isinstance(document, PolicyDocument)
        text = normalize_text(document.to_markdown())
        soup = BeautifulSoup(read_page(path), "lxml")
        for tag in soup(["script", "style"]):
            code = normalize_text(tag.get_text())
            if len(code) >= 40 and re.search(r"[{};=()]", code[:40]):
                checked += 1
                assert code[:40] not in text, (path, code[:40])
    assert checked > 450


def test_noise_snapshots_diff_quiet_against_their_twins(
    corpus_dir: Path, corpus_documents: dict[Path, PolicyDocument | ExtractionError]
) -> None:
    manifest = json.loads((corpus_dir / "MANIFEST.json").read_text(encoding="utf-8"))
    pairs = 0
    for entry in manifest["documents"]:
        folder = corpus_dir / entry["folder"]
        twins = {
            name: folder / f["file"]
            for f in entry["files"]
            if f.get("role") == "paired"
            for name in f["expected_markdown"]
        }
        for record in entry["files"]:
            twin = twins.get(record["expected_markdown"][-1]) if record.get("role") == "noise" else None
            if twin is None:
                continue
            old, new = corpus_documents[twin], corpus_documents[folder / record["file"]]
            assert isinstance(old, PolicyDocument) and isinstance(new, PolicyDocument)
            result = diff_documents(old, new, old_ref=DocumentRef("twin"), new_ref=DocumentRef("noise"))
            assert not result.has_changes, (record["file"], [c.new_heading for c in result.changes])
            pairs += 1
    assert pairs >= 23


def test_reextracting_the_same_page_is_byte_identical(corpus_dir: Path) -> None:
    for path in corpus_pages(corpus_dir, "001_*")[:8]:
        first = extract(read_page(path), "text/html").to_markdown()
        assert extract(read_page(path), "text/html").to_markdown() == first


def test_seed_policy_sections_and_date(seed_markdown: str) -> None:
    document = extract(seed_markdown.encode("utf-8"), "text/markdown")
    assert document.title == "Privacy Policy"
    assert document.last_updated == "2024-06-19"
    assert [s.id for s in document.sections] == ["preamble", *SEED_SECTIONS]
    assert "Get Best Price" not in document.to_markdown().split("Privacy Policy", 1)[1]


def test_seed_as_a_real_looking_page_gives_the_same_sections() -> None:
    # tracker/data/demo/policy-v1.html: the seed with bold-paragraph headings, the date above
    # the title, header, cookie banner, footer and tracking pixel, as the real page is.
    document = extract_file(REPO / "tracker" / "data" / "demo" / "policy-v1.html")
    assert document.last_updated == "2024-06-19"
    assert [s.id for s in document.sections] == ["preamble", *SEED_SECTIONS]
    text = document.to_markdown()
    assert "Grievance Officer" in text or "GRIEVANCE OFFICER" in text
    assert "cookie" not in text.split("## COOKIES")[0].lower().replace("cookies", "")
