"""Where the CPU of one diff goes: a per-stage timer around the steps of ``diff_documents``.

Run: ``.venv/bin/python benchmarks/diff_stages.py [--reps N] [--large-kb KB] [--corpus DIR]``

Builds the ~630 KB pair of ``benchmarks/diff.py`` (issue 20), then diffs it ``--reps`` times with
each step below wrapped in a ``time.process_time`` timer (inclusive: a step's figure holds the
steps it calls, indented under it) and prints the run whose total was lowest. The wrappers cost
a few microseconds per call, so the total is a little above the unwrapped diff's. Another version
of ``tracker`` on ``PYTHONPATH`` (a ``git archive`` export) is timed the same way.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

from corpus_path import FULL_CORPUS, require_corpus  # benchmarks/corpus_path.py (run as scripts)
from diff import REFS, large_pair

import tracker.diff.align as align
import tracker.diff.clauses as clauses
import tracker.diff.joins as joins
import tracker.diff.moves as moves
import tracker.diff.sections as sections
from tracker.diff import diff_documents
from tracker.extract.document import extract

# (depth, module or class whose attribute is replaced, attribute, label)
STAGES: tuple[tuple[int, ModuleType | type, str, str], ...] = (
    (0, sections, "align_sections", "section alignment"),
    (1, align, "section_key_text", "section text keys"),
    (1, align, "_pair_same_heading", "stage 2: same heading"),
    (1, align, "_score_leftovers", "stage 4: similarity"),
    (2, align, "_search_floor", "heading floor"),
    (2, align, "_content_matches", "content matches"),
    (0, sections, "_pair_drafts", "clause pairing of matched sections"),
    (1, clauses, "word_diff", "word redlines (clauses)"),
    (1, clauses, "editorial_key", "editorial keys (clauses)"),
    (0, sections, "apply_splits_and_merges", "splits and merges"),
    (0, sections, "apply_joined_moves", "joined/cut moves"),
    (1, joins, "_inside", "parts inside wholes"),  # before issue 20's fourth attempt
    (1, getattr(joins, "_Parts", joins), "inside", "parts inside wholes"),
    (0, sections, "apply_clause_moves", "clause moves"),
    (1, moves, "_candidates", "move candidates"),
    (1, moves, "word_diff", "word redlines (moves)"),
    (0, sections, "fold_repeated_copies", "repeated copies"),
    (0, sections, "group_clause_renumbering", "clause renumbering"),
    (0, sections, "group_renumbering", "section renumbering"),
    (0, sections, "fold_empty", "empty records"),
)


def _timed(fn: Callable[..., Any], label: str, spent: dict[str, float]) -> Callable[..., Any]:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        start = time.process_time()
        try:
            return fn(*args, **kwargs)
        finally:
            spent[label] = spent.get(label, 0.0) + time.process_time() - start

    return wrapper


def main() -> None:
    """Time the stages of the large pair's diff and print them (ms of CPU, the lowest-total run)."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--corpus", type=Path, default=FULL_CORPUS)
    parser.add_argument("--large-kb", type=int, default=630)
    args = parser.parse_args()
    require_corpus(args.corpus, "benchmarks/diff_stages.py")
    _, old_md, new_md = large_pair(args.corpus, args.large_kb)
    old, new = extract(old_md.encode(), "text/markdown"), extract(new_md.encode(), "text/markdown")
    spent: dict[str, float] = {}
    for _, module, name, label in STAGES:
        if hasattr(module, name):  # a step an older version (on PYTHONPATH) lacks is left out
            setattr(module, name, _timed(getattr(module, name), label, spent))
    diff_documents(old, new, **REFS)  # warm-up
    best: tuple[float, dict[str, float]] | None = None
    for _ in range(max(1, args.reps)):
        spent.clear()
        start = time.process_time()
        diff_documents(old, new, **REFS)
        total = time.process_time() - start
        if best is None or total < best[0]:
            best = (total, dict(spent))
    assert best is not None
    print(f"diff of the ~{args.large_kb} KB pair, CPU ms, lowest total of {args.reps} (load {os.getloadavg()[0]:.1f})")
    print(f"  {'total':<44} {best[0] * 1000:>7.1f}")
    shown: set[str] = set()
    for depth, _, _, label in STAGES:
        if label in shown:  # one step under two names (old and new code)
            continue
        shown.add(label)
        print(f"  {'  ' * depth + label:<44} {best[1].get(label, 0.0) * 1000:>7.1f}")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
