"""Diff speed: policy-tracker's diff (and diff + HTML render) against git and difflib.

Run: ``.venv/bin/python benchmarks/diff.py [--reps N] [--corpus DIR] [--skip-difflib-1mb] [--quality]
[--large-only] [--large-kb KB] [--scaling-only]``

``--quality`` measures what the records say instead of how fast they come (see
``benchmarks/diff_quality.py``): records per real change, records that hold no changed
sentence, moved+edited clauses shown with their edits, and reference-sentence coverage.

1. Every consecutive pair of real versions in the shared corpus (``*/versions/*.md``), parsed
   with ``tracker.extract.document.extract(bytes, "text/markdown")`` (parsing is not timed).
2. The ~630 KB pair (issue 20): no single real version is that long (the longest is 125 KB), so
   it is built from real ones: for every document of the corpus its longest consecutive pair of
   versions whose texts differ, the longest of those first, joined (old versions one after the
   other, new ones likewise, a blank line between) until the old side holds ``--large-kb`` KB of
   Markdown. Both sides are parsed and diffed; git compares the normalised texts
   (``PolicyDocument.to_markdown``). Runs are interleaved (ours, git, ours, git ...); the table
   gives min and median wall time and the CPU time of each side (git's from the children's
   rusage), and git's time less its start-up (``git diff`` of two one-line files), which is what
   the issue's "≤ 10× git's word diff (beyond CLI start-up)" compares with.
3. Synthetic policies of ~100 KB and ~1 MB with 1% and 10% of clauses edited, and with a fixed
   number (10) of edits, to show how cost grows with size when the edits stay the same.
   ``--scaling-only`` times just the fixed-10-edits pairs, CPU (min of ``--reps``), and their ratio.

For each, it prints the median time of ``diff_documents`` and of diff + ``render_report_html``,
and, on the same pair of Markdown files, ``git diff --no-index --word-diff`` (a process per run)
and Python's ``difflib.HtmlDiff().make_file`` over lines, with the ratios to our diff.
"""

from __future__ import annotations

import argparse
import difflib
import os
import random
import resource
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from corpus_path import FULL_CORPUS, require_corpus  # benchmarks/corpus_path.py (run as scripts)
from diff_quality import Quality, measure

from tracker.diff import diff_documents
from tracker.errors import ExtractionError
from tracker.extract.document import extract
from tracker.models import Clause, DocumentRef, PolicyDocument, Section
from tracker.report.render import render_report_html

REFS = {"old_ref": DocumentRef("old"), "new_ref": DocumentRef("new")}
WORDS = [
    "we",
    "collect",
    "use",
    "share",
    "personal",
    "data",
    "information",
    "service",
    "providers",
    "partners",
    "cookies",
    "account",
    "email",
    "address",
    "device",
    "identifiers",
    "location",
    "retain",
    "delete",
    "request",
    "access",
    "rights",
    "law",
    "process",
    "purposes",
    "consent",
    "legitimate",
    "interests",
    "security",
    "transfer",
    "third",
    "parties",
    "advertising",
    "analytics",
    "the",
    "of",
    "and",
    "to",
    "with",
    "for",
    "in",
    "on",
    "by",
    "our",
    "your",
    "may",
    "when",
    "if",
    "or",
    "not",
    "any",
    "such",
    "as",
    "from",
    "this",
]


def median_ms(fn: Callable[[], object], reps: int) -> float:
    """Median wall time of ``fn`` in milliseconds over ``reps`` runs (after one warm-up)."""
    fn()
    times = []
    for _ in range(reps):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def git_word_diff_ms(a: Path, b: Path, reps: int) -> float:
    """Median time of ``git diff --no-index --word-diff`` between two files."""
    cmd = ["git", "diff", "--no-index", "--word-diff", "--no-color", str(a), str(b)]
    return median_ms(lambda: subprocess.run(cmd, capture_output=True, check=False), reps)


def htmldiff_ms(a: str, b: str, reps: int) -> float:
    """Median time of ``difflib.HtmlDiff().make_file`` over the lines of two texts."""
    la, lb = a.splitlines(), b.splitlines()
    return median_ms(lambda: difflib.HtmlDiff().make_file(la, lb), reps)


def synthetic(target_bytes: int, seed: int = 7) -> PolicyDocument:
    """A policy of about ``target_bytes`` of Markdown: sections of 4-12 clauses of 12-40 words."""
    rng = random.Random(seed)
    sections: list[Section] = []
    size = 0
    while size < target_bytes:
        n = len(sections) + 1
        heading = f"{n}. " + " ".join(rng.choice(WORDS) for _ in range(rng.randint(2, 5))).capitalize()
        clauses = tuple(
            Clause(" ".join(rng.choice(WORDS) for _ in range(rng.randint(12, 40))).capitalize() + f" ({n}.{k}).")
            for k in range(rng.randint(4, 12))
        )
        sections.append(Section(f"s{n}", heading, (heading,), 2, clauses))
        size += len(heading) + 4 + sum(len(c.text) + 2 for c in clauses)
    return PolicyDocument("Synthetic policy", "2026-01-01", tuple(sections))


def edited(
    doc: PolicyDocument, *, share: float | None = None, count: int | None = None, seed: int = 11
) -> PolicyDocument:
    """``doc`` with a share of its clauses (or ``count`` clauses) edited: a few words replaced/inserted."""
    rng = random.Random(seed)
    slots = [(i, k) for i, s in enumerate(doc.sections) for k in range(len(s.clauses))]
    n = count if count is not None else max(1, round(len(slots) * (share or 0.0)))
    chosen = set(rng.sample(slots, n))
    sections = []
    for i, section in enumerate(doc.sections):
        clauses = list(section.clauses)
        for k, clause in enumerate(clauses):
            if (i, k) in chosen:
                words = clause.text.split()
                at = rng.randrange(len(words))
                words[at : at + 2] = ["including", "precise", "location", "and"]
                clauses[k] = Clause(" ".join(words))
        sections.append(Section(section.id, section.heading, section.path, section.level, tuple(clauses)))
    return PolicyDocument(doc.title, doc.last_updated, tuple(sections))


def compare(label: str, old: PolicyDocument, new: PolicyDocument, reps: int, *, difflib_too: bool = True) -> float:
    """Time one pair every way and print a row; returns our diff's median ms."""
    ta, tb = old.to_markdown(), new.to_markdown()
    ours = median_ms(lambda: diff_documents(old, new, **REFS), reps)
    result = diff_documents(old, new, **REFS)
    with_render = median_ms(lambda: render_report_html(diff_documents(old, new, **REFS)), reps)
    with tempfile.TemporaryDirectory() as tmp:
        a, b = Path(tmp, "a.md"), Path(tmp, "b.md")
        a.write_text(ta)
        b.write_text(tb)
        git = git_word_diff_ms(a, b, reps)
    html = htmldiff_ms(ta, tb, max(1, reps // 3)) if difflib_too else float("nan")
    print(
        f"{label:<44} {len(ta) / 1024:>7.0f} KB {len(result.changes):>5} chg"
        f" {ours:>9.1f} {with_render:>9.1f} {git:>9.1f} {html:>10.1f}"
        f" {git / ours:>7.2f} {html / ours:>8.2f}"
    )
    return ours


def header(title: str) -> None:
    """Print a table header."""
    print(f"\n{title}")
    print(
        f"{'pair':<44} {'size':>10} {'changes':>9} {'diff ms':>9} {'+render':>9} {'git ms':>9}"
        f" {'HtmlDiff ms':>10} {'git/ours':>7} {'Html/ours':>8}"
    )


def corpus_pairs(corpus: Path) -> list[tuple[Path, Path]]:
    """Consecutive version pairs of every policy in the corpus."""
    pairs = []
    for folder in sorted(p for p in corpus.glob("*/versions") if p.is_dir()):
        versions = sorted(folder.glob("*.md"))
        pairs.extend(zip(versions, versions[1:], strict=False))
    return pairs


def large_pair(corpus: Path, target_kb: int) -> tuple[list[tuple[Path, Path]], str, str]:
    """The pairs the ~``target_kb`` KB pair is joined from, and its old and new Markdown (module docstring)."""
    longest: list[tuple[int, Path, Path]] = []
    for a, b in corpus_pairs(corpus):
        ta, tb = a.read_text(), b.read_text()
        if ta != tb:
            longest.append((max(len(ta.encode()), len(tb.encode())), a, b))
    best: dict[Path, tuple[int, Path, Path]] = {}
    for size, a, b in longest:  # one pair per document: its longest
        if a.parent not in best or size > best[a.parent][0]:
            best[a.parent] = (size, a, b)
    chosen: list[tuple[Path, Path]] = []
    old: list[str] = []
    new: list[str] = []
    for _, a, b in sorted(best.values(), key=lambda t: (-t[0], str(t[1]))):
        if sum(len(t.encode()) for t in old) >= target_kb * 1024:
            break
        chosen.append((a, b))
        old.append(a.read_text())
        new.append(b.read_text())
    return chosen, "\n\n".join(old), "\n\n".join(new)


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def large(corpus: Path, target_kb: int, reps: int) -> None:
    """Time the ~630 KB pair against git, interleaved, and print wall and CPU figures and the ratios."""
    chosen, old_md, new_md = large_pair(corpus, target_kb)
    old, new = extract(old_md.encode(), "text/markdown"), extract(new_md.encode(), "text/markdown")
    print(
        f"\nThe ~{target_kb} KB pair, joined from {len(chosen)} real consecutive pairs (load {os.getloadavg()[0]:.1f}):"
    )
    for a, b in chosen:
        print(f"  {a.parent.parent.name}: {a.name} → {b.name}")
    result = diff_documents(old, new, **REFS)
    with tempfile.TemporaryDirectory() as tmp:
        fa, fb, ea, eb = (Path(tmp, n) for n in ("a.md", "b.md", "e1.md", "e2.md"))
        fa.write_text(old.to_markdown())
        fb.write_text(new.to_markdown())
        ea.write_text("a\n")
        eb.write_text("b\n")
        cmd = ["git", "diff", "--no-index", "--word-diff", "--no-color"]
        ours_wall, ours_cpu, git_wall, git_cpu, start_wall, start_cpu = [], [], [], [], [], []
        diff_documents(old, new, **REFS)  # warm-up
        for _ in range(reps):
            wall, cpu = time.perf_counter(), time.process_time()
            diff_documents(old, new, **REFS)
            ours_wall.append((time.perf_counter() - wall) * 1000)
            ours_cpu.append((time.process_time() - cpu) * 1000)
            for files, walls, cpus in (((fa, fb), git_wall, git_cpu), ((ea, eb), start_wall, start_cpu)):
                wall, cpu = time.perf_counter(), _children_cpu()
                subprocess.run([*cmd, *map(str, files)], capture_output=True, check=False)
                walls.append((time.perf_counter() - wall) * 1000)
                cpus.append((_children_cpu() - cpu) * 1000)
    sizes = f"{len(old.to_markdown().encode()) / 1024:.0f} KB → {len(new.to_markdown().encode()) / 1024:.0f} KB"
    print(f"  normalised texts {sizes}, {len(result.changes)} section records; {reps} interleaved runs each")
    print(f"  {'':<28} {'min ms':>9} {'median ms':>10} {'CPU min ms':>11}")
    rows = (("policy-tracker diff", ours_wall, ours_cpu), ("git diff --word-diff", git_wall, git_cpu),
            ("git start-up (1-line files)", start_wall, start_cpu))  # fmt: skip
    for label, walls, cpus in rows:
        print(f"  {label:<28} {min(walls):>9.1f} {statistics.median(walls):>10.1f} {min(cpus):>11.1f}")
    beyond = min(git_wall) - min(start_wall)
    beyond_cpu = min(git_cpu) - min(start_cpu)
    cpu_ratio = min(ours_cpu) / max(min(git_cpu), 1e-9)
    print(
        f"  ours / git: {min(ours_wall) / min(git_wall):.1f}x wall (min), {cpu_ratio:.1f}x CPU;"
        f" ours / (git beyond start-up): {min(ours_wall) / max(beyond, 1e-9):.1f}x wall,"
        f" {min(ours_cpu) / max(beyond_cpu, 1e-9):.1f}x CPU (target ≤ 10x)",
        flush=True,
    )


def cpu_min_ms(fn: Callable[[], object], reps: int) -> float:
    """Least CPU time of ``fn`` in milliseconds over ``reps`` runs (after one warm-up)."""
    fn()
    times = []
    for _ in range(reps):
        start = time.process_time()
        fn()
        times.append((time.process_time() - start) * 1000)
    return min(times)


def scaling(reps: int) -> None:
    """The 1 MB / 100 KB cost ratio for a fixed 10 edited clauses (issue 20: ≤ 10×), CPU min of ``reps``."""
    cost = {}
    for name, size in (("100 KB", 100 * 1024), ("1 MB", 1024 * 1024)):
        base = synthetic(size)
        changed = edited(base, count=10)
        cost[name] = cpu_min_ms(lambda base=base, changed=changed: diff_documents(base, changed, **REFS), reps)
        print(f"{name}, 10 clauses edited: diff {cost[name]:.1f} ms CPU (min of {reps})", flush=True)
    print(f"1 MB / 100 KB CPU ratio for a fixed 10 edits: {cost['1 MB'] / cost['100 KB']:.1f}x"
          f" (load {os.getloadavg()[0]:.1f})")  # fmt: skip


def quality(corpus: Path, show_empty: bool) -> None:
    """Print the quality figures over every consecutive pair of the corpus."""
    total = Quality()
    for a, b in corpus_pairs(corpus):
        try:
            old = extract(a.read_bytes(), "text/markdown")
            new = extract(b.read_bytes(), "text/markdown")
        except ExtractionError:
            continue
        label = f"{a.parent.parent.name}/{a.name}→{b.name}"
        total.add(measure(old, new, diff_documents(old, new, **REFS), label))
    print("Diff quality on real consecutive versions (shared corpus)")
    for line in total.lines():
        print(line)
    if show_empty:
        for example in total.empty_examples:
            print("  empty:", example)


def main() -> None:
    """Run the benchmark and print the tables."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--reps", type=int, default=9)
    parser.add_argument("--corpus", type=Path, default=FULL_CORPUS)
    parser.add_argument("--skip-difflib-1mb", action="store_true", help="HtmlDiff on 1 MB takes minutes")
    parser.add_argument("--htmldiff-max-kb", type=int, default=64, help="run HtmlDiff on corpus pairs up to this size")
    parser.add_argument("--quality", action="store_true", help="measure the records, not the speed")
    parser.add_argument("--show-empty", action="store_true", help="with --quality, list the empty records")
    parser.add_argument("--large-kb", type=int, default=630, help="size of the old side of the large pair")
    parser.add_argument("--large-only", action="store_true", help="time only the large pair against git")
    parser.add_argument("--scaling-only", action="store_true", help="time only the 1 MB / 100 KB ratio (CPU)")
    args = parser.parse_args()
    if args.scaling_only:
        scaling(max(3, args.reps))
        return
    require_corpus(args.corpus, "benchmarks/diff.py")
    if args.quality:
        quality(args.corpus, args.show_empty)
        return
    if args.large_only:
        large(args.corpus, args.large_kb, max(3, args.reps))
        return

    print("Real consecutive versions (shared corpus): sums of per-pair medians", flush=True)
    totals = {"ours": 0.0, "render": 0.0, "git": 0.0}
    small = {"ours": 0.0, "html": 0.0, "n": 0.0}
    pairs = corpus_pairs(args.corpus)
    worst = (0.0, "")
    skipped: list[str] = []
    per_kb: list[float] = []
    reps = max(3, args.reps // 3)
    for a, b in pairs:
        try:
            old = extract(a.read_bytes(), "text/markdown")
            new = extract(b.read_bytes(), "text/markdown")
        except ExtractionError as exc:  # an empty capture in the corpus: nothing to diff
            skipped.append(f"{a.parent.parent.name}/{a.name}→{b.name}: {exc}")
            continue
        ours = median_ms(lambda old=old, new=new: diff_documents(old, new, **REFS), reps)
        render = median_ms(lambda old=old, new=new: render_report_html(diff_documents(old, new, **REFS)), 1)
        git = git_word_diff_ms(a, b, reps)
        for key, value in (("ours", ours), ("render", render), ("git", git)):
            totals[key] += value
        size_kb = max(a.stat().st_size, b.stat().st_size) / 1024
        per_kb.append(ours / max(size_kb, 1.0))
        if size_kb <= args.htmldiff_max_kb:  # HtmlDiff takes seconds to minutes on big pairs
            small["ours"] += ours
            small["html"] += htmldiff_ms(a.read_text(), b.read_text(), 1)
            small["n"] += 1
        worst = max(worst, (ours, f"{a.parent.parent.name}/{a.name}→{b.name} ({size_kb:.0f} KB)"))
    done = len(pairs) - len(skipped)
    print(
        f"{done} pairs: diff {totals['ours']:.0f} ms, diff+render {totals['render']:.0f} ms,"
        f" git --word-diff {totals['git']:.0f} ms; git/ours {totals['git'] / totals['ours']:.2f}"
    )
    print(
        f"{small['n']:.0f} pairs ≤ {args.htmldiff_max_kb} KB: diff {small['ours']:.0f} ms,"
        f" difflib.HtmlDiff {small['html']:.0f} ms; HtmlDiff/ours {small['html'] / max(small['ours'], 1e-9):.1f}"
    )
    print(f"median diff cost per KB of policy: {statistics.median(per_kb):.3f} ms/KB")
    print(f"skipped {len(skipped)} pairs that do not extract: " + "; ".join(skipped))
    print(f"slowest pair for our diff: {worst[1]} {worst[0]:.1f} ms", flush=True)
    large(args.corpus, args.large_kb, max(3, args.reps))

    header("Synthetic policies")
    fixed: dict[str, float] = {}
    for name, size in (("100 KB", 100 * 1024), ("1 MB", 1024 * 1024)):
        base = synthetic(size)
        big = size > 200 * 1024
        reps = max(3, args.reps // 3) if big else args.reps
        for share in (0.01, 0.10):
            compare(f"{name}, {share:.0%} of clauses edited", base, edited(base, share=share), reps,
                    difflib_too=not (big and args.skip_difflib_1mb))  # fmt: skip
        fixed[name] = compare(f"{name}, 10 clauses edited", base, edited(base, count=10), reps,
                              difflib_too=not (big and args.skip_difflib_1mb))  # fmt: skip
    print(f"\n1 MB / 100 KB time ratio for a fixed 10 edits (10x the text): {fixed['1 MB'] / fixed['100 KB']:.1f}x")


if __name__ == "__main__":
    main()
