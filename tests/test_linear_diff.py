"""Issue 14, linear cost: the indexed and bounded steps of the section alignment give what the
all-pairs code gave, and a page repeating one heading thousands of times still pairs every
section with its own edited copy."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tracker.diff import align
from tracker.diff.align import _Chain
from tracker.diff.draft import Draft
from tracker.diff.moves import SPLIT_SHARE, _Owners, _pool, _share
from tracker.diff.sections import diff_documents
from tracker.models import Clause, ClauseChange, DocumentRef, PolicyDocument, Section

candidates = st.lists(st.tuples(st.integers(0, 30), st.integers(0, 30)), max_size=60)


@settings(max_examples=300, deadline=None)
@given(candidates)
def test_chain_takes_what_checking_every_pair_takes(pairs: list[tuple[int, int]]) -> None:
    chain, chosen = _Chain(), []
    taken: list[tuple[int, int]] = []
    for i, j in pairs:
        if any(o == i or n == j for o, n in taken):
            continue  # each section is used once, as in the alignment
        brute = any((o < i) != (n < j) for o, n in taken)
        assert chain.crosses(i, j) == brute
        if not brute:
            taken.append((i, j))
            chain.take(i, j)
            chosen.append((i, j))
    assert chain.olds == sorted(o for o, _ in chosen)


keys = st.sampled_from([f"clause number {k} of the policy" for k in range(8)])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(keys, max_size=5), min_size=1, max_size=8), st.lists(keys, max_size=5))
def test_owner_index_finds_the_first_draft_as_scanning_all(removed: list[list[str]], part: list[str]) -> None:
    drafts = {
        k * 3: Draft(
            "modified", None, None, k, k, [ClauseChange("removed", t, None, n, None) for n, t in enumerate(ts)]
        )
        for k, ts in enumerate(removed)
    }
    section = Section("s", "S", ("S",), 2, tuple(Clause(t) for t in part))
    scan = next((i for i, d in drafts.items() if _share(section, _pool(d.clauses, "old")) >= SPLIT_SHARE), None)
    assert _Owners(drafts, "old").first(section) == scan


def _page(n: int, edited: bool) -> PolicyDocument:
    sections = []
    for i in range(n):
        if edited and i % 50 == 25:
            continue  # removed
        text = f"We keep the records of kind {i} for as long as the account of kind {i} stays open."
        if edited and i % 50 == 0:
            text = text.replace("stays open", "stays open and one year after")
        sections.append(Section(f"details-{i}", "Details", ("Details",), 2, (Clause(text),)))
    return PolicyDocument(title="Repeated", last_updated=None, sections=tuple(sections))


def test_a_heading_repeated_thousands_of_times_pairs_each_section_with_its_own_copy(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    n = 3000
    old, new = _page(n, False), _page(n, True)
    refs = {"old_ref": DocumentRef("a"), "new_ref": DocumentRef("b")}
    every_pair = diff_documents(old, new, **refs)
    monkeypatch.setattr(align, "REPEATED_PAIR_BUDGET", 100)  # 120 x 60 sections: the bounded window
    monkeypatch.setattr(align, "REPEATED_WINDOW", 4)
    windowed = diff_documents(old, new, **refs)
    assert windowed == every_pair
    modified = [c for c in windowed.changes if c.kind == "modified"]
    removed = [c for c in windowed.changes if c.kind == "removed"]
    assert [c.old_section_id for c in modified] == [f"details-{i}" for i in range(0, n, 50)]
    assert all(c.old_section_id == c.new_section_id for c in modified)
    assert [c.old_section_id for c in removed] == [f"details-{i}" for i in range(25, n, 50)]
    assert len(windowed.changes) == len(modified) + len(removed)
