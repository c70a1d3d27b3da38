"""Classifier quality on the labelled CLAUSE changes (``tests/data/classify/clause_labels.toml``).

Run: ``.venv/bin/python benchmarks/classify_clauses.py [--labels FILE] [--split PART] [--id-pattern RE]
[--show-errors] [--cv]``

For every item, an old and a new Markdown document are built that hold the clause: a title, one
fixed unchanged sentence, then the item's heading as a section heading and the old (or new)
clause text as its body. Both go through today's public pipeline (``tracker.extract.extract`` →
``tracker.diff.diff_documents`` → ``tracker.classify.classify``) and the change record holding
the clause gives the prediction:

- per clause (the classifier judges every clause change): the most severe level and the union
  of topics of the clause changes that overlap the item's text;
- otherwise (a record without judged clauses) the section change's ``materiality`` and ``topics``.

No change record at all is reported as ``none`` (the user would see nothing) and counts as not
material and as editorial (folded away).

Printed for each split (tuning / evaluation / evaluation-2 / evaluation-3, or the ``--split``
parts asked for) and each language, then for the evaluation parts pooled when two or more are
read (the parts never tuned on, together): material precision, recall and
F1 with ``review`` counted as not material and with ``review`` counted as material, editorial
recall, micro topic precision/recall and per-topic precision/recall, and the confusion table
(rows: label, columns: prediction). The evaluation parts are frozen: read their figures, never
tune on them; ``--show-errors`` lists the wrong decisions of the tuning part only.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.clause_labels import (  # noqa: E402
    CLAUSE_LABELS,
    EVALUATION_SPLITS,
    LANGS,
    LEVELS,
    SPLITS,
    ClauseLabel,
    load_clause_labels,
)
from tracker.classify import classify  # noqa: E402
from tracker.diff import diff_documents  # noqa: E402
from tracker.extract import extract  # noqa: E402
from tracker.models import DocumentRef, PolicyDocument, SectionChange  # noqa: E402

TITLES = {"en": "Privacy Policy", "fr": "Politique de confidentialité", "de": "Datenschutzerklärung"}
# One unchanged sentence under the title, the same in both versions, so that a document whose
# clause is "" (added / removed) still has text to extract.
INTROS = {
    "en": "This page describes how we handle personal data.",
    "fr": "Cette page décrit la manière dont nous traitons les données personnelles.",
    "de": "Diese Seite beschreibt, wie wir mit personenbezogenen Daten umgehen.",
}
SEVERITY = {"material": 3, "review": 2, "editorial": 1, None: 0}


@dataclass(frozen=True)
class Prediction:
    """What the pipeline says about one item, and where the answer came from."""

    materiality: str  # "material" / "review" / "editorial" / "none"
    topics: frozenset[str]
    source: str  # "clause", "section" or "none"


def build_markdown(label: ClauseLabel, text: str) -> str:
    """A Markdown document holding ``text`` as the body of the item's section."""
    body = f"\n\n{text}\n" if text else "\n"
    return f"# {TITLES[label.lang]}\n\n{INTROS[label.lang]}\n\n## {label.heading}{body}"


def _document(markdown: str) -> PolicyDocument:
    return extract(markdown.encode("utf-8"), "text/markdown")


def _norm(text: str | None) -> str:
    return " ".join((text or "").split()).casefold()


def _words(text: str | None) -> set[str]:
    return {w.strip(".,;:!?()[]*_«»“”\"'") for w in _norm(text).split()} - {""}


def _overlaps(clause_text: str | None, item_text: str) -> bool:
    """True when a clause change's text is (part of) the item's text, or shares most of its words."""
    a, b = _norm(clause_text), _norm(item_text)
    if not a or not b:
        return False
    if a in b or b in a:
        return True
    wa, wb = _words(clause_text), _words(item_text)
    return bool(wa and wb) and len(wa & wb) / min(len(wa), len(wb)) >= 0.5


def _section_for(label: ClauseLabel, changes: tuple[SectionChange, ...]) -> SectionChange | None:
    """The change record whose heading is the item's, else one that holds its text, else the first."""
    heading = _norm(label.heading)
    for change in changes:
        if heading in {_norm(change.new_heading), _norm(change.old_heading)}:
            return change
    for change in changes:
        if _overlaps(change.old_text, label.old) or _overlaps(change.new_text, label.new):
            return change
    return changes[0] if changes else None


def predict(label: ClauseLabel) -> Prediction:
    """Run the public pipeline on the item's two documents and read off its classification."""
    old_doc, new_doc = _document(build_markdown(label, label.old)), _document(build_markdown(label, label.new))
    refs = {"old_ref": DocumentRef("old"), "new_ref": DocumentRef(label.id)}
    diff = classify(diff_documents(old_doc, new_doc, **refs, policy_id="clause"), old_doc, new_doc)  # type: ignore[arg-type]
    section = _section_for(label, diff.changes)
    if section is None:
        return Prediction("none", frozenset(), "none")
    judged = [
        c
        for c in section.clauses
        if getattr(c, "materiality", None) is not None
        and (_overlaps(c.old_text, label.old) or _overlaps(c.new_text, label.new))
    ]
    if judged:
        level = max((c.materiality for c in judged), key=lambda m: SEVERITY.get(m, 0))  # type: ignore[attr-defined]
        topics = frozenset(_topic_name(t) for c in judged for t in (getattr(c, "topics", None) or ()))
        return Prediction(level, topics, "clause")
    return Prediction(section.materiality or "none", frozenset(t.topic for t in section.topics), "section")


def _topic_name(tag: object) -> str:
    return tag if isinstance(tag, str) else tag.topic  # type: ignore[attr-defined]


def ratio(num: int, den: int) -> float:
    """num / den, or 1.0 when there is nothing to count (used for F1 only; printed figures use fmt)."""
    return num / den if den else 1.0


def fmt(num: int, den: int) -> str:
    """num / den to 3 decimals, or "n/a" when there is nothing to count (no predictions / no positives)."""
    return f"{num / den:.3f}" if den else "  n/a"


def prf(pairs: list[tuple[bool, bool]]) -> tuple[float, float, float, int, int, int]:
    """(precision, recall, F1, tp, fp, fn) of (expected, predicted) booleans."""
    tp = sum(1 for e, p in pairs if e and p)
    fp = sum(1 for e, p in pairs if p and not e)
    fn = sum(1 for e, p in pairs if e and not p)
    precision, recall = ratio(tp, tp + fp), ratio(tp, tp + fn)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1, tp, fp, fn


def report(title: str, rows: list[tuple[ClauseLabel, Prediction]]) -> None:
    """Print every figure for one split × language block."""
    print(f"\n=== {title}: {len(rows)} items ({', '.join(f'{n} {lvl}' for lvl, n in _levels(rows))})")
    if not rows:
        return
    strict = [(lab.materiality == "material", got.materiality == "material") for lab, got in rows]
    lenient = [(lab.materiality != "editorial", got.materiality in ("material", "review")) for lab, got in rows]
    for name, pairs in (("material (review = not material)", strict), ("material (review = material)    ", lenient)):
        _, _, f, tp, fp, fn = prf(pairs)
        print(f"{name}: P {fmt(tp, tp + fp)}  R {fmt(tp, tp + fn)}  F1 {f:.3f}  (tp {tp}, fp {fp}, fn {fn})")
    editorial = [got.materiality in ("editorial", "none") for lab, got in rows if lab.materiality == "editorial"]
    print(f"editorial recall: {fmt(sum(editorial), len(editorial))}  ({sum(editorial)}/{len(editorial)})")
    pairs = [(frozenset(lab.topics), got.topics) for lab, got in rows]
    tp = sum(len(want & got) for want, got in pairs)
    fp = sum(len(got - want) for want, got in pairs)
    fn = sum(len(want - got) for want, got in pairs)
    print(f"topics micro: P {fmt(tp, tp + fp)}  R {fmt(tp, tp + fn)}  (tp {tp}, fp {fp}, fn {fn})")
    names = sorted({t for want, got in pairs for t in want | got})
    for topic in names:
        t_tp = sum(1 for want, got in pairs if topic in want and topic in got)
        t_fp = sum(1 for want, got in pairs if topic in got and topic not in want)
        t_fn = sum(1 for want, got in pairs if topic in want and topic not in got)
        p, r = fmt(t_tp, t_tp + t_fp), fmt(t_tp, t_tp + t_fn)
        print(f"  {topic:<24} P {p}  R {r}  (tp {t_tp}, fp {t_fp}, fn {t_fn})")
    columns = (*LEVELS, "none")
    print("confusion (rows: label, columns: prediction)")
    print(" " * 11 + "".join(f"{c:>11}" for c in columns))
    for want in LEVELS:
        counts = Counter(got.materiality for lab, got in rows if lab.materiality == want)
        print(f"{want:<11}" + "".join(f"{counts[c]:>11}" for c in columns))


def _levels(rows: list[tuple[ClauseLabel, Prediction]]) -> list[tuple[str, int]]:
    counts = Counter(lab.materiality for lab, _ in rows)
    return [(lvl, counts[lvl]) for lvl in LEVELS]


def main() -> None:
    """Classify every labelled clause change and print the figures per split and language."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--labels", type=Path, default=CLAUSE_LABELS)
    parser.add_argument("--show-errors", action="store_true", help="List every wrong materiality decision.")
    parser.add_argument(
        "--cv",
        action="store_true",
        help="Tuning part only: figures per family and each rule switched off (benchmarks/classify_cv.py).",
    )
    parser.add_argument(
        "--split",
        choices=SPLITS,
        action="append",
        help="Only these parts (repeatable; default: every part). Use --split tuning with "
        "--show-errors: evaluation items are never listed one by one.",
    )
    parser.add_argument(
        "--id-pattern",
        "--ids-matching",
        dest="id_pattern",
        metavar="RE",
        help="Only items whose id matches this regular expression (re.search), e.g. '-h\\d\\d$' for the h17h round.",
    )
    args = parser.parse_args()
    if args.cv:
        from benchmarks.classify_cv import run as run_cv

        run_cv(args.labels)
        return
    run(args.labels, show_errors=args.show_errors, splits=tuple(args.split or SPLITS), id_pattern=args.id_pattern)


def run(
    path: Path = CLAUSE_LABELS,
    *,
    show_errors: bool = False,
    splits: tuple[str, ...] = SPLITS,
    id_pattern: str | None = None,
) -> None:
    """Print every figure for the labelled clause changes of ``splits`` in ``path`` (only those
    whose id matches ``id_pattern`` when given; and, with ``show_errors``, every wrong materiality
    decision and topic set of the tuning part only)."""
    wanted = re.compile(id_pattern) if id_pattern else None
    labels = [
        label
        for label in load_clause_labels(path)
        if label.split in splits and (wanted is None or wanted.search(label.id))
    ]
    rows = [(label, predict(label)) for label in labels]
    sources = Counter(got.source for _, got in rows)
    read_from = ", ".join(f"{n} {s}" for s, n in sources.most_common())
    print(f"labelled clause changes: {len(rows)}; prediction read from: {read_from}")
    for split in splits:
        part = [row for row in rows if row[0].split == split]
        report(f"{split} / all languages", part)
        for lang in LANGS:
            report(f"{split} / {lang}", [row for row in part if row[0].lang == lang])
    unseen = [row for row in rows if row[0].split in EVALUATION_SPLITS]
    if len({label.split for label, _ in unseen}) > 1:  # the parts never tuned on, pooled
        report("every evaluation part / all languages", unseen)
    if show_errors:
        print("\nwrong decisions (id: label -> prediction)")
        for lab, got in rows:
            if lab.split == "tuning" and lab.materiality != got.materiality:
                print(f"  [{lab.split}] {lab.id}: {lab.materiality} -> {got.materiality}")
        print("\nwrong topics (id: missed -, false +)")
        for lab, got in rows:
            want = frozenset(lab.topics)
            if lab.split == "tuning" and want != got.topics:
                missed, false = sorted(want - got.topics), sorted(got.topics - want)
                print(f"  [{lab.split}] {lab.id}: -{missed} +{false}")


if __name__ == "__main__":
    main()
