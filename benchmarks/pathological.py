"""Pathological pages: cost of diff + classify for 5,000 and 50,000 headings (one short clause each),
and for one section of 5,000 and 50,000 clauses; prints each CPU time and the 5k→50k ratio
(linear growth is 10×; the target is at most 12×).

Run: ``.venv/bin/python benchmarks/pathological.py [--sizes 5000 50000] [--edit-every 50] [--reps 3]``
(synthetic: needs no corpus).
"""

from __future__ import annotations

import argparse
import gc
import sys
import time

from tracker.classify import classify
from tracker.diff.sections import diff_documents
from tracker.models import Clause, DocumentRef, PolicyDocument, Section

WORDS = [
    "we",
    "collect",
    "use",
    "share",
    "personal",
    "data",
    "partners",
    "retain",
    "delete",
    "consent",
    "cookies",
    "rights",
]


def _sentence(i: int) -> str:
    return " ".join(WORDS[(i * 7 + k) % len(WORDS)] for k in range(12)) + f" item {i}."


def _numbered_texts(n: int, edit_every: int, edited: bool) -> list[tuple[int, str]]:
    """The ``n`` numbered sentences; edited: every ``edit_every``-th one gets a changed word and
    every ``edit_every``-th one (offset by half) is left out."""
    out = []
    for i in range(n):
        if edited and i % edit_every == edit_every // 2:
            continue
        text = _sentence(i)
        if edited and i % edit_every == 0:
            text = text.replace("item", "entry")
        out.append((i, text))
    return out


def headings_page(n: int, edit_every: int, edited: bool) -> PolicyDocument:
    """``n`` sections ("Heading i"), one clause each; in the edited version every ``edit_every``-th
    clause gets a changed word and every ``edit_every``-th section (offset) is removed."""
    sections = [
        Section(f"heading-{i}", f"Heading {i}", (f"Heading {i}",), 2, (Clause(text),))
        for i, text in _numbered_texts(n, edit_every, edited)
    ]
    return PolicyDocument(title="Pathological", last_updated=None, sections=tuple(sections))


def clauses_page(n: int, edit_every: int, edited: bool) -> PolicyDocument:
    """One section of ``n`` clauses, edited the same way."""
    clauses = [Clause(text) for _, text in _numbered_texts(n, edit_every, edited)]
    section = Section("terms", "Terms", ("Terms",), 2, tuple(clauses))
    return PolicyDocument(title="Pathological", last_updated=None, sections=(section,))


def timed(build, n: int, edit_every: int, reps: int = 1) -> float:  # type: ignore[no-untyped-def]
    """The best of ``reps`` CPU-time measurements (the machine is shared: CPU time, and the least
    disturbed of several, are what the code costs)."""
    old, new = build(n, edit_every, False), build(n, edit_every, True)
    best = float("inf")
    for _ in range(reps):
        gc.collect()
        started = time.process_time()
        diff = diff_documents(old, new, old_ref=DocumentRef("old"), new_ref=DocumentRef("new"), policy_id="x")
        classify(diff, old, new)
        best = min(best, time.process_time() - started)
    return best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs=2, default=(5000, 50000))
    parser.add_argument("--edit-every", type=int, default=50)
    parser.add_argument("--reps", type=int, default=3, help="timings per size; the best is kept")
    args = parser.parse_args()
    small, large = args.sizes
    worst = 0.0
    for label, build in (("headings", headings_page), ("clauses in one section", clauses_page)):
        a = timed(build, small, args.edit_every, args.reps)
        b = timed(build, large, args.edit_every, args.reps)
        ratio = b / a if a else float("inf")
        worst = max(worst, ratio)
        print(f"{label:24} {small:>6}: {a:7.2f} s  {large:>6}: {b:7.2f} s  ratio {ratio:5.1f}x")
    print(f"worst ratio {worst:.1f}x (target <= 12x)")
    return 0 if worst <= 12 else 1


if __name__ == "__main__":
    sys.exit(main())
