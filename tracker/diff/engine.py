"""diff-match-patch's diff and semantic cleanup of two encoded strings, in C++ where that cannot differ.

Two implementations of the same algorithm (Myers' bisection with diff-match-patch's speed-ups,
then its semantic cleanup): Google's Python one, bounded by work (``BISECT_BUDGET`` steps of its
bisection; ``_Work``), and the C++ port of it (``fast_diff_match_patch``), about 7× cheaper and
without a work bound. They give the same diff until the Python budget is reached (all 2,029
corpus redlines that stay within it are identical), so the C++ port runs only where the budget
cannot be reached:

The bisection of a pair whose indel distance is D stops at its middle snake, step ⌈D/2⌉, having
spent (⌈D/2⌉ + 1)(⌈D/2⌉ + 2) of the budget, and splits into two halves of distance ⌈D/2⌉ and
⌊D/2⌋; over the recursion that sums to about D²/2. The C++ port is used when (D + 2)² fits in
the budget (on the corpus the steps spent were at most 0.82 × (D + 2)²); rapidfuzz computes D
(bit-parallel, stopping at the limit). Past it (a rewritten clause: the one corpus redline that
reaches the budget has D = 11,653) the Python engine runs with its budget, as before.
"""

from __future__ import annotations

import math
from functools import lru_cache

import fast_diff_match_patch
from diff_match_patch import diff_match_patch
from rapidfuzz.distance import Indel

__all__ = ["BISECT_BUDGET", "semantic_diff"]

BISECT_BUDGET = 2_000_000  # steps of diff-match-patch's bisection per word diff (about 0.3-0.5 s)
# The C++ port reads its time limit only as "> 0" (that turns on the half-match speed-up, as
# Diff_Timeout = 1.0 does in the Python engine); a million seconds is never reached.
_CPP_TIME_LIMIT = 1e6
_CPP_OPS = {"=": 0, "+": 1, "-": -1}


class _Work:
    """A work budget in place of diff-match-patch's deadline, so a long diff ends at the same point
    on every run whatever the machine's load (a time limit made the longest redlines differ run to run).

    diff-match-patch tests ``time.time() > deadline`` once per step ``d`` of its bisection; that step
    walks at most ``2d + 2`` diagonals, so each test adds ``2d`` to ``spent`` and answers True (stop:
    the sub-diff becomes one deletion and one insertion, as on a timeout) once ``limit`` is spent."""

    __slots__ = ("d", "spent", "limit")

    def __init__(self, limit: int) -> None:
        self.d = 0
        self.spent = 0
        self.limit = limit

    def __lt__(self, _now: float) -> bool:  # ``time.time() > deadline`` asks ``deadline < now``
        self.d += 1
        self.spent += 2 * self.d
        return self.spent > self.limit

    def __gt__(self, _now: float) -> bool:
        return False


class _Bounded(diff_match_patch):
    """diff-match-patch with ``_Work`` as its deadline: each bisection starts its step count anew."""

    def diff_bisect(self, text1: str, text2: str, deadline: _Work) -> list[tuple[int, str]]:
        deadline.d = 0
        result: list[tuple[int, str]] = super().diff_bisect(text1, text2, deadline)
        return result


@lru_cache(maxsize=1)
def _dmp() -> diff_match_patch:
    engine = _Bounded()
    engine.Diff_Timeout = 1.0  # only read as "> 0", which turns on its half-match speed-up; the bound is _Work
    return engine


def cpp_distance_limit(budget: int) -> int:
    """The largest indel distance D with (D + 2)² ≤ ``budget``: up to it the C++ port runs."""
    return max(math.isqrt(budget) - 2, -1)


def python_diff(a: str, b: str, budget: int) -> list[tuple[int, str]]:
    """The Python engine's diff of ``a`` → ``b`` after semantic cleanup, bounded by ``budget`` steps."""
    engine = _dmp()
    diffs: list[tuple[int, str]] = engine.diff_main(a, b, False, _Work(budget))
    engine.diff_cleanupSemantic(diffs)
    return diffs


def semantic_diff(a: str, b: str) -> list[tuple[int, str]]:
    """diff-match-patch's diff of ``a`` → ``b`` after semantic cleanup, as (op, text) with op -1
    delete, 0 equal, 1 insert: what the Python engine bounded by ``BISECT_BUDGET`` gives."""
    limit = cpp_distance_limit(BISECT_BUDGET)
    if limit >= 0 and Indel.distance(a, b, score_cutoff=limit) <= limit:
        found = fast_diff_match_patch.diff(
            a, b, timelimit=_CPP_TIME_LIMIT, checklines=False, cleanup="Semantic", counts_only=False
        )
        return [(_CPP_OPS[op], text) for op, text in found]
    return python_diff(a, b, BISECT_BUDGET)
