"""How long ``verify`` takes to re-hash a store, and how much memory it needs.

Usage::

    .venv/bin/python benchmarks/verify.py                 # 10 policies x 100 and x 300 snapshots
    .venv/bin/python benchmarks/verify.py --snapshots 100 --policies 5

Builds a store of P policies, each with S snapshots of a realistic page (about 90 KB of HTML, the
seed policy as normalised text) and a check record after each, then times ``verify`` over the
whole store (every log line re-hashed and linked, every file re-read and re-hashed) in a fresh
child process so peak RSS is per size. Prints records, files, MB hashed, seconds, MB/s and peak
RSS.
"""

from __future__ import annotations

import argparse
import multiprocessing
import resource
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def build(root: Path, policies: int, snapshots: int) -> None:
    from tests.checks_helpers import SECTIONS, policy_page
    from tracker.extract.document import extract
    from tracker.models import CheckRecord, FetchResult
    from tracker.store import Store

    store = Store(root)
    for p in range(policies):
        for s in range(snapshots):
            sections = [(h, f"{t} Revision {s}. " * 20) for h, t in SECTIONS]
            body = policy_page(sections).encode()
            at = f"20{10 + s // 365:02d}-01-01T00:00:00Z".replace("-01-01", f"-{1 + s % 12:02d}-{1 + s % 28:02d}")
            at = at[:11] + f"{s % 24:02d}:{s % 60:02d}:00Z"
            fetched = FetchResult(
                url="https://example.com/p", final_url="https://example.com/p", status=200, headers={},
                content=body, content_type="text/html", encoding="utf-8", fetched_at=at,
            )  # fmt: skip
            doc = extract(body, "text/html")
            meta = store.save_snapshot(f"policy-{p}", fetched, doc, "bench")
            store.record_check(CheckRecord(policy_id=f"policy-{p}", checked_at=at, status="changed",
                                           snapshot_id=meta.snapshot_id))  # fmt: skip


def measure(root: str, out: multiprocessing.Queue) -> None:  # type: ignore[type-arg]
    from tracker.evidence.verify import verify
    from tracker.store import Store

    size = sum(p.stat().st_size for p in Path(root).rglob("*") if p.is_file())
    start = time.perf_counter()
    report = verify(Store(root))
    elapsed = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    out.put((report.ok, report.records, report.files, size / 1e6, elapsed, peak_mb))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--policies", type=int, default=10)
    parser.add_argument("--snapshots", type=int, action="append", help="snapshots per policy (repeatable)")
    args = parser.parse_args()
    print(
        f"{'policies':>8} {'snaps':>6} {'records':>8} {'files':>6} {'MB':>7} {'seconds':>8} {'MB/s':>7} {'RSS MB':>7}"
    )
    for snapshots in args.snapshots or [100, 300]:
        with tempfile.TemporaryDirectory() as tmp:
            build(Path(tmp), args.policies, snapshots)
            queue: multiprocessing.Queue = multiprocessing.Queue()  # type: ignore[type-arg]
            child = multiprocessing.get_context("fork").Process(target=measure, args=(tmp, queue))
            child.start()
            ok, records, files, mb, seconds, rss = queue.get()
            child.join()
            assert ok, "the generated store must verify"
            print(
                f"{args.policies:>8} {snapshots:>6} {records:>8} {files:>6} {mb:>7.1f} {seconds:>8.2f} "
                f"{mb / seconds:>7.1f} {rss:>7.0f}"
            )


if __name__ == "__main__":
    main()
