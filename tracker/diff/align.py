"""Section alignment: which old section became which new one, by content first.

Stages, each on what the previous left over, each section used once:

1. **Same heading, same text** (headings folded by ``heading_key``, text by ``cosmetic_key``):
   paired in document order, so identical repeated boxes ("GOOD TO KNOW" after every section)
   pair with their own copy, never crosswise.
2. **Same heading, text differs**: a heading found once on each side pairs outright (a
   rewritten section keeps its heading); a *repeated* heading pairs only by content: rapidfuzz
   similarity ≥ ``REPEATED_MATCH_CUTOFF``, nearest position breaking ties, best pairs first,
   never crossing another pair of the same heading (a crossing would be a bogus move).
3. **Same text, heading changed**: exact text key.
4. **Content similarity** for the rest (cutoff ``SECTION_MATCH_CUTOFF``, or a similar *unique*
   heading plus some shared content): best pairs first.
5. **Same heading, same slot**: a leftover whose neighbour (before or after) is matched to the
   neighbour of a leftover with the same heading is that section, rewritten.

Matched pairs whose relative order changed are *moves*: the longest increasing subsequence of
new positions stays put, the rest moved, so one moved section is reported once.
"""

from __future__ import annotations

import bisect
from collections import Counter, defaultdict, deque
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from tracker.diff.fuzzy import RatioChoices, TokenSetChoices, token_set
from tracker.diff.runs import longest_increasing
from tracker.diff.words import cosmetic_key, heading_key
from tracker.models import PolicyDocument, Section

SECTION_MATCH_CUTOFF = 55.0  # content similarity (0-100) for matching sections with different headings
HEADING_MATCH_CUTOFF = 60.0  # heading similarity that, with some shared content, also matches
REPEATED_MATCH_CUTOFF = 40.0  # content similarity for pairing sections under a repeated heading
REPEATED_PAIR_BUDGET = 250_000  # old x new sections under one repeated heading compared outright
REPEATED_WINDOW = 32  # past that budget, the new sections compared with each old one, on either side


@dataclass
class SectionPair:
    """An old section matched to a new one, with the similarity (0-100) it was matched by."""

    old_index: int
    new_index: int
    similarity: float
    moved: bool = False


@dataclass
class Alignment:
    """Matched pairs (in old order) and the sections left without a partner on each side."""

    pairs: list[SectionPair] = field(default_factory=list)
    unmatched_old: list[int] = field(default_factory=list)
    unmatched_new: list[int] = field(default_factory=list)


def section_key_text(section: Section) -> str:
    """A section's clauses, cosmetic-keyed and joined: equal keys = same text."""
    return " ".join([cosmetic_key(c.text) for c in section.clauses])


@dataclass
class _State:
    old: PolicyDocument
    new: PolicyDocument
    old_text: list[str]
    new_text: list[str]
    old_head: list[str]
    new_head: list[str]
    pairs: list[SectionPair] = field(default_factory=list)
    used_old: set[int] = field(default_factory=set)
    used_new: set[int] = field(default_factory=set)

    def pair(self, i: int, j: int, similarity: float) -> None:
        self.used_old.add(i)
        self.used_new.add(j)
        self.pairs.append(SectionPair(i, j, min(similarity, 100.0)))

    def free_old(self) -> list[int]:
        return [i for i in range(len(self.old.sections)) if i not in self.used_old]

    def free_new(self) -> list[int]:
        return [j for j in range(len(self.new.sections)) if j not in self.used_new]


def _pair_identical(state: _State) -> None:
    """Stage 1: same heading and same text, in document order."""
    waiting: dict[tuple[str, str], deque[int]] = defaultdict(deque)
    for j in state.free_new():
        waiting[(state.new_head[j], state.new_text[j])].append(j)
    for i in state.free_old():
        queue = waiting.get((state.old_head[i], state.old_text[i]))
        if queue:
            state.pair(i, queue.popleft(), 100.0)


class _Chain:
    """Pairs taken under one repeated heading, kept in old order; since none crosses another,
    their new positions increase too, so whether a new pair would cross one is decided by its
    two neighbours (a bisection) rather than by every pair taken so far."""

    def __init__(self) -> None:
        self.olds: list[int] = []
        self.news: list[int] = []

    def crosses(self, i: int, j: int) -> bool:
        at = bisect.bisect_left(self.olds, i)
        return (at > 0 and self.news[at - 1] > j) or (at < len(self.olds) and self.news[at] < j)

    def take(self, i: int, j: int) -> None:
        at = bisect.bisect_left(self.olds, i)
        self.olds.insert(at, i)
        self.news.insert(at, j)


def _nearby(olds: list[int], news: list[int], size_old: int, size_new: int) -> list[tuple[int, list[int]]]:
    """Each old section of a repeated heading with the new ones it may pair with: all of them,
    unless the group is large (over ``REPEATED_PAIR_BUDGET`` comparisons), then the
    ``REPEATED_WINDOW`` nearest by relative position on either side, so a page repeating one
    heading thousands of times costs its length, not its square."""
    if len(olds) * len(news) <= REPEATED_PAIR_BUDGET:
        return [(i, news) for i in olds]
    places = [j / size_new for j in news]
    nearby = []
    for i in olds:
        at = bisect.bisect_left(places, i / size_old)
        nearby.append((i, news[max(0, at - REPEATED_WINDOW) : at + REPEATED_WINDOW]))
    return nearby


def _pair_same_heading(state: _State) -> None:
    """Stage 2: same heading, different text; repeated headings pair only by content."""
    old_by: dict[str, list[int]] = defaultdict(list)
    new_by: dict[str, list[int]] = defaultdict(list)
    for i in state.free_old():
        old_by[state.old_head[i]].append(i)
    for j in state.free_new():
        new_by[state.new_head[j]].append(j)
    old_count, new_count = Counter(state.old_head), Counter(state.new_head)
    size_old, size_new = max(len(state.old.sections), 1), max(len(state.new.sections), 1)
    for head, olds in old_by.items():
        news = new_by.get(head, [])
        if not news:
            continue
        if old_count[head] == 1 and new_count[head] == 1:
            state.pair(olds[0], news[0], 100.0)
            continue
        scored: list[tuple[float, int, int]] = []
        for i, candidates in _nearby(olds, news, size_old, size_new):
            for j in candidates:
                content = float(fuzz.ratio(state.old_text[i], state.new_text[j]))
                if content >= REPEATED_MATCH_CUTOFF:
                    distance = abs(i / size_old - j / size_new)
                    scored.append((content - 10.0 * distance, i, j))
        scored.sort(key=lambda s: (-s[0], s[1], s[2]))
        taken = _Chain()
        for score, i, j in scored:
            if i in state.used_old or j in state.used_new or taken.crosses(i, j):
                continue
            taken.take(i, j)
            state.pair(i, j, score)


def _pair_same_text(state: _State) -> None:
    """Stage 3: heading changed, text did not."""
    waiting: dict[str, deque[int]] = defaultdict(deque)
    for j in state.free_new():
        waiting[state.new_text[j]].append(j)
    for i in state.free_old():
        queue = waiting.get(state.old_text[i])
        if queue and state.old.sections[i].clauses:
            state.pair(i, queue.popleft(), 100.0)


def _content_matches(
    text: str, by_ratio: RatioChoices, by_words: TokenSetChoices, cutoff: float
) -> list[tuple[str, float, int]]:
    """The 8 texts most similar to ``text`` from ``cutoff`` up (token sets for texts of 4,000+ characters)."""
    if len(text) < 4000:
        return by_ratio.extract(text, cutoff, 8)
    return by_words.extract(text, cutoff, 8)


def _search_floor(text: str, head: str, unique_heads: list[str | None], by_words: TokenSetChoices) -> float | None:
    """How far down stage 4 must search for ``text`` (heading ``head``, not repeated): None when no
    unique heading is at least HEADING_MATCH_CUTOFF similar (then only SECTION_MATCH_CUTOFF counts);
    otherwise the lowest content score from 30 up of a section with such a heading (None stands for
    a repeated one in ``unique_heads``), or SECTION_MATCH_CUTOFF when none reaches 30.

    Of the 8 best candidates from 30 up, one under SECTION_MATCH_CUTOFF counts only through such a
    heading, so the 8 best from this floor up, filtered the same way, are the same records: what
    scores under the floor and is above it in the 8 from 30 is under SECTION_MATCH_CUTOFF with no
    similar heading, and is dropped either way."""
    similar = process.extract(
        head, unique_heads, scorer=fuzz.token_set_ratio, score_cutoff=HEADING_MATCH_CUTOFF, limit=None
    )
    if not similar:
        return None
    if len(text) < 4000:  # scored as _content_matches scores
        scores = [fuzz.ratio(text, by_words.choices[k], score_cutoff=30) for _, _, k in similar]
    else:
        words = token_set(text)
        scores = [by_words.score(words, k, 30) for _, _, k in similar]
    floor = min([SECTION_MATCH_CUTOFF, *(s for s in scores if s >= 30)])
    # rapidfuzz may leave out a choice scoring exactly its cut-off (rounding): search a little lower;
    # what that adds scores under SECTION_MATCH_CUTOFF and has no similar heading
    return floor if floor == SECTION_MATCH_CUTOFF else max(30.0, floor - 1e-3)


def _score_leftovers(state: _State) -> list[tuple[float, int, int]]:
    """Stage 4 candidates: content similarity, or a similar unique heading with some content."""
    new_keys = state.free_new()
    new_texts = [state.new_text[j] for j in new_keys]
    by_ratio, by_words = RatioChoices(new_texts), TokenSetChoices(new_texts)  # section texts: cosmetic keys
    repeated = {h for h, n in (Counter(state.old_head) + Counter(state.new_head)).items() if n > 2}
    unique_new = [state.new_head[j] if state.new_head[j] not in repeated else None for j in new_keys]
    scored: list[tuple[float, int, int]] = []
    for i in state.free_old():
        text, head_old = state.old_text[i], state.old_head[i]
        if not text:  # a heading with no text of its own: only a similar empty heading matches
            for j in new_keys:
                head = float(fuzz.token_set_ratio(head_old, state.new_head[j]))
                if not state.new.sections[j].clauses and head >= 80:
                    scored.append((head, i, j))
            continue
        floor = _search_floor(text, head_old, unique_new, by_words) if head_old not in repeated else None
        found = _content_matches(text, by_ratio, by_words, SECTION_MATCH_CUTOFF if floor is None else floor)
        for _, content, k in found:
            j = new_keys[k]
            head = float(fuzz.token_set_ratio(head_old, state.new_head[j]))
            unique_heading = head_old not in repeated and state.new_head[j] not in repeated
            if content >= SECTION_MATCH_CUTOFF or (unique_heading and head >= HEADING_MATCH_CUTOFF):
                scored.append((content + 0.1 * head, i, j))
    scored.sort(reverse=True)
    return scored


def _pair_same_slot(state: _State) -> None:
    """Stage 5: a leftover section and a leftover one with the same heading in the same slot (the
    section before, or after, each is a matched pair): the same section, rewritten."""
    while True:
        by_old = {p.old_index: p.new_index for p in state.pairs}
        found = False
        for i in state.free_old():
            for j in (by_old.get(i - 1, -2) + 1, by_old.get(i + 1, 0) - 1):
                free = 0 <= j < len(state.new.sections) and j not in state.used_new and i not in state.used_old
                if free and state.old_head[i] == state.new_head[j]:
                    state.pair(i, j, float(fuzz.ratio(state.old_text[i], state.new_text[j])))
                    found = True
        if not found:
            return


def align_sections(old: PolicyDocument, new: PolicyDocument) -> Alignment:
    """Pair the sections of two versions (stages in the module docstring) and mark the moves."""
    state = _State(
        old,
        new,
        [section_key_text(s) for s in old.sections],
        [section_key_text(s) for s in new.sections],
        [heading_key(s.heading) for s in old.sections],
        [heading_key(s.heading) for s in new.sections],
    )
    _pair_identical(state)
    _pair_same_heading(state)
    _pair_same_text(state)
    for score, i, j in _score_leftovers(state):
        if i not in state.used_old and j not in state.used_new:
            state.pair(i, j, score)
    _pair_same_slot(state)
    pairs = sorted(state.pairs, key=lambda p: p.old_index)
    mark_moves(pairs)
    return Alignment(pairs=pairs, unmatched_old=state.free_old(), unmatched_new=state.free_new())


def mark_moves(pairs: list[SectionPair]) -> None:
    """Mark pairs outside the longest increasing subsequence of new positions as moved."""
    keep = longest_increasing([p.new_index for p in pairs])
    for index, pair in enumerate(pairs):
        pair.moved = index not in keep
