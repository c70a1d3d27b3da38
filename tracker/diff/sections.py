"""Clause-aware comparison of two versions of a policy: the steps, each in its own module.

1. **Sections are aligned** by content, not by heading alone (``tracker.diff.align``): same
   heading and text, then same heading (repeated headings only by their text), then same
   text, then similarity; pairs whose relative order changed are *moves*.
2. **Clauses are aligned** inside each pair (``tracker.diff.clauses``): exact, then fuzzy,
   modified clauses with a word-level redline (``tracker.diff.words``); text merely cut into
   paragraphs differently is no change.
3. **Text that changed place** (``tracker.diff.moves``): splits and merges of sections, then
   text moved and cut or joined into paragraphs differently (``tracker.diff.joins``), then
   clauses moved, edited or not, inside or across sections, as one ``moved`` record each; a
   repeated block that lost or gained a copy is a structure note (``tracker.diff.copies``).
4. **Renumbering** (``tracker.diff.renumber``): a run of sections whose numbers alone shifted
   is one editorial ``renumbered`` record naming the range.
5. **No empty records** (``tracker.diff.structure``): what holds no changed text becomes a
   structure note (``DiffResult.structure``).

Every change says whether it is *editorial only* (punctuation, case, numbering, spelling
variants); whitespace and quote style are not changes at all. Exact hash matching handles the
unchanged bulk; fuzzy matching runs only on leftovers, so time grows close to linearly with
document size for a fixed number of edits.
"""

from __future__ import annotations

from tracker.diff.align import Alignment, align_sections
from tracker.diff.clauses import clause_change, diff_clauses
from tracker.diff.copies import fold_repeated_copies
from tracker.diff.draft import Draft
from tracker.diff.joins import apply_joined_moves
from tracker.diff.moves import apply_clause_moves, apply_splits_and_merges
from tracker.diff.renumber import group_clause_renumbering, group_renumbering, heading_number
from tracker.diff.structure import fold_empty
from tracker.diff.words import cosmetic_key, heading_key
from tracker.models import DiffResult, DocumentRef, PolicyDocument, SectionChange


def _pair_drafts(alignment: Alignment, old: PolicyDocument, new: PolicyDocument) -> tuple[dict[int, Draft], int]:
    """A draft per matched pair that differs (keyed by old index), and how many pairs are unchanged."""
    drafts: dict[int, Draft] = {}
    unchanged = 0
    for pair in alignment.pairs:
        o, n = old.sections[pair.old_index], new.sections[pair.new_index]
        clauses, reflowed = diff_clauses(o.clauses, n.clauses)
        draft = Draft("modified", o, n, pair.old_index, pair.new_index, clauses, pair.similarity, pair.moved, reflowed)
        if not clauses and not reflowed and not pair.moved and not draft.heading_changed:
            unchanged += 1
            continue
        drafts[pair.old_index] = draft
    return drafts, unchanged


def _unmatched_drafts(
    alignment: Alignment, old: PolicyDocument, new: PolicyDocument, consumed: tuple[set[int], set[int]]
) -> list[Draft]:
    """Drafts of the sections removed and added outright."""
    drafts: list[Draft] = []
    for i in alignment.unmatched_old:
        if i not in consumed[0]:
            section = old.sections[i]
            clauses = [clause_change("removed", c, None, k, None) for k, c in enumerate(section.clauses)]
            drafts.append(Draft("removed", section, None, i, None, clauses))
    for j in alignment.unmatched_new:
        if j not in consumed[1]:
            section = new.sections[j]
            clauses = [clause_change("added", None, c, None, k) for k, c in enumerate(section.clauses)]
            drafts.append(Draft("added", None, section, None, j, clauses))
    return drafts


def _order(change: SectionChange) -> float:
    return change.new_position if change.new_position is not None else (change.old_position or 0) - 0.5


def diff_documents(
    old: PolicyDocument,
    new: PolicyDocument,
    *,
    old_ref: DocumentRef,
    new_ref: DocumentRef,
    policy_id: str | None = None,
) -> DiffResult:
    """Every section-level change between two versions, with clause and word detail."""
    cosmetic_key.cache_clear()  # the caches serve one comparison; keeps memory bounded and timings honest
    heading_key.cache_clear()
    alignment = align_sections(old, new)
    by_pair, unchanged = _pair_drafts(alignment, old, new)
    consumed = apply_splits_and_merges(alignment, by_pair, old, new)
    for draft in by_pair.values():
        if draft.kind not in ("split", "merged"):
            draft.kind = draft.pair_kind()
    drafts = [*by_pair.values(), *_unmatched_drafts(alignment, old, new, consumed)]
    apply_joined_moves(drafts)
    apply_clause_moves(drafts)
    drafts, copies = fold_repeated_copies(drafts, old, new)
    drafts, clause_renumbered = group_clause_renumbering(drafts)
    numbered = {p.old_index for p in alignment.pairs if heading_number(old.sections[p.old_index].heading)}
    drafts, renumbered = group_renumbering(drafts, numbered)
    renumbered.extend(clause_renumbered)
    drafts, notes = fold_empty(drafts)
    notes.extend(copies)
    changes = sorted([*(d.to_change() for d in drafts), *renumbered], key=_order)
    return DiffResult(
        old=old_ref,
        new=new_ref,
        changes=tuple(changes),
        unchanged_sections=unchanged,
        date_changed=old.last_updated != new.last_updated,
        policy_id=policy_id,
        structure=tuple(notes),
    )
