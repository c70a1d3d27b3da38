"""Over-fitting check of the clause rules on the TUNING part only: per family and per rule.

Run: ``.venv/bin/python benchmarks/classify_clauses.py --cv`` (or this file directly).

The rules are hand-written, not fitted, so "leave one family out" asks of each rule: on how
many document families does it change a decision, and are those changes right? For every
editorial and material rule of ``tracker.classify.judge`` the tuning part is scored once with
that rule switched off (the benchmark swaps it out of the judge's rule tuples; the shipped code
is not changed). Printed per rule: the items whose materiality decision changes, split into
fixed-by-the-rule (right with it, wrong without) and broken-by-it, and the families these are
in. A rule that fixes items of one family only, and nothing on any other (held-out) family, is
a candidate for removal: it may have been written for that family's wording.

Also printed: the figures per family (strict P/R, editorial recall, topic P/R) and, for each
family, the figures of the tuning part without it — a family far above the rest is where
rules were fitted; and the same rule ablation on the own passages of
``tests/test_classify_edit_kinds.py`` (one per edit kind of issue 17 and language, written for
the tests). Evaluation items are never loaded here.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.classify_clauses import Prediction, fmt, predict  # noqa: E402
from tests.clause_labels import CLAUSE_LABELS, ClauseLabel, load_clause_labels  # noqa: E402
from tracker.classify import judge  # noqa: E402

RULE_TUPLES = ("_EDITORIAL_RULES", "_CLAUSE_RULES")
# Rules the judge calls by name rather than from a tuple: the name and a stand-in that never fires.
NAMED_RULES: dict[str, Callable[..., object]] = {
    "pointer_reason": lambda *args: None,
    "minor_rewording_reason": lambda *args: None,
    "removed_promise_reasons": lambda *args: [],
    "every_edit_editorial": lambda *args: None,
    "rejoined_line_reason": lambda *args: None,
    "self_name_reason": lambda *args: None,
    "list_member_reasons": lambda *args: [],
    "period_reasons": lambda *args: [],
}
Rows = list[tuple[ClauseLabel, Prediction]]


@contextmanager
def without_rule(tuple_name: str, rule: Callable[..., object]) -> Iterator[None]:
    """Switch one rule of the judge off for the duration of the block."""
    saved = getattr(judge, tuple_name)
    setattr(judge, tuple_name, tuple(r for r in saved if r is not rule))
    try:
        yield
    finally:
        setattr(judge, tuple_name, saved)


@contextmanager
def without_named(name: str) -> Iterator[None]:
    """Replace a rule the judge calls by name with one that never fires, for the block."""
    saved = getattr(judge, name)
    setattr(judge, name, NAMED_RULES[name])
    try:
        yield
    finally:
        setattr(judge, name, saved)


def _switches() -> Iterator[tuple[str, Callable[[], object]]]:
    for tuple_name in RULE_TUPLES:
        for rule in getattr(judge, tuple_name):
            yield rule.__name__, lambda t=tuple_name, r=rule: without_rule(t, r)
    for name in NAMED_RULES:
        yield name, lambda n=name: without_named(n)


def figures(rows: Rows) -> str:
    """Strict material P/R, editorial recall and micro topic P/R of ``rows``, on one line."""
    tp = sum(1 for lab, got in rows if lab.materiality == got.materiality == "material")
    fp = sum(1 for lab, got in rows if got.materiality == "material" != lab.materiality)
    fn = sum(1 for lab, got in rows if lab.materiality == "material" != got.materiality)
    eds = [got.materiality in ("editorial", "none") for lab, got in rows if lab.materiality == "editorial"]
    t_tp = sum(len(frozenset(lab.topics) & got.topics) for lab, got in rows)
    t_fp = sum(len(got.topics - frozenset(lab.topics)) for lab, got in rows)
    t_fn = sum(len(frozenset(lab.topics) - got.topics) for lab, got in rows)
    return (
        f"P/R {fmt(tp, tp + fp)}/{fmt(tp, tp + fn)}  ed {fmt(sum(eds), len(eds))}  "
        f"topics {fmt(t_tp, t_tp + t_fp)}/{fmt(t_tp, t_tp + t_fn)}"
    )


def per_family(rows: Rows) -> None:
    """Figures of each family, and of the tuning part with that family left out."""
    families = sorted({lab.family for lab, _ in rows})
    print(f"\n=== per family (tuning part, {len(rows)} items, {len(families)} families)")
    for family in families:
        inside = [row for row in rows if row[0].family == family]
        rest = [row for row in rows if row[0].family != family]
        print(f"  {family:<28} n={len(inside):<3} {figures(inside)}   | without it: {figures(rest)}")


def ablation(labels: list[ClauseLabel], base: Rows) -> None:
    """For each rule: the decisions it fixes and breaks, by family."""
    print("\n=== rules switched off one at a time (tuning part)")
    for name, switch in _switches():
        with switch():  # type: ignore[attr-defined]
            rows = [(label, predict(label)) for label in labels]
        fixed: dict[str, int] = defaultdict(int)
        broken: dict[str, int] = defaultdict(int)
        for (lab, was), (_, now) in zip(base, rows, strict=True):
            if was.materiality == now.materiality:
                continue
            if was.materiality == lab.materiality:
                fixed[lab.family] += 1
            elif now.materiality == lab.materiality:
                broken[lab.family] += 1
        verdict = "ONE FAMILY ONLY" if len(fixed) == 1 and not broken else ""
        print(
            f"  {name:<34} fixes {sum(fixed.values()):>2} in {len(fixed)} families, "
            f"breaks {sum(broken.values()):>2}  {verdict}\n"
            f"    without it: {figures(rows)}\n"
            f"    fixes: {dict(fixed)}  breaks: {dict(broken)}"
        )


def own_passages() -> list[ClauseLabel]:
    """The own passages of ``tests/test_classify_edit_kinds.py`` (written for the edit kinds of
    issue 17, never from the labelled set) as one more held-out family, ``own:h17d-passages``."""
    from tests.test_classify_edit_kinds import PASSAGES

    return [
        ClauseLabel(
            id=f"{lang}-h17d-passage-{n}", lang=lang, document="own:h17d-passages", family="own:h17d-passages",
            heading=heading, old=old, new=new, materiality=want, topics=(), why=kind,
            kind="added" if not old else "removed" if not new else "modified", split="tuning",
        )
        for n, (kind, lang, want, heading, old, new) in enumerate(PASSAGES)
    ]  # fmt: skip


def run(path: Path = CLAUSE_LABELS) -> None:
    """Print the per-family figures and the rule ablation of the tuning part of ``path``, then the
    ablation on the own passages of the tests (a family no rule was tuned on before it was written)."""
    labels = [label for label in load_clause_labels(path) if label.split == "tuning"]
    base = [(label, predict(label)) for label in labels]
    print(f"tuning part: {len(labels)} items; all rules on: {figures(base)}")
    per_family(base)
    ablation(labels, base)
    passages = own_passages()
    print(f"\n=== own passages of tests/test_classify_edit_kinds.py: {len(passages)} (topics not labelled)")
    ablation(passages, [(label, predict(label)) for label in passages])


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("labels", nargs="?", type=Path, default=CLAUSE_LABELS, help="clause labels TOML")
    run(parser.parse_args().labels)
