"""The result of comparing two versions of a policy: section and clause change records.

Bottom layer: plain frozen dataclasses; ``DiffResult.to_dict`` is the ``policy-tracker/diff/2``
JSON schema. ``tracker.models`` re-exports every name here.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Literal

# --------------------------------------------------------------------------- diffs

ChangeKind = Literal["added", "removed", "modified", "moved", "renamed", "split", "merged", "renumbered"]
Materiality = Literal["material", "review", "editorial"]
WordOp = Literal["equal", "insert", "delete"]


@dataclass(frozen=True)
class WordDiff:
    """One run of a word-level redline: ``op`` is equal, insert or delete."""

    op: WordOp
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"op": self.op, "text": self.text}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> WordDiff:
        return cls(op=data["op"], text=data["text"])


@dataclass(frozen=True)
class ClausePosition:
    """Where a clause stands: its section (0-based index, id, heading) and 0-based clause index in it."""

    section_position: int
    section_id: str
    heading: str
    clause_index: int

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ClausePosition:
        return cls(**data)


@dataclass(frozen=True)
class ClauseChange:
    """A change to one clause inside a section.

    ``kind`` is added, removed, modified or moved (a clause that changed place, inside its
    section or into another; it may be edited too). ``words`` is the word-level redline of
    old → new (empty for pure adds/removes, where ``old_text``/``new_text`` say it all, and for
    a clause moved unchanged). ``editorial`` is True when the change is only punctuation, case,
    whitespace, numbering or a spelling variant. ``moved_from``/``moved_to`` (moved clauses
    only) say where the clause stood in the old version and stands in the new one.
    ``materiality`` (material / review / editorial), ``topics`` (topic names) and ``reasons``
    are this clause's own judgement, filled by the classify step (None / empty before).
    """

    kind: ChangeKind
    old_text: str | None
    new_text: str | None
    old_index: int | None = None
    new_index: int | None = None
    words: tuple[WordDiff, ...] = ()
    editorial: bool = False
    moved_from: ClausePosition | None = None
    moved_to: ClausePosition | None = None
    materiality: Materiality | None = None
    topics: tuple[str, ...] = ()
    reasons: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "old_text": self.old_text,
            "new_text": self.new_text,
            "old_index": self.old_index,
            "new_index": self.new_index,
            "words": [w.to_dict() for w in self.words],
            "editorial": self.editorial,
            "moved_from": self.moved_from.to_dict() if self.moved_from else None,
            "moved_to": self.moved_to.to_dict() if self.moved_to else None,
            "materiality": self.materiality,
            "topics": list(self.topics),
            "reasons": list(self.reasons),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ClauseChange:
        return cls(
            kind=data["kind"],
            old_text=data.get("old_text"),
            new_text=data.get("new_text"),
            old_index=data.get("old_index"),
            new_index=data.get("new_index"),
            words=tuple(WordDiff.from_dict(w) for w in data.get("words", ())),
            editorial=data.get("editorial", False),
            moved_from=ClausePosition.from_dict(data["moved_from"]) if data.get("moved_from") else None,
            moved_to=ClausePosition.from_dict(data["moved_to"]) if data.get("moved_to") else None,
            materiality=data.get("materiality"),
            topics=tuple(data.get("topics", ())),
            reasons=tuple(data.get("reasons", ())),
        )


@dataclass(frozen=True)
class TopicTag:
    """A topic assigned to a change, with the words that triggered it."""

    topic: str
    triggers: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"topic": self.topic, "triggers": list(self.triggers)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TopicTag:
        return cls(topic=data["topic"], triggers=tuple(data.get("triggers", ())))


@dataclass(frozen=True)
class HeadingChange:
    """One section's heading in both versions, with its 0-based positions (a renumbering entry)."""

    old_position: int
    new_position: int
    old_heading: str
    new_heading: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> HeadingChange:
        return cls(**data)


StructureKind = Literal[
    "heading_added", "heading_removed", "heading_moved", "reflowed", "moved_out", "repeat_removed", "repeat_added"
]


@dataclass(frozen=True)
class StructureNote:
    """A structure-only difference that holds no changed text, kept out of ``DiffResult.changes``.

    ``heading_added``/``heading_removed``/``heading_moved``: a heading with no text of its own
    (or whose text all moved elsewhere) appeared, went or changed place; ``reflowed``: the same
    text cut into paragraphs differently; ``moved_out``: a section whose only change is clauses
    that moved to another section (the ``moved`` clause records say where);
    ``repeat_removed``/``repeat_added``: a block of paragraphs the page held twice lost (or
    gained) a copy, the same text still standing word for word where ``note`` says; ``clauses``
    are the removed (added) clause records of that copy. ``note`` says it in one line.
    """

    kind: StructureKind
    note: str
    old_position: int | None = None
    new_position: int | None = None
    old_heading: str | None = None
    new_heading: str | None = None
    clauses: tuple[ClauseChange, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["clauses"] = [c.to_dict() for c in self.clauses]
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> StructureNote:
        clauses = tuple(ClauseChange.from_dict(c) for c in data.get("clauses", ()))
        return cls(**{**data, "clauses": clauses})


@dataclass(frozen=True)
class SectionChange:
    """A change record at section level: what happened to one section (or a split/merge group).

    For ``split`` the old section is one and ``new_section_ids`` lists several; for ``merged``
    the reverse. Positions are 0-based section indexes in the old and new documents.
    ``old_text``/``new_text`` are the whole section texts (clauses joined by blank lines).
    ``topics`` and ``materiality``/``reasons`` are filled by the classify step (empty before).
    A ``renumbered`` record stands for a run of sections whose numbering alone shifted:
    ``renumbered`` lists them, ``note`` says it in one line ("sections 3–7 renumbered to 4–8").
    """

    kind: ChangeKind
    old_section_id: str | None
    new_section_id: str | None
    old_heading: str | None
    new_heading: str | None
    old_position: int | None
    new_position: int | None
    old_text: str | None
    new_text: str | None
    clauses: tuple[ClauseChange, ...] = ()
    editorial: bool = False
    similarity: float | None = None
    old_section_ids: tuple[str, ...] = ()  # for merged
    new_section_ids: tuple[str, ...] = ()  # for split
    topics: tuple[TopicTag, ...] = ()
    materiality: Materiality | None = None
    reasons: tuple[str, ...] = ()
    renumbered: tuple[HeadingChange, ...] = ()
    note: str | None = None

    @property
    def heading(self) -> str:
        """The section's new heading, else its old one; "" for the text before the first heading."""
        return self.new_heading or self.old_heading or ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "old_section_id": self.old_section_id,
            "new_section_id": self.new_section_id,
            "old_heading": self.old_heading,
            "new_heading": self.new_heading,
            "old_position": self.old_position,
            "new_position": self.new_position,
            "old_text": self.old_text,
            "new_text": self.new_text,
            "clauses": [c.to_dict() for c in self.clauses],
            "editorial": self.editorial,
            "similarity": self.similarity,
            "old_section_ids": list(self.old_section_ids),
            "new_section_ids": list(self.new_section_ids),
            "topics": [t.to_dict() for t in self.topics],
            "materiality": self.materiality,
            "reasons": list(self.reasons),
            "renumbered": [h.to_dict() for h in self.renumbered],
            "note": self.note,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SectionChange:
        return cls(
            kind=data["kind"],
            old_section_id=data.get("old_section_id"),
            new_section_id=data.get("new_section_id"),
            old_heading=data.get("old_heading"),
            new_heading=data.get("new_heading"),
            old_position=data.get("old_position"),
            new_position=data.get("new_position"),
            old_text=data.get("old_text"),
            new_text=data.get("new_text"),
            clauses=tuple(ClauseChange.from_dict(c) for c in data.get("clauses", ())),
            editorial=data.get("editorial", False),
            similarity=data.get("similarity"),
            old_section_ids=tuple(data.get("old_section_ids", ())),
            new_section_ids=tuple(data.get("new_section_ids", ())),
            topics=tuple(TopicTag.from_dict(t) for t in data.get("topics", ())),
            materiality=data.get("materiality"),
            reasons=tuple(data.get("reasons", ())),
            renumbered=tuple(HeadingChange.from_dict(h) for h in data.get("renumbered", ())),
            note=data.get("note"),
        )


DIFF_SCHEMA = "policy-tracker/diff/2"

# how notes, reports and previews name a section without a heading: only the text before the
# policy's first heading has none (``Section.heading``)
OPENING_SECTION = "the opening, before the first heading"


@dataclass(frozen=True)
class DocumentRef:
    """Which version a side of a diff is: a label (snapshot id or file name) and its dates."""

    label: str
    fetched_at: str | None = None
    last_updated: str | None = None
    url: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> DocumentRef:
        return cls(**data)


@dataclass(frozen=True)
class DiffResult:
    """The comparison of two versions of a policy: every section-level change record.

    ``changes`` lists only sections that differ; unchanged sections are counted in
    ``unchanged_sections``. ``date_changed`` tells whether the policy's own "last updated"
    date moved. ``flags`` holds whole-document findings such as ``silent_change`` or
    ``stale_date`` (filled by classify). ``structure`` holds the structure-only differences
    that carry no changed text (empty headings added, removed or moved; text re-cut into
    paragraphs): they are not change records.
    """

    old: DocumentRef
    new: DocumentRef
    changes: tuple[SectionChange, ...]
    unchanged_sections: int
    date_changed: bool = False
    flags: tuple[str, ...] = ()
    policy_id: str | None = None
    structure: tuple[StructureNote, ...] = ()

    @property
    def has_changes(self) -> bool:
        """True when any change is not editorial, neither by the diff nor (once classified) by its
        materiality. The one predicate behind ``diff --exit-code`` and ``check --exit-code``."""
        return any(not c.editorial and c.materiality != "editorial" for c in self.changes)

    def counts(self) -> dict[str, int]:
        """Number of change records per kind (editorial ones counted under "editorial")."""
        out: dict[str, int] = {}
        for change in self.changes:
            key = "editorial" if change.editorial else change.kind
            out[key] = out.get(key, 0) + 1
        return out

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": DIFF_SCHEMA,
            "policy_id": self.policy_id,
            "old": self.old.to_dict(),
            "new": self.new.to_dict(),
            "has_changes": self.has_changes,
            "date_changed": self.date_changed,
            "flags": list(self.flags),
            "counts": self.counts(),
            "unchanged_sections": self.unchanged_sections,
            "changes": [c.to_dict() for c in self.changes],
            "structure": [n.to_dict() for n in self.structure],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> DiffResult:
        return cls(
            old=DocumentRef.from_dict(data["old"]),
            new=DocumentRef.from_dict(data["new"]),
            changes=tuple(SectionChange.from_dict(c) for c in data.get("changes", ())),
            unchanged_sections=data.get("unchanged_sections", 0),
            date_changed=data.get("date_changed", False),
            flags=tuple(data.get("flags", ())),
            policy_id=data.get("policy_id"),
            structure=tuple(StructureNote.from_dict(n) for n in data.get("structure", ())),
        )
