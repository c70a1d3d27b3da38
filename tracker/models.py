"""Plain typed data passed between the pipeline steps.

Every step (fetch, extract, store, diff, classify, render, notify) takes and returns these
objects and nothing else, so no step depends on another's internals. All of them round-trip
through ``to_dict``/``from_dict`` to JSON-friendly dicts, which is how they are stored on disk.

This module holds the documents (a policy's structured text) and a stored ``Snapshot``; it
re-exports the fetch and store records (``tracker.records``) and the diff records
(``tracker.diffmodels``), so ``from tracker.models import X`` works for every one of them.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import cached_property
from typing import Any, Literal

from tracker.diffmodels import (
    DIFF_SCHEMA,
    OPENING_SECTION,
    ChangeKind,
    ClauseChange,
    ClausePosition,
    DiffResult,
    DocumentRef,
    HeadingChange,
    Materiality,
    SectionChange,
    StructureKind,
    StructureNote,
    TopicTag,
    WordDiff,
    WordOp,
)
from tracker.records import CheckRecord, CheckStatus, FetchResult, SnapshotMeta, utc_now

__all__ = [
    "DIFF_SCHEMA",
    "OPENING_SECTION",
    "ChangeKind",
    "CheckRecord",
    "CheckStatus",
    "Clause",
    "ClauseChange",
    "ClauseKind",
    "ClausePosition",
    "DiffResult",
    "DocumentRef",
    "FetchResult",
    "HeadingChange",
    "Materiality",
    "PolicyDocument",
    "Section",
    "SectionChange",
    "Snapshot",
    "SnapshotMeta",
    "StructureKind",
    "StructureNote",
    "TopicTag",
    "WordDiff",
    "WordOp",
    "sha256_hex",
    "utc_now",
]

# --------------------------------------------------------------------------- documents

ClauseKind = Literal["paragraph", "list_item", "table_row", "definition"]


@dataclass(frozen=True)
class Clause:
    """One clause of a policy: a paragraph, a list item, a table row or a "Term: text" line.

    ``text`` is normalised plain text (Unicode NFC, single spaces, typographic quotes kept as
    found); ``depth`` is the list nesting level (0 for top-level items and paragraphs).
    """

    text: str
    kind: ClauseKind = "paragraph"
    depth: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "kind": self.kind, "depth": self.depth}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Clause:
        return cls(text=data["text"], kind=data.get("kind", "paragraph"), depth=data.get("depth", 0))


@dataclass(frozen=True)
class Section:
    """A heading with the clauses under it.

    ``id`` is a stable slug of the heading path (unique within the document, used for links);
    ``heading`` is the heading text ("" for the preamble before the first heading); ``path``
    is the chain of headings from the top down to this one; ``level`` is 1-6 (0 for the
    preamble).
    """

    id: str
    heading: str
    path: tuple[str, ...]
    level: int
    clauses: tuple[Clause, ...]

    @property
    def text(self) -> str:
        """All clause texts joined by blank lines."""
        return "\n\n".join(c.text for c in self.clauses)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "heading": self.heading,
            "path": list(self.path),
            "level": self.level,
            "clauses": [c.to_dict() for c in self.clauses],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Section:
        return cls(
            id=data["id"],
            heading=data["heading"],
            path=tuple(data.get("path", ())),
            level=data.get("level", 0),
            clauses=tuple(Clause.from_dict(c) for c in data.get("clauses", ())),
        )


@dataclass(frozen=True)
class PolicyDocument:
    """The normalised, structured form of one policy as it read at one time.

    ``last_updated`` is the policy's own "last updated / effective" date as ISO ``YYYY-MM-DD``
    when the page states one, else ``None``.
    """

    title: str | None
    last_updated: str | None
    sections: tuple[Section, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "last_updated": self.last_updated,
            "sections": [s.to_dict() for s in self.sections],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PolicyDocument:
        return cls(
            title=data.get("title"),
            last_updated=data.get("last_updated"),
            sections=tuple(Section.from_dict(s) for s in data.get("sections", ())),
        )

    def to_markdown(self) -> str:
        """The canonical text form: Markdown headings, paragraphs and list items.

        Made once per document and remembered (a document is immutable): a changed policy's
        text is asked for by the same-document check, the hash, the store and the report."""
        return self._markdown

    # cached_property writes the instance's __dict__ directly, past the frozen __setattr__; the value
    # is no field, so equality and to_dict ignore it
    @cached_property
    def _markdown(self) -> str:
        out: list[str] = []
        if self.last_updated:
            out.append(f"<!-- last-updated: {self.last_updated} -->")
        for section in self.sections:
            if section.heading:
                out.append("#" * max(1, min(section.level, 6)) + " " + section.heading)
            for clause in section.clauses:
                if clause.kind == "list_item":
                    out.append("  " * clause.depth + "- " + clause.text)
                elif clause.kind == "table_row":
                    out.append("| " + clause.text + " |")
                else:
                    out.append(clause.text)
        return "\n\n".join(out) + "\n"

    @cached_property
    def markdown_sha256(self) -> str:
        """``sha256_hex(self.to_markdown())``, made once per document (the run compares it with
        the latest version's, then stores it with the new snapshot)."""
        return sha256_hex(self.to_markdown())

    @property
    def section_count(self) -> int:
        """How many sections the document has."""
        return len(self.sections)

    def markdown_utf8(self) -> bytes:
        """``to_markdown()`` as UTF-8: the bytes of a snapshot's ``policy.md``."""
        return self.to_markdown().encode("utf-8")

    def structured_utf8(self) -> bytes:
        """The compact JSON of ``to_dict()`` as UTF-8 (non-ASCII kept): the bytes of ``policy.json``."""
        return json.dumps(self.to_dict(), ensure_ascii=False).encode("utf-8")

    @cached_property
    def word_count(self) -> int:
        """Words in the clauses and headings (counted once per document, as ``to_markdown``)."""
        return sum(len(c.text.split()) for s in self.sections for c in s.clauses) + sum(
            len(s.heading.split()) for s in self.sections
        )


def sha256_hex(data: bytes | str) -> str:
    """Hex SHA-256 of bytes, or of a string encoded as UTF-8."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class Snapshot:
    """A stored snapshot: its metadata and its structured document."""

    meta: SnapshotMeta
    document: PolicyDocument
