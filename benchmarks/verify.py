"""How long ``verify`` takes to re-hash a store, and how much memory it needs.

Usage::

    .venv/bin/python benchmarks/verify.py                 # 10 policies x 100 and x 300 snapshots
    .venv/bin/python benchmarks/verify.py --snapshots 100 --policies 5

Builds a store of P policies, each with S snapshots of a realistic page (about 20 KB of HTML) and a
check record after each, twice, side by side:

- **peer**: check records as before issue 15, without the hashes of the change's files (what
  ``verify`` checked until then: every log line re-hashed and linked, every snapshot file re-read
  and re-hashed);
- **chained**: every change completed as ``check`` completes it (``complete_change``: diff,
  classification, ``report.html``, ``diff.json``, notice drafts when material, and the check
  record holding their hashes), so ``verify`` re-hashes the change files too.

Each ``verify`` runs in a fresh child process (peak RSS is per size). The chained store is then
signed as weekly runs sign it (``--rounds`` head statements, each time-stamped by a real RFC 3161
TSA — ``openssl ts -reply`` on 127.0.0.1, as in the tests) and verified with the key and the TSA
root trusted (target: ≤ 2× the peer), and once more with ``deep`` (every ``diff.json`` derived
again from its two snapshots). Last, what one run adds: one ``sign_heads`` with its TSA request,
in milliseconds. ``--no-deep`` skips the deep pass; each plain and signed ``verify`` is timed
``--repeat`` times (default 3) and the fastest kept.
"""

from __future__ import annotations

import argparse
import multiprocessing
import random
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def _config(root: Path, policies: int):  # type: ignore[no-untyped-def]
    from tracker.config import load_config

    root.parent.mkdir(parents=True, exist_ok=True)
    path = root.parent / "policies.toml"
    path.write_text(
        f'[settings]\nstore = "{root}"\n'
        + "".join(f'\n[[policy]]\nid = "policy-{p}"\nname = "Policy {p}"\nurl = "https://example.com/p"\n'
                  for p in range(policies)),
        encoding="utf-8",
    )  # fmt: skip
    return load_config(path)


# How many sections a real change touches: the corpus's 180 changes of visible text between
# consecutive versions (``/work/shared/corpus``, sections split at Markdown headings) touch one
# section in 106, two in 20, three in 9 (75% of them touch 1-3; 27 touch ten or more).
FEW_WEIGHTS = {1: 106, 2: 20, 3: 9}
WORKLOADS = ("every", "few")  # every section edited in every snapshot / 1-3 sections, as real changes


def edited_sections(workload: str, snapshot: int, count: int) -> list[int]:
    """Which sections snapshot ``snapshot`` edits (the first snapshot writes them all)."""
    if workload == "every" or snapshot == 0:
        return list(range(count))
    rng = random.Random(snapshot)  # the same history for every policy and every run
    k = rng.choices(list(FEW_WEIGHTS), weights=list(FEW_WEIGHTS.values()))[0]
    return sorted(rng.sample(range(count), k))


def build(
    root: Path, policies: int, snapshots: int, *, chained: bool, workload: str = "every", workers: int = 2
) -> None:
    """The benchmark store; ``chained``: changes completed as ``check`` completes them (change files
    written and hashed into their check records), else check records without change files.
    ``workload``: ``every`` section edited in every snapshot, or a ``few`` (1-3, as real changes).
    The policies are built by ``workers`` processes (the build is not what is measured)."""
    from tracker.store import Store

    Store(root).ensure_writable()
    if chained:
        _config(root, policies)
    jobs = [(root, p, policies, snapshots, chained, workload) for p in range(policies)]
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        pool.starmap(_build_policy, jobs)


def _build_policy(root: Path, p: int, policies: int, snapshots: int, chained: bool, workload: str) -> None:
    from tests.checks_helpers import SECTIONS, policy_page
    from tracker.check.change import complete_change
    from tracker.check.outcome import CheckOutcome
    from tracker.check.process import record_outcome
    from tracker.config import load_config
    from tracker.extract.document import extract
    from tracker.models import CheckRecord, FetchResult
    from tracker.store import Store

    store = Store(root)
    config = load_config(root.parent / "policies.toml") if chained else None
    previous = None
    texts = [t for _, t in SECTIONS]
    for s in range(snapshots):
        for i in edited_sections(workload, s, len(SECTIONS)):
            texts[i] = f"{SECTIONS[i][1]} Revision {s}. " * 20
        body = policy_page([(h, texts[i]) for i, (h, _) in enumerate(SECTIONS)]).encode()
        at = f"20{10 + s // 365:02d}-01-01T00:00:00Z".replace("-01-01", f"-{1 + s % 12:02d}-{1 + s % 28:02d}")
        at = at[:11] + f"{s % 24:02d}:{s % 60:02d}:00Z"
        fetched = FetchResult(
            url="https://example.com/p", final_url="https://example.com/p", status=200, headers={},
            content=body, content_type="text/html", encoding="utf-8", fetched_at=at,
        )  # fmt: skip
        doc = extract(body, "text/html")
        meta = store.save_snapshot(f"policy-{p}", fetched, doc, "bench")
        if config is None or previous is None:
            store.record_check(CheckRecord(policy_id=f"policy-{p}", checked_at=at, status="changed",
                                           snapshot_id=meta.snapshot_id))  # fmt: skip
        else:
            policy = config.policy(f"policy-{p}")
            outcome = CheckOutcome(policy_id=policy.id, name=policy.name, status="changed", checked_at=at)
            complete_change(config, store, policy, store.load(policy.id, previous), meta, doc, outcome)
            record_outcome(store, policy, outcome, store.state(policy.id), None)
        previous = meta.snapshot_id


def built(
    workdir: Path, name: str, policies: int, snapshots: int, *, chained: bool, workload: str, workers: int
) -> Path:
    """The store ``name`` under ``workdir``, built unless a complete one is already there (``--workdir``
    keeps stores between runs: building the chained store of 300 snapshots takes minutes). Any signed
    heads of an earlier run are removed, so each run signs its own."""
    root = workdir / f"{workload}-{policies}x{snapshots}" / name / "store"
    done = root.parent / "built"
    if not done.exists():
        if root.parent.exists():
            shutil.rmtree(root.parent)
        build(root, policies, snapshots, chained=chained, workload=workload, workers=workers)
        done.write_text("complete\n", encoding="utf-8")
    shutil.rmtree(root / "heads", ignore_errors=True)
    return root


def measure(root: str, out: multiprocessing.Queue, signed: tuple[str, str] | None = None, deep: bool = False) -> None:  # type: ignore[type-arg]
    from tracker.evidence.keys import load_private_key
    from tracker.evidence.timestamp import load_certificates
    from tracker.evidence.verify import verify
    from tracker.store import Store

    size = sum(p.stat().st_size for p in Path(root).rglob("*") if p.is_file())
    keys, roots = [], []
    if signed:
        keys, roots = [load_private_key(Path(signed[0])).public_key()], load_certificates(Path(signed[1]))
    start = time.perf_counter()
    report = verify(Store(root), trusted_keys=keys, tsa_roots=roots, expect_signed=bool(signed), deep=deep)
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


def timed_verify(
    root: Path, signed: tuple[str, str] | None, deep: bool = False, repeat: int = 1
) -> tuple[bool, int, int, float, float, float]:
    """One ``verify`` in a fresh child process, ``repeat`` times: the fastest run (the least
    disturbed by other jobs on a shared machine)."""
    results = []
    for _ in range(repeat):
        queue: multiprocessing.Queue = multiprocessing.Queue()  # type: ignore[type-arg]
        child = multiprocessing.get_context("fork").Process(target=measure, args=(str(root), queue, signed, deep))
        child.start()
        results.append(queue.get())
        child.join()
    return min(results, key=lambda r: r[4])  # type: ignore[no-any-return]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--policies", type=int, default=10)
    parser.add_argument("--snapshots", type=int, action="append", help="snapshots per policy (repeatable)")
    parser.add_argument("--workload", choices=WORKLOADS, action="append",
                        help="every: each snapshot edits every section; few: 1-3 sections (default: both)")  # fmt: skip
    parser.add_argument("--rounds", type=int, default=52, help="signed runs (head statements) per store")
    parser.add_argument("--no-deep", dest="deep", action="store_false", help="skip the verify --deep pass")
    parser.add_argument("--repeat", type=int, default=3, help="time each verify N times, keep the best")
    parser.add_argument("--workdir", type=Path, help="build the stores here and reuse them on later runs")
    parser.add_argument("--build-workers", type=int, default=2, help="processes building the stores")
    args = parser.parse_args()
    from tests.tsa_helpers import LocalTSA
    from tracker.evidence.keys import generate_key

    tsa = LocalTSA()
    print(
        f"{'workload':>8} {'policies':>8} {'snaps':>6} {'records':>8} {'files':>6} {'MB':>6} {'peer s':>7} "
        f"{'chained s':>9} {'signed s':>8} {'ratio':>6} {'deep s':>7} {'deep/peer':>9} {'RSS MB':>7} "
        f"{'sign+TSA ms':>12}"
    )
    try:
        for snapshots in args.snapshots or [100, 300]:
            for workload in args.workload or list(WORKLOADS):
                with tempfile.TemporaryDirectory() as tmp:
                    workdir = args.workdir or Path(tmp)
                    size = (args.policies, snapshots)
                    opts = {"workload": workload, "workers": args.build_workers}
                    peer_root = built(workdir, "peer", *size, chained=False, **opts)
                    ok, *_, peer, _ = timed_verify(peer_root, None, repeat=args.repeat)
                    assert ok, "the peer store must verify"
                    root = built(workdir, "chained", *size, chained=True, **opts)
                    ok, records, files, mb, plain, rss = timed_verify(root, None, repeat=args.repeat)
                    assert ok, "the generated store must verify"
                    key_file = Path(tmp) / "key.pem"
                    generate_key(key_file)
                    sign_ms = sign_rounds(root, args.rounds, key_file, tsa.url)
                    trust = (str(key_file), str(tsa.ca_file))
                    ok, *_, signed, rss_signed = timed_verify(root, trust, repeat=args.repeat)
                    assert ok, "the signed store must verify"
                    deep = float("nan")
                    if args.deep:
                        ok, *_, deep, _ = timed_verify(root, trust, deep=True)
                        assert ok, "every diff.json must derive again from its snapshots"
                    print(
                        f"{workload:>8} {args.policies:>8} {snapshots:>6} {records:>8} {files:>6} {mb:>6.0f} "
                        f"{peer:>7.2f} {plain:>9.2f} {signed:>8.2f} {signed / peer:>6.2f} {deep:>7.1f} "
                        f"{deep / peer:>9.0f} {max(rss, rss_signed):>7.0f} {sign_ms:>12.1f}",
                        flush=True,
                    )
    finally:
        tsa.close()


if __name__ == "__main__":
    main()
