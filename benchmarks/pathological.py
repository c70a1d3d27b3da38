"""Pathological pages: cost of diff + classify for 5,000 and 50,000 headings (one short clause each),
for the same page with one heading repeated on every section, and for one section of 5,000 and
50,000 clauses; prints each CPU time and the 5k→50k ratio (linear growth is 10×; the target is at
most 12×).

The machine is shared, so each size is timed ``--reps`` times (at least 3), small and large
interleaved so a burst of load falls on both, the small page as the mean of ``large // small``
runs in a row so that both spans are about as long; the ratio printed is that of the two
minimums (the least disturbed round of each), with the range of the per-round ratios beside it.

Run: ``.venv/bin/python benchmarks/pathological.py [--sizes 5000 50000] [--edit-every 50] [--reps 5]``
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


def repeated_heading_page(n: int, edit_every: int, edited: bool) -> PolicyDocument:
    """``headings_page`` with every section under the same heading ("Details"): sections then
    pair by their text alone."""
    page = headings_page(n, edit_every, edited)
    sections = tuple(Section(s.id, "Details", ("Details",), 2, s.clauses) for s in page.sections)
    return PolicyDocument(title=page.title, last_updated=None, sections=sections)


def cost(old: PolicyDocument, new: PolicyDocument) -> float:
    """CPU seconds of one diff + classify of ``old`` → ``new``."""
    gc.collect()
    started = time.process_time()
    diff = diff_documents(old, new, old_ref=DocumentRef("old"), new_ref=DocumentRef("new"), policy_id="x")
    classify(diff, old, new)
    return time.process_time() - started


def compare(build, small: int, large: int, edit_every: int, reps: int) -> tuple[float, float, list[float]]:  # type: ignore[no-untyped-def]
    """The minimum CPU time of each size over ``reps`` interleaved rounds, and each round's ratio.

    In each round the small page is compared ``large // small`` times in a row and its cost is
    the mean, so both measurements span about as long a stretch of the shared machine's time (a
    0.1 s run otherwise fits between bursts of load that a 1.5 s run cannot avoid)."""
    pages = {n: (build(n, edit_every, False), build(n, edit_every, True)) for n in (small, large)}
    cost(*pages[small])  # warm-up: compiled patterns, loaded lexicon
    times = max(1, large // small)
    rounds = [(sum(cost(*pages[small]) for _ in range(times)) / times, cost(*pages[large])) for _ in range(reps)]
    return min(a for a, _ in rounds), min(b for _, b in rounds), [b / a for a, b in rounds if a]


PAGES = (
    ("headings", headings_page),
    ("one repeated heading", repeated_heading_page),
    ("clauses in one section", clauses_page),
)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs=2, default=(5000, 50000))
    parser.add_argument("--edit-every", type=int, default=50)
    parser.add_argument(
        "--reps", type=int, default=5, help="interleaved rounds (at least 3); the minimum of each size is kept"
    )
    args = parser.parse_args()
    small, large = args.sizes
    reps = max(args.reps, 3)
    worst = 0.0
    for label, build in PAGES:
        a, b, ratios = compare(build, small, large, args.edit_every, reps)
        ratio = b / a if a else float("inf")
        worst = max(worst, ratio)
        spread = f"rounds {min(ratios):.1f}-{max(ratios):.1f}x" if ratios else ""
        print(f"{label:24} {small:>6}: {a:7.2f} s  {large:>6}: {b:7.2f} s  ratio {ratio:5.1f}x  ({spread})")
    print(f"worst ratio {worst:.1f}x (target <= 12x; min of {reps} interleaved runs of each size)")
    return 0 if worst <= 12 else 1


if __name__ == "__main__":
    sys.exit(main())
