"""The change records while they are being built, before they become frozen ``SectionChange``s."""

from __future__ import annotations

from dataclasses import dataclass, field

from tracker.diff.words import cosmetic_key, heading_key
from tracker.models import ChangeKind, ClauseChange, Section, SectionChange


@dataclass
class Draft:
    """One section-level record in the making: the sections on each side and its clause changes."""

    kind: ChangeKind
    old: Section | None
    new: Section | None
    old_pos: int | None
    new_pos: int | None
    clauses: list[ClauseChange] = field(default_factory=list)
    similarity: float | None = None
    moved: bool = False  # the section changed place (pairs only)
    reflowed: int = 0  # runs of the same text cut into paragraphs differently
    old_ids: tuple[str, ...] = ()
    new_ids: tuple[str, ...] = ()

    @property
    def heading_changed(self) -> bool:
        """Old and new headings differ beyond whitespace and quote style."""
        return (
            self.old is not None
            and self.new is not None
            and cosmetic_key(self.old.heading) != cosmetic_key(self.new.heading)
        )

    @property
    def heading_reworded(self) -> bool:
        """Old and new headings differ beyond numbering, case and punctuation."""
        return self.heading_changed and heading_key(self.old.heading if self.old else "") != heading_key(
            self.new.heading if self.new else ""
        )

    def pair_kind(self) -> ChangeKind:
        """The kind of a matched pair's record: moved, renamed or modified."""
        if self.moved:
            return "moved"
        return "renamed" if self.heading_changed else "modified"

    def editorial(self) -> bool:
        """Only editorial differences: every clause change editorial, heading at most renumbered, no move."""
        if self.kind in ("added", "removed", "split", "merged", "moved"):
            return False
        return all(c.editorial for c in self.clauses) and not self.heading_reworded

    def to_change(self) -> SectionChange:
        """The frozen record."""
        old, new = self.old, self.new
        clauses = sorted(
            self.clauses,
            key=lambda c: (c.new_index if c.new_index is not None else (c.old_index or 0), c.kind != "removed"),
        )
        return SectionChange(
            kind=self.kind,
            old_section_id=old.id if old else None,
            new_section_id=new.id if new else None,
            old_heading=old.heading if old else None,
            new_heading=new.heading if new else None,
            old_position=self.old_pos,
            new_position=self.new_pos,
            old_text=old.text if old else None,
            new_text=new.text if new else None,
            clauses=tuple(clauses),
            editorial=self.editorial(),
            similarity=None if self.similarity is None else round(self.similarity / 100.0, 3),
            old_section_ids=self.old_ids,
            new_section_ids=self.new_ids,
        )
