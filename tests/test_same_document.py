"""Issue 14, "is this the same document?": a genuine rewrite that keeps the policy's vocabulary
passes, another kind of document or a page that lost its sections is held (real versions from
``tests/data/corpus``; see tests/data/SOURCES.md)."""

from __future__ import annotations

from pathlib import Path

from tracker.extract import extract
from tracker.extract.sanity import same_document_reason, similarity
from tracker.models import Clause, PolicyDocument, Section

CORPUS = Path(__file__).resolve().parent / "data" / "corpus"


def _version(document: str, name: str) -> PolicyDocument:
    return extract((CORPUS / document / "versions" / name).read_bytes(), "text/markdown")


def test_a_rewrite_keeping_the_vocabulary_is_the_same_document() -> None:
    # Coffee Meets Bagel's 2021 policy and its 2026 rewrite: 7 % of the sentences' word
    # triples survive, the policy's vocabulary does
    old = _version("coffee-meets-bagel__privacy-policy", "003_2023-02-25.md")
    new = _version("coffee-meets-bagel__privacy-policy", "008_2026-01-22.md")
    assert similarity(old, new) < 0.15
    assert same_document_reason(old, new) is None


def test_another_kind_of_document_is_held() -> None:
    policy = _version("coffee-meets-bagel__privacy-policy", "011_2026-06-08.md")
    terms = _version("grindr__terms-of-service", "008_2024-09-14.md")
    reason = same_document_reason(policy, terms)
    assert reason is not None and reason[0] in {"different_document", "lost_sections"}
    other = extract(
        b"<html><body>"
        + b"".join(
            b"<h2>Article %d</h2><p>The seller ships goods within %d days of payment by card or by wire.</p>" % (n, n)
            for n in range(1, 30)
        )
        + b"</body></html>",
        "text/html",
    )
    held = same_document_reason(policy, other)
    assert held is not None and held[0] == "different_document" and "vocabulary" in held[1]


def _page(headings: list[str], words: str) -> PolicyDocument:
    sections = tuple(Section(h.lower(), h, (h,), 2, (Clause(f"{words} {h}."),)) for h in headings)
    return PolicyDocument(title="Policy", last_updated=None, sections=sections)


def test_a_page_that_lost_most_of_its_sections_is_held_one_that_renamed_them_is_not() -> None:
    text = "We collect and process personal information about members to provide the service " * 4
    old = _page([f"Old heading {n}" for n in range(12)], text)
    rewritten = "Personal information: members, service, process, collect, provide, about " * 4  # no triple kept
    lost = _page(["Old heading 1", "Something else", "Another"], rewritten)
    assert same_document_reason(old, lost) is not None
    assert same_document_reason(old, lost)[0] == "lost_sections"  # type: ignore[index]
    renamed = _page([f"New heading {n}" for n in range(12)], rewritten)
    assert similarity(old, renamed) < 0.15
    assert same_document_reason(old, renamed) is None  # same vocabulary, as many sections and words
