"""Builders for crafted policy versions used by the diff and render tests."""

from __future__ import annotations

import re

from tracker.diff.sections import diff_documents
from tracker.models import Clause, DiffResult, DocumentRef, PolicyDocument, Section


def slug(text: str) -> str:
    """A section id from a heading ("" → "preamble")."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "preamble"


def doc(*sections: tuple[str, list[str]], last_updated: str | None = None) -> PolicyDocument:
    """A document from ``(heading, [clause text, ...])`` pairs."""
    built = tuple(
        Section(id=slug(h), heading=h, path=(h,), level=2 if h else 0, clauses=tuple(Clause(t) for t in clauses))
        for h, clauses in sections
    )
    return PolicyDocument(title="Privacy Policy", last_updated=last_updated, sections=built)


def run_diff(old: PolicyDocument, new: PolicyDocument) -> DiffResult:
    """Diff two crafted documents with fixed refs."""
    return diff_documents(
        old,
        new,
        old_ref=DocumentRef("v1", last_updated=old.last_updated),
        new_ref=DocumentRef("v2", last_updated=new.last_updated),
        policy_id="acme",
    )


def inserted(result_words: tuple) -> list[str]:  # type: ignore[type-arg]
    """The stripped texts of the insert runs of a word redline."""
    return [w.text.strip() for w in result_words if w.op == "insert"]


def deleted(result_words: tuple) -> list[str]:  # type: ignore[type-arg]
    """The stripped texts of the delete runs of a word redline."""
    return [w.text.strip() for w in result_words if w.op == "delete"]


BASE = [
    ("Introduction", ["Acme Inc. respects your privacy.", "This policy explains what we collect and why."]),
    ("Information We Collect", ["We collect your name and email address.", "We collect device identifiers."]),
    ("How We Use Information", ["We use your data to provide the service.", "We use data to improve the product."]),
    ("Cookies", ["We use cookies to remember your preferences.", "You can disable cookies in your browser."]),
    ("Sharing", ["We share data with service providers.", "We share data when required by law."]),
    ("Your Rights", ["You can access your data.", "You can ask us to delete your data."]),
    ("Contact", ["Write to privacy@acme.example with any question."]),
]
