"""A clause edited in several places, each edit editorial on its own (issue 17, editorial classes).

A long clause often carries several small edits at once — a typo fixed here, "personal
information" → "personal data" there, a cross-reference renumbered, an abbreviation written
out. Each rule of ``judge`` looks at the clause as a whole, and a rule such as the minor
rewording caps how much may change, so together they read as "review". Here the redline is cut
into its edits (runs of deleted and inserted words, joined when only spaces or punctuation stand
between them); each edit is applied alone to the old clause and judged by the editorial rules.
When every edit is editorial on its own, so is the clause. It runs only when no materiality rule
fired on the whole clause, so it turns a "review" into "editorial", never a "material".
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from tracker.models import ClauseChange, WordDiff

__all__ = ["edits", "every_edit_editorial"]

_MAX_EDITS = 12  # more edits than this: a rewrite, for a person to read


def edits(clause: ClauseChange) -> list[tuple[int, int]]:
    """The edits of a modified clause, as [start, end) ranges of its word runs: changed runs
    with only spaces or punctuation between them are one edit."""
    found: list[tuple[int, int]] = []
    for k, run in enumerate(clause.words):
        if run.op == "equal":
            continue
        gap = clause.words[found[-1][1] : k] if found else ()
        if found and all(not re.search(r"[^\W_]", w.text) for w in gap):
            found[-1] = (found[-1][0], k + 1)
        else:
            found.append((k, k + 1))
    return found


def one_edit(clause: ClauseChange, start: int, end: int) -> ClauseChange:
    """The clause with only the edit ``[start, end)`` of its redline made: the old text with
    that one edit applied, the other edits left as they were."""
    words: list[WordDiff] = []
    for k, run in enumerate(clause.words):
        if start <= k < end or run.op == "equal":
            words.append(run)
        elif run.op == "delete":
            words.append(WordDiff("equal", run.text))  # another edit: its old words stay
    new_text = "".join(w.text for w in words if w.op != "delete")
    return replace(clause, words=tuple(words), new_text=new_text, editorial=False)


def every_edit_editorial(clause: ClauseChange, judge: Callable[[ClauseChange], str | None]) -> str | None:
    """Why a modified clause edited in two or more places is editorial (each edit is, on its own,
    by ``judge``), or None."""
    if clause.kind not in {"modified", "moved"} or not clause.old_text or not clause.new_text:
        return None
    ranges = edits(clause)
    if not 2 <= len(ranges) <= _MAX_EDITS:
        return None
    old = "".join(w.text for w in clause.words if w.op != "insert")
    if " ".join(old.split()) != " ".join(clause.old_text.split()):
        return None  # the redline does not rebuild the old text: cannot cut it into edits
    reasons = []
    for start, end in ranges:
        reason = judge(one_edit(clause, start, end))
        if reason is None:
            return None
        reasons.append(reason)
    kinds = "; ".join(dict.fromkeys(reasons))
    return f"each of its {len(ranges)} edits is editorial on its own ({kinds})"
