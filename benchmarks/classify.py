"""Classifier quality: the labelled clause changes, then the older labelled change set.

Run: ``.venv/bin/python benchmarks/classify.py [--part clauses|sections|all] [--labels FILE] [--show-errors]``

**Part 1, clauses** (``tests/data/classify/clause_labels.toml``, ``benchmarks/classify_clauses.py``):
for each split (tuning / the frozen evaluation part) and each language (en, fr, de): material
precision, recall and F1 with review counted as not material and as material, editorial recall,
micro and per-topic precision/recall, and the confusion table. These are the issue-17 figures.

**Part 2, sections** (``tests/data/classify_labels.toml``): builds every labelled version pair
(real corpus pairs and edits of the seed policy), classifies it with the shipped lexicon, and
compares each section record with the labels:

Labels are split into ``tuning`` (seen while the rules were written) and ``held-out`` (labelled
afterwards, never used to tune); the decisions are reported for both and together.

- **material decision**: a change is positive when labelled ``material``; precision and recall
  of the classifier saying ``material`` (targets: recall ≥ 0.95, precision ≥ 0.8).
- **editorial decision**: the same for ``editorial`` (changes safe to fold away).
- the 3 × 3 confusion matrix (labels × classifier), material recall per rule family, and
- **topic tags**: micro precision and recall over (change, topic) pairs, then per topic.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.classify_clauses import run as clause_figures  # noqa: E402
from tests.classify_labels import LABELS, Label, labelled_change, load_labels  # noqa: E402
from tests.clause_labels import CLAUSE_LABELS  # noqa: E402

LEVELS = ("material", "review", "editorial")


def ratio(num: int, den: int) -> float:
    """num / den, or 1.0 when there is nothing to count (no positives to miss)."""
    return num / den if den else 1.0


def precision_recall(pairs: list[tuple[bool, bool]]) -> tuple[float, float, int, int, int]:
    """(precision, recall, tp, fp, fn) of (expected, predicted) booleans."""
    tp = sum(1 for e, p in pairs if e and p)
    fp = sum(1 for e, p in pairs if p and not e)
    fn = sum(1 for e, p in pairs if e and not p)
    return ratio(tp, tp + fp), ratio(tp, tp + fn), tp, fp, fn


def main() -> None:
    """Print the clause figures, then the section-level figures (or the one part asked for)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--part", choices=("clauses", "sections", "all"), default="all")
    parser.add_argument("--labels", type=Path, default=None, help="Labels of the part asked for.")
    parser.add_argument("--show-errors", action="store_true", help="List every wrong decision and tag.")
    args = parser.parse_args()
    if args.part in ("clauses", "all"):
        print("## Part 1: labelled clause changes (per clause, per split and language)")
        clause_figures(args.labels if args.part == "clauses" and args.labels else CLAUSE_LABELS,
                       show_errors=args.show_errors)  # fmt: skip
    if args.part in ("sections", "all"):
        print("\n## Part 2: labelled section changes (seed edits and corpus pairs)")
        section_figures(args.labels if args.part == "sections" and args.labels else LABELS, args.show_errors)


def section_figures(path: Path, show_errors: bool) -> None:
    """The older, section-level labelled set: decisions per split, confusion, rule families, tags."""
    labels = load_labels(path)
    rows: list[tuple[Label, str, frozenset[str], tuple[str, ...]]] = []
    for label in labels:
        change = labelled_change(label)
        if change is None:
            sys.exit(f"error: {label.id}: no change record in section {label.section!r}")
        rows.append((label, change.materiality or "", frozenset(t.topic for t in change.topics), change.reasons))

    sources = Counter(label.source for label in labels)
    print(f"labelled changes: {len(labels)} ({sources['corpus']} from real corpus pairs, {sources['seed']} seed edits)")
    print("labels: " + ", ".join(f"{n} {lvl}" for lvl, n in Counter(r[0].materiality for r in rows).most_common()))
    for split in ("all", "tuning", "held-out"):
        part = [row for row in rows if split == "all" or row[0].split == split]
        print(f"\n[{split}: {len(part)} changes, {sum(1 for r in part if r[0].materiality == 'material')} material]")
        for name in ("material", "editorial"):
            p, r, tp, fp, fn = precision_recall([(lab.materiality == name, got == name) for lab, got, _, _ in part])
            print(f"{name:<9} decision: precision {p:.3f}  recall {r:.3f}  (tp {tp}, fp {fp}, fn {fn})")
    print()
    print("confusion (rows: label, columns: classifier)")
    print(" " * 11 + "".join(f"{lvl:>11}" for lvl in LEVELS))
    for want in LEVELS:
        counts = Counter(got for lab, got, _, _ in rows if lab.materiality == want)
        print(f"{want:<11}" + "".join(f"{counts[lvl]:>11}" for lvl in LEVELS))
    print()
    print("material recall per rule family")
    families: dict[str, list[bool]] = defaultdict(list)
    for lab, got, _, _ in rows:
        if lab.materiality == "material":
            families[lab.rule].append(got == "material")
    for family, hits in sorted(families.items()):
        print(f"  {family:<20} {sum(hits)}/{len(hits)}")
    print()

    tag_pairs = [(lab.topics, got) for lab, _, got, _ in rows]
    tp = sum(len(want & got) for want, got in tag_pairs)
    fp = sum(len(got - want) for want, got in tag_pairs)
    fn = sum(len(want - got) for want, got in tag_pairs)
    print(f"topic tags (micro): precision {ratio(tp, tp + fp):.3f}  recall {ratio(tp, tp + fn):.3f}"
          f"  (tp {tp}, fp {fp}, fn {fn})")  # fmt: skip
    topics = sorted({t for want, got in tag_pairs for t in want | got})
    print(f"  {'topic':<24}{'precision':>10}{'recall':>8}{'labelled':>10}")
    for topic in topics:
        t_tp = sum(1 for want, got in tag_pairs if topic in want and topic in got)
        t_fp = sum(1 for want, got in tag_pairs if topic in got and topic not in want)
        t_fn = sum(1 for want, got in tag_pairs if topic in want and topic not in got)
        print(f"  {topic:<24}{ratio(t_tp, t_tp + t_fp):>10.2f}{ratio(t_tp, t_tp + t_fn):>8.2f}{t_tp + t_fn:>10}")

    if show_errors:
        print("\nwrong materiality:")
        for lab, got, _, reasons in rows:
            if got != lab.materiality:
                print(f"  [{lab.split}] {lab.id}: label {lab.materiality}, got {got}: {'; '.join(reasons)[:200]}")
        print("\nwrong tags:")
        for lab, _, got, _ in rows:
            if got != lab.topics:
                print(f"  {lab.id}: missing {sorted(lab.topics - got)}, extra {sorted(got - lab.topics)}")


if __name__ == "__main__":
    main()
