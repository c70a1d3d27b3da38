"""How long ``verify`` takes to re-hash a store, and how much memory it needs.

Usage::

    .venv/bin/python benchmarks/verify.py                 # 10 policies x 100 and x 300 snapshots
    .venv/bin/python benchmarks/verify.py --snapshots 100 --policies 5

Builds a store of P policies, each with S snapshots of a realistic page (about 90 KB of HTML, the
seed policy as normalised text) and a check record after each, then times ``verify`` over the
whole store (every log line re-hashed and linked, every file re-read and re-hashed) in a fresh
child process so peak RSS is per size. Prints records, files, MB hashed, seconds, MB/s and peak
RSS.

Then the same store is signed as a weekly run would sign it (one head statement per snapshot
round, each time-stamped by a real RFC 3161 TSA — ``openssl ts -reply`` on 127.0.0.1, as in the
tests) and verified again with the key and the TSA root trusted: the ratio signed/plain is the
cost of checking signatures and tokens (target ≤ 2×). Last, what one run adds: one
``sign_heads`` with its TSA request, in milliseconds.
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


def measure(root: str, out: multiprocessing.Queue, signed: tuple[str, str] | None = None) -> None:  # type: ignore[type-arg]
    from tracker.evidence.keys import load_private_key
    from tracker.evidence.timestamp import load_certificates
    from tracker.evidence.verify import verify
    from tracker.store import Store

    size = sum(p.stat().st_size for p in Path(root).rglob("*") if p.is_file())
    keys, roots = [], []
    if signed:
        keys, roots = [load_private_key(Path(signed[0])).public_key()], load_certificates(Path(signed[1]))
    start = time.perf_counter()
    report = verify(Store(root), trusted_keys=keys, tsa_roots=roots, expect_signed=bool(signed))
    elapsed = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    out.put((report.ok, report.records, report.files, size / 1e6, elapsed, peak_mb))


def sign_rounds(root: Path, rounds: int, key_file: Path, tsa_url: str) -> float:
    """Sign the store ``rounds`` times with time-stamps; returns the mean ms of one signing."""
    from tracker.evidence.heads import sign_heads
    from tracker.evidence.keys import load_private_key
    from tracker.store import Store

    store, key = Store(root), load_private_key(key_file)
    start = time.perf_counter()
    for _ in range(rounds):
        _, problem = sign_heads(store, key, tsa_url=tsa_url)
        assert problem is None, problem
    return (time.perf_counter() - start) * 1000 / rounds


def timed_verify(root: Path, signed: tuple[str, str] | None) -> tuple[bool, int, int, float, float, float]:
    queue: multiprocessing.Queue = multiprocessing.Queue()  # type: ignore[type-arg]
    child = multiprocessing.get_context("fork").Process(target=measure, args=(str(root), queue, signed))
    child.start()
    result = queue.get()
    child.join()
    return result  # type: ignore[no-any-return]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--policies", type=int, default=10)
    parser.add_argument("--snapshots", type=int, action="append", help="snapshots per policy (repeatable)")
    parser.add_argument("--rounds", type=int, default=52, help="signed runs (head statements) per store")
    args = parser.parse_args()
    from tests.tsa_helpers import LocalTSA
    from tracker.evidence.keys import generate_key

    tsa = LocalTSA()
    print(
        f"{'policies':>8} {'snaps':>6} {'records':>8} {'files':>6} {'MB':>7} {'plain s':>8} {'signed s':>9} "
        f"{'ratio':>6} {'MB/s':>7} {'RSS MB':>7} {'sign+TSA ms':>12}"
    )
    try:
        for snapshots in args.snapshots or [100, 300]:
            with tempfile.TemporaryDirectory() as tmp:
                root = Path(tmp) / "store"
                build(root, args.policies, snapshots)
                ok, records, files, mb, plain, rss = timed_verify(root, None)
                assert ok, "the generated store must verify"
                key_file = Path(tmp) / "key.pem"
                generate_key(key_file)
                sign_ms = sign_rounds(root, args.rounds, key_file, tsa.url)
                ok, *_, signed, _ = timed_verify(root, (str(key_file), str(tsa.ca_file)))
                assert ok, "the signed store must verify"
                print(
                    f"{args.policies:>8} {snapshots:>6} {records:>8} {files:>6} {mb:>7.1f} {plain:>8.2f} "
                    f"{signed:>9.2f} {signed / plain:>6.2f} {mb / plain:>7.1f} {rss:>7.0f} {sign_ms:>12.1f}"
                )
    finally:
        tsa.close()


if __name__ == "__main__":
    main()
