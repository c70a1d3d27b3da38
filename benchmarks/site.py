"""Site build speed: ``build_site`` over a store of 500 snapshots across 50 policies (target < 10 s).

Run: ``.venv/bin/python benchmarks/site.py [--policies 50] [--snapshots 10] [--corpus DIR] [--keep DIR]``

The store is built first (not timed) through ``Store.save_snapshot``: policy *i* takes the real
successive versions of one policy of the shared corpus (``*/versions/*.md``, cycled over the
corpus), and where that policy has fewer versions than ``--snapshots`` each further snapshot adds
one sentence to a different paragraph, so every snapshot differs from the one before. Each
snapshot is logged with a ``new``/``changed`` check. No ``diff.json`` is stored, so the build
diffs and classifies every consecutive pair itself (the slow path; a store written by ``check``
has them already). Then it builds the same store again (not timed) with each pair's
``diff.json`` written as ``check`` writes it, its hash in the check record (the site uses a
``diff.json`` only as the chain holds it), and builds the site of that. It prints wall and CPU
time (this process and its workers) of:

1. a cold build (empty output folder) of a store with no stored diffs: every pair diffed;
2. a cold build of the same store once ``check``'s ``diff.json`` files are in it (the usual case);
3. a rebuild over the previous output (what ``serve`` does when the store changes).
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import tempfile
import time
from pathlib import Path

from corpus_path import FULL_CORPUS, require_corpus  # benchmarks/corpus_path.py (run as scripts)

from tracker.errors import ExtractionError
from tracker.extract.document import EXTRACTOR_VERSION, extract
from tracker.models import CheckRecord, FetchResult, sha256_hex
from tracker.report.compare import compare_versions
from tracker.site.build import build_site
from tracker.sources import load_snapshot
from tracker.store import Store, atomic_write

TARGET_SECONDS = 10.0


def corpus_histories(corpus: Path) -> list[list[str]]:
    """Each corpus policy's versions (Markdown, oldest first) that extract to a usable document."""
    histories = []
    for folder in sorted(p for p in corpus.iterdir() if (p / "versions").is_dir()):
        texts = [p.read_text(encoding="utf-8") for p in sorted((folder / "versions").glob("*.md"))]
        try:
            if texts and extract(texts[0].encode("utf-8"), "text/markdown").sections:
                histories.append(texts)
        except ExtractionError:
            continue
    return histories


def edited(text: str, n: int) -> str:
    """``text`` with one sentence added to its n-th paragraph (counting from the end, cycling)."""
    paragraphs = text.split("\n\n")
    candidates = [i for i, p in enumerate(paragraphs) if len(p.split()) > 12 and not p.lstrip().startswith("#")]
    index = candidates[-1 - (n % len(candidates))] if candidates else len(paragraphs) - 1
    paragraphs[index] += f" We may also share this information with advertising partner number {n}."
    return "\n\n".join(paragraphs)


def build_store(
    root: Path, histories: list[list[str]], policies: int, snapshots: int, *, with_diffs: bool = False
) -> Store:
    """The benchmark store; ``with_diffs``: each change's classified ``diff.json`` written where
    ``check`` writes it and its hash held by the check record, as ``check`` does."""
    store = Store(root)
    for i in range(policies):
        history = histories[i % len(histories)]
        pid = f"policy-{i:03d}"
        text, previous = history[0], None
        for k in range(snapshots):
            text = history[k] if k < len(history) else edited(text, k)
            at = f"2026-{1 + k % 12:02d}-{1 + k // 12:02d}T{i % 24:02d}:00:00Z"
            fetched = FetchResult(
                url=f"https://policies.example/{pid}",
                final_url=f"https://policies.example/{pid}",
                status=200,
                headers={"content-type": "text/markdown"},
                content=text.encode("utf-8"),
                content_type="text/html; charset=utf-8",
                encoding="utf-8",
                fetched_at=at,
            )
            meta = store.save_snapshot(pid, fetched, extract(text.encode("utf-8"), "text/markdown"), EXTRACTOR_VERSION)
            status = "changed" if previous else "new"
            details: dict[str, object] = {}
            if with_diffs and previous:
                old, new = load_snapshot(store, pid, previous), load_snapshot(store, pid, meta.snapshot_id)
                data = json.dumps(compare_versions(old, new).diff.to_dict())
                atomic_write(store.report_dir(pid, previous, meta.snapshot_id) / "diff.json", data)
                details["files"] = {"diff.json": sha256_hex(data)}
            store.record_check(CheckRecord(pid, at, status, meta.snapshot_id, previous, details=details))
            previous = meta.snapshot_id
    return store


def cpu_seconds() -> float:
    """CPU time used so far by this process and its finished workers."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def timed_build(label: str, store: Store, out: Path, workers: int | None) -> None:
    started, cpu = time.perf_counter(), cpu_seconds()
    stats = build_site(store, out, workers=workers)
    seconds = time.perf_counter() - started
    print(
        f"{label}: {seconds:.2f} s wall, {cpu_seconds() - cpu:.2f} s CPU for {stats.snapshots} snapshots, "
        f"{stats.changes} changes, {stats.pages} pages, {stats.files} files; "
        f"target < {TARGET_SECONDS:.0f} s: {'met' if seconds < TARGET_SECONDS else 'NOT met'}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--policies", type=int, default=50)
    parser.add_argument("--snapshots", type=int, default=10, help="snapshots per policy")
    parser.add_argument("--corpus", type=Path, default=FULL_CORPUS)
    parser.add_argument("--keep", type=Path, help="build here and keep the store and site")
    parser.add_argument("--workers", type=int, help="build_site workers (default: automatic)")
    args = parser.parse_args()
    require_corpus(args.corpus, "benchmarks/site.py")
    histories = corpus_histories(args.corpus)
    words = sum(len(t.split()) for h in histories for t in h) // max(1, sum(len(h) for h in histories))
    with tempfile.TemporaryDirectory() as tmp:
        work = args.keep or Path(tmp)
        shutil.rmtree(work / "store", ignore_errors=True)
        shutil.rmtree(work / "site", ignore_errors=True)
        started = time.perf_counter()
        store = build_store(work / "store", histories, args.policies, args.snapshots)
        print(
            f"store: {args.policies} policies x {args.snapshots} snapshots from {len(histories)} corpus "
            f"histories (~{words} words a version), built in {time.perf_counter() - started:.1f} s (not timed)"
        )
        timed_build("1. cold, no stored diffs", store, work / "site-nodiffs", args.workers)
        shutil.rmtree(work / "store-diffs", ignore_errors=True)
        store = build_store(work / "store-diffs", histories, args.policies, args.snapshots, with_diffs=True)
        print("(the same store again, with each diff.json written and chained as check does; not timed)")
        timed_build("2. cold, diffs from check", store, work / "site", args.workers)
        timed_build("3. rebuild", store, work / "site", args.workers)


if __name__ == "__main__":
    main()
