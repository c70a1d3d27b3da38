"""How long ``verify`` takes to re-hash a store, and how much memory it needs.

Usage::

    .venv/bin/python benchmarks/verify.py                 # 10 policies x 100 and x 300 snapshots, both workloads
    .venv/bin/python benchmarks/verify.py --snapshots 300 --workload few --workdir /tmp/vstores \
        --baseline /tmp/main-src                          # git archive <commit> | tar -x -C /tmp/main-src

Builds a store of P policies, each with S snapshots of a realistic page (about 20 KB of HTML, six
sections) and a check record after each, twice, side by side:

- **peer**: check records as before issue 15, without the hashes of the change's files (what
  ``verify`` checked until then: every log line re-hashed and linked, every snapshot file re-read
  and re-hashed);
- **chained**: every change completed as ``check`` completes it (``complete_change``: diff,
  classification, ``report.html``, ``diff.json``, notice drafts when material, and the check
  record holding their hashes), so ``verify`` re-hashes the change files too.

Two workloads: ``every`` snapshot edits every section (the hard case: change files 4.9x the
snapshots' bytes), ``few`` edits 1-3 sections as real changes do (``FEW_WEIGHTS``, from the corpus).

Each ``verify`` runs in a fresh interpreter: wall seconds (the fastest of ``--repeat``) and CPU
seconds (its own and its pool workers'; on a loaded shared machine the CPU figure is the steadier
one). ``verify`` uses one process per core on a store this size (``verify_workers``). With
``--baseline DIR`` (an earlier source tree), that version's ``verify`` of the peer store is timed
too: "today's time" of issue 15, against which the ``b.ratio`` columns are taken. The chained store
is then signed as weekly runs sign it (``--rounds`` head statements, each time-stamped by a real
RFC 3161 TSA — ``openssl ts -reply`` on 127.0.0.1, as in the tests) and verified with the key and
the TSA root trusted (target: <= 2x the peer), and once more with ``deep`` (every ``diff.json``
derived again from its two snapshots). Last, what one run adds: one ``sign_heads`` alone
(``sign ms``) and with its TSA request (``+TSA ms``). ``--no-deep`` skips the deep pass.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

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


def measure(root: str, signed: tuple[str, str] | None, deep: bool) -> dict[str, float | int | bool]:
    """One ``verify`` of ``root`` in this (fresh) process: its result, wall and CPU seconds (this
    process and the pool workers it reaped) and peak RSS."""
    from tracker.evidence.keys import load_private_key
    from tracker.evidence.timestamp import load_certificates
    from tracker.evidence.verify import verify
    from tracker.store import Store

    size = sum(p.stat().st_size for p in Path(root).rglob("*") if p.is_file())
    keys, roots = [], []
    if signed:
        keys, roots = [load_private_key(Path(signed[0])).public_key()], load_certificates(Path(signed[1]))
    start, cpu = time.perf_counter(), _cpu()
    report = verify(Store(root), trusted_keys=keys, tsa_roots=roots, expect_signed=bool(signed), deep=deep)
    elapsed, cpu = time.perf_counter() - start, _cpu() - cpu
    peak_mb = max(resource.getrusage(who).ru_maxrss for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    return {"ok": report.ok, "records": report.records, "files": report.files, "mb": size / 1e6,
            "wall": elapsed, "cpu": cpu, "rss": peak_mb / 1024}  # fmt: skip


def _cpu() -> float:
    own, reaped = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + reaped.ru_utime + reaped.ru_stime


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
    root: Path, signed: tuple[str, str] | None, deep: bool = False, repeat: int = 1, code: Path | None = None
) -> dict[str, float | int | bool]:
    """One ``verify`` in a fresh interpreter, ``repeat`` times: the fastest run (the least disturbed
    by other jobs on a shared machine), its CPU seconds the least too. ``code``: the source tree
    whose ``tracker`` runs it (an earlier version, for ``--baseline``), else this one."""
    results = []
    for _ in range(repeat):
        command = [sys.executable, __file__, "--child", str(root), "--child-deep", str(int(deep))]
        if signed:
            command += ["--child-trust", *signed]
        if code:
            command += ["--child-code", str(code)]
        done = subprocess.run(command, check=True, capture_output=True, text=True)
        results.append(json.loads(done.stdout.splitlines()[-1]))
    best = min(results, key=lambda r: r["wall"])
    best["cpu"] = min(r["cpu"] for r in results)
    return best  # type: ignore[no-any-return]


def interleaved(
    jobs: dict[str, tuple[Path, tuple[str, str] | None, Path | None]], repeat: int
) -> dict[str, dict[str, float | int | bool]]:
    """Time each job (store, trust, code) once per round for ``repeat`` rounds, in turn; per job the
    fastest wall time and the least CPU."""
    runs: dict[str, list[dict[str, float | int | bool]]] = {name: [] for name in jobs}
    for _ in range(repeat):
        for name, (root, trust, code) in jobs.items():
            runs[name].append(timed_verify(root, trust, code=code))
    best = {}
    for name, results in runs.items():
        best[name] = min(results, key=lambda r: r["wall"])
        best[name]["cpu"] = min(r["cpu"] for r in results)
    return best


def _child(argv: list[str]) -> None:
    """``--child ROOT``: time one ``verify`` here and print its figures as JSON."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--child", required=True)
    parser.add_argument("--child-deep", type=int, default=0)
    parser.add_argument("--child-trust", nargs=2)
    parser.add_argument("--child-code", type=Path)
    args = parser.parse_args(argv)
    if args.child_code:
        sys.path.insert(0, str(args.child_code))
    figures = measure(args.child, tuple(args.child_trust) if args.child_trust else None, bool(args.child_deep))
    import tracker

    print(json.dumps({**figures, "code": str(Path(tracker.__file__).parent.parent)}))


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
    parser.add_argument(
        "--baseline", type=Path, help="an earlier source tree (git archive): its verify of the peer too"
    )
    args = parser.parse_args()
    from tests.tsa_helpers import LocalTSA
    from tracker.evidence.keys import generate_key

    tsa = LocalTSA()
    print(
        f"{'workload':>8} {'snaps':>5} {'records':>7} {'files':>6} {'MB':>5} {'base s':>6} {'peer s':>6} "
        f"{'chained':>7} {'signed':>6} {'ratio':>5} {'b.ratio':>7} | {'cpu: base':>9} {'peer':>5} {'signed':>6} "
        f"{'ratio':>5} {'b.ratio':>7} | {'deep s':>6} {'deep cpu':>8} {'RSS MB':>6} {'sign ms':>7} {'+TSA ms':>7}"
    )
    try:
        for snapshots in args.snapshots or [100, 300]:
            for workload in args.workload or list(WORKLOADS):
                with tempfile.TemporaryDirectory() as tmp:
                    row(args, tsa, workload, snapshots, Path(tmp), generate_key)
    finally:
        tsa.close()


def row(args: argparse.Namespace, tsa: Any, workload: str, snapshots: int, tmp: Path, generate_key: Any) -> None:
    """Build (or reuse) the two stores of one workload and size, sign the chained one, then time every
    verify interleaved (base, peer, chained, signed in each of ``--repeat`` rounds, so that a burst of
    load on a shared machine falls on all of them alike) and print one row."""
    workdir = args.workdir or tmp
    size, opts = (args.policies, snapshots), {"workload": workload, "workers": args.build_workers}
    peer_root = built(workdir, "peer", *size, chained=False, **opts)
    root = built(workdir, "chained", *size, chained=True, **opts)
    key_file = tmp / "key.pem"
    generate_key(key_file)
    tsa_ms = sign_rounds(root, args.rounds, key_file, tsa.url)
    trust = (str(key_file), str(tsa.ca_file))
    jobs: dict[str, tuple[Path, tuple[str, str] | None, Path | None]] = {"peer": (peer_root, None, None)}
    if args.baseline:
        jobs["base"] = (peer_root, None, args.baseline)
    jobs |= {"plain": (root, None, None), "signed": (root, trust, None)}
    best = interleaved(jobs, args.repeat)
    peer, plain, signed = best["peer"], best["plain"], best["signed"]
    assert peer["ok"] and plain["ok"] and signed["ok"], "the generated stores must verify"
    base = best.get("base", {"wall": float("nan"), "cpu": float("nan")})
    if args.baseline:
        assert base["ok"] and str(base["code"]) == str(args.baseline.resolve()), base
    sign_ms = sign_rounds(root, max(1, args.rounds // 5), key_file, None)  # signing alone, no TSA request
    deep = {"wall": float("nan"), "cpu": float("nan")}
    if args.deep:
        deep = timed_verify(root, trust, deep=True)
        assert deep["ok"], "every diff.json must derive again from its snapshots"
    w, c = signed["wall"], signed["cpu"]
    print(
        f"{workload:>8} {snapshots:>5} {plain['records']:>7} {plain['files']:>6} {plain['mb']:>5.0f} "
        f"{base['wall']:>6.2f} {peer['wall']:>6.2f} {plain['wall']:>7.2f} {w:>6.2f} {w / peer['wall']:>5.2f} "
        f"{w / base['wall']:>7.2f} | {base['cpu']:>9.2f} {peer['cpu']:>5.2f} {c:>6.2f} {c / peer['cpu']:>5.2f} "
        f"{c / base['cpu']:>7.2f} | {deep['wall']:>6.1f} {deep['cpu']:>8.1f} {max(plain['rss'], signed['rss']):>6.0f} "
        f"{sign_ms:>7.1f} {tsa_ms:>7.1f}",
        flush=True,
    )


if __name__ == "__main__":
    if "--child" in sys.argv:
        _child(sys.argv[1:])
    else:
        main()
