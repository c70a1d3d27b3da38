"""Text that moved *and* was cut or joined into paragraphs differently: one ``moved`` record.

``tracker.diff.moves`` pairs one removed clause with one added clause. When text moves and its
paragraphs are cut or joined on the way (the items of a list under "12.3 Counter-notification"
become one paragraph of "12. Copyright Policy"; one paragraph becomes two list items of a new
sub-section), no single pair shows it: the move would read as text removed in one place and
added in another, or as one part moved and the rest added. So this runs first, on the removed
and added clauses whose text is not found whole on the other side (those are identical moves):

- **joined**: a run of two or more consecutive removed clauses of one section (``PROBE``+
  characters each), each found word for word inside one added clause where a word starts, whose
  joined text is similar to that clause (rapidfuzz ``ratio`` ≥ ``MOVE_CUTOFF``);
- **cut**: the reverse, a run of two or more consecutive added clauses of one section, each found
  word for word inside one removed clause, similar to it once joined.

Each becomes one ``moved`` clause record in the section the text went to: ``old_text`` and
``new_text`` join each side's paragraphs with a blank line, ``moved_from``/``moved_to`` name the
first paragraph of each side, and ``words`` is the word redline of the joined texts (empty when
only the paragraph cuts differ). The removals it replaces leave the record of the section the
text came from (which then becomes a structure note if nothing else changed there).
"""

from __future__ import annotations

from collections import defaultdict

from rapidfuzz import fuzz

from tracker.diff.draft import Draft
from tracker.diff.moves import FUZZY_MOVE_BUDGET, MOVE_CUTOFF, moved_record
from tracker.diff.words import cosmetic_key
from tracker.models import ClauseChange

_Item = tuple[int, ClauseChange]  # (index of the draft, clause record)
PROBE = 16  # characters a part is looked up by; shorter parts are not joined (too easily found by chance)


def _index(change: ClauseChange) -> int:
    return (change.old_index if change.kind == "removed" else change.new_index) or 0


def _runs(found: list[int], items: list[_Item]) -> list[list[int]]:
    """The found items grouped by draft and cut into runs of consecutive clause indexes."""
    by_draft: dict[int, list[int]] = defaultdict(list)
    for k in found:
        by_draft[items[k][0]].append(k)
    runs: list[list[int]] = []
    for members in by_draft.values():
        members.sort(key=lambda k: _index(items[k][1]))
        run = [members[0]]
        for k in members[1:]:
            if _index(items[k][1]) == _index(items[run[-1]][1]) + 1:
                run.append(k)
            else:
                runs.append(run)
                run = [k]
        runs.append(run)
    return runs


def _best_run(whole: str, found: list[int], items: list[_Item], keys: list[str]) -> list[int] | None:
    """The longest run of two or more parts whose joined text is similar to ``whole``."""
    for run in sorted(_runs(found, items), key=lambda r: -sum(len(keys[k]) for k in r)):
        if len(run) >= 2 and fuzz.ratio(" ".join(keys[k] for k in run), whole) >= MOVE_CUTOFF:
            return run
    return None


def _joined(items: list[_Item], run: list[int], side: str) -> ClauseChange:
    """One removed (side=old) or added (side=new) clause record standing for a run of them."""
    first = items[run[0]][1]
    if side == "old":
        return ClauseChange("removed", "\n\n".join(items[k][1].old_text or "" for k in run), None, first.old_index)
    return ClauseChange("added", None, "\n\n".join(items[k][1].new_text or "" for k in run), None, first.new_index)


class _Parts:
    """The parts of ``PROBE``+ characters (shorter ones are never looked for) by their first two
    words, where a space ends each of them; the few others (one or two words) are kept apart."""

    def __init__(self, part_keys: list[str]) -> None:
        self.keys = part_keys
        self.by_words: dict[tuple[str, str], list[int]] = defaultdict(list)
        self.loose: list[int] = []
        for p, key in enumerate(part_keys):
            if len(key) >= PROBE:
                words = key.split(" ", 2)
                if len(words) == 3:
                    self.by_words[(words[0], words[1])].append(p)
                else:
                    self.loose.append(p)

    def inside(self, whole: str, used: set[int]) -> list[int]:
        """The unused parts found word for word in ``whole``, each starting where a word does (at 0
        or right after a space: ``whole.startswith(key) or " " + key in whole``), shorter than it.

        A part of three or more words found at a word start has its first two words as two
        consecutive words of ``whole`` (``split(" ")``: one item per word start), so only the parts
        indexed by such a pair, and the loose ones, are tested."""
        words = whole.split(" ")
        by_words = self.by_words
        # the pairs that begin a part, each once: a look-up per pair, not a set of every pair built
        pairs = {pair for pair in zip(words, words[1:], strict=False) if pair in by_words}
        found: set[int] = set()
        for p in (*(p for pair in pairs for p in by_words[pair]), *self.loose):
            key = self.keys[p]
            if p not in used and len(key) < len(whole) and (whole.startswith(key) or " " + key in whole):
                found.add(p)
        return sorted(found)


def _matches(
    wholes: list[_Item], whole_keys: list[str], parts: list[_Item], part_keys: list[str]
) -> list[tuple[int, list[int]]]:
    """(whole, run of parts) for each whole clause that holds a run of parts joined."""
    used: set[int] = set()
    out: list[tuple[int, list[int]]] = []
    index = _Parts(part_keys)
    for w, whole in enumerate(whole_keys):
        found = index.inside(whole, used)
        if len(found) < 2:
            continue
        run = _best_run(whole, found, parts, part_keys)
        if run is not None:
            used.update(run)
            out.append((w, run))
    return out


def apply_joined_moves(drafts: list[Draft]) -> int:
    """Replace each run of removed clauses that became one added clause (or the reverse) by one
    ``moved`` record in the destination's draft; returns how many were found."""
    removed = [(d, c) for d, draft in enumerate(drafts) for c in draft.clauses if c.kind == "removed"]
    added = [(d, c) for d, draft in enumerate(drafts) for c in draft.clauses if c.kind == "added"]
    if not removed or not added or len(removed) * len(added) > FUZZY_MOVE_BUDGET:
        return 0
    # a clause whose very text is on the other side is an identical move (``moves``), not a part
    old_texts = {cosmetic_key(c.old_text or "") for _, c in removed}
    new_texts = {cosmetic_key(c.new_text or "") for _, c in added}
    removed = [(d, c) for d, c in removed if cosmetic_key(c.old_text or "") not in new_texts]
    added = [(d, c) for d, c in added if cosmetic_key(c.new_text or "") not in old_texts]
    removed_keys = [cosmetic_key(c.old_text or "") for _, c in removed]
    added_keys = [cosmetic_key(c.new_text or "") for _, c in added]
    gone: set[int] = set()
    arrivals: list[tuple[int, ClauseChange]] = []
    for b, run in _matches(added, added_keys, removed, removed_keys):  # several paragraphs joined into one
        ds, dt = removed[run[0]][0], added[b][0]
        gone.update([id(added[b][1]), *(id(removed[k][1]) for k in run)])
        arrivals.append((dt, moved_record(drafts[ds], _joined(removed, run, "old"), drafts[dt], added[b][1])))
    free_removed = [(k, item) for k, item in enumerate(removed) if id(item[1]) not in gone]
    free_added = [(k, item) for k, item in enumerate(added) if id(item[1]) not in gone]
    wholes = [item for _, item in free_removed]
    parts = [item for _, item in free_added]
    for a, run in _matches(wholes, [removed_keys[k] for k, _ in free_removed], parts,
                           [added_keys[k] for k, _ in free_added]):  # fmt: skip  # one paragraph cut into several
        ds, dt = wholes[a][0], parts[run[0]][0]
        gone.update([id(wholes[a][1]), *(id(parts[k][1]) for k in run)])
        arrivals.append((dt, moved_record(drafts[ds], wholes[a][1], drafts[dt], _joined(parts, run, "new"))))
    for draft in drafts:
        draft.clauses = [c for c in draft.clauses if id(c) not in gone]
    for dt, record in arrivals:
        drafts[dt].clauses.append(record)
    return len(arrivals)
