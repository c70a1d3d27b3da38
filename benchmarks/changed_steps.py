"""A changed run's work per changed policy, step by step, replayed in one process.

Usage::

    .venv/bin/python benchmarks/changed_run.py --n 2000 --reps 1 --keep /tmp/kept
    .venv/bin/python benchmarks/changed_steps.py /tmp/kept/cold /tmp/kept/rep1-code1 --reps 3
    .venv/bin/python benchmarks/changed_steps.py /tmp/kept/cold /tmp/kept/rep1-code1 --profile 40

The first store is the cold one (each policy's one snapshot), the second a changed run's store
made from it: every policy that run found changed is replayed on a fresh copy of the cold store
with the page body that run stored, exactly as ``check`` works it out after the fetch: the
extraction (in a worker in a run; here inline, timed apart), ``process_fetched`` (same-document
check, diff, classification, the snapshot, the change files) and ``record_outcome`` (the check
record, the state). ``PYTHONPATH`` chooses the code (e.g. a ``git archive`` export of main).
Prints the CPU seconds (``process_time``) per changed policy of each step, min of ``--reps``,
with the load (``--steps``: also of the functions in ``STEPS`` inside them); ``--profile N``
prints cProfile's account (CPU time) of N changes instead.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.append(str(Path(__file__).resolve().parent.parent))  # after PYTHONPATH: other code can be timed

import tracker  # noqa: E402
from tracker.check.outcome import CheckOutcome  # noqa: E402
from tracker.check.process import process_fetched, record_outcome  # noqa: E402
from tracker.config import load_config  # noqa: E402
from tracker.extract import extract  # noqa: E402
from tracker.models import FetchResult  # noqa: E402
from tracker.store import Store  # noqa: E402

# the steps timed inside process_fetched and record_outcome: (module, name) wrapped by ``timed``
STEPS = (
    ("tracker.store.core", "Store.load"),
    ("tracker.extract.sanity", "same_document_reason"),
    ("tracker.check.process", "shrink_reason"),  # (before h20u)
    ("tracker.check.work", "shrink_reason"),  # (h20u: the checks and diff work in one module)
    ("tracker.check.change", "diff_documents"),
    ("tracker.check.change", "classify"),
    ("tracker.store.core", "Store.save_snapshot"),
    ("tracker.report.files", "render_report_html"),
    ("tracker.report.files", "draft_notices"),
    ("tracker.report.files", "atomic_write"),  # the change files, one by one (before h20m)
    ("tracker.report.files", "atomic_write_files"),  # the change files, together
    ("tracker.store.core", "Store.append_record"),
    ("tracker.store.core", "Store.save_state"),
)


def timed(spent: dict[str, float]) -> None:
    """Wrap every step of ``STEPS`` so that its CPU seconds add up in ``spent`` (outermost call only)."""
    import importlib

    depth = [0]
    for module_name, name in STEPS:
        try:
            owner: Any = importlib.import_module(module_name)
        except ModuleNotFoundError:  # a module this code does not have
            continue
        *path, attr = name.split(".")
        for part in path:
            owner = getattr(owner, part)
        inner = getattr(owner, attr, None)
        if inner is None:  # a step this code does not have
            continue

        def wrapper(*a: Any, _inner: Any = inner, _name: str = name, **k: Any) -> Any:
            if depth[0]:
                return _inner(*a, **k)
            depth[0] += 1
            t = time.process_time()
            try:
                return _inner(*a, **k)
            finally:
                spent[_name] = spent.get(_name, 0.0) + time.process_time() - t
                depth[0] -= 1

        setattr(owner, attr, wrapper)


def changes(kept: Store) -> list[tuple[str, Any]]:
    """(policy id, the new snapshot's metadata) of every policy the kept run found changed."""
    found = []
    for pid in kept.policy_ids():
        checks = kept.checks(pid)
        if checks and checks[-1].status == "changed":
            meta = next(m for m in kept.snapshots(pid) if m.snapshot_id == checks[-1].snapshot_id)
            found.append((pid, meta))
    return found


def replay(cold: Path, kept: Store, found: list[tuple[str, Any]], profile: cProfile.Profile | None) -> dict[str, float]:
    """CPU seconds of each step over ``found``, on a fresh copy of ``cold``."""
    work = Path(tempfile.mkdtemp(prefix="pt-steps-"))
    try:
        wanted = {pid for pid, _ in found}
        store_dir = load_config(cold / "policies.toml").store_path

        def others(folder: str, names: list[str]) -> set[str]:  # only the replayed policies' folders
            return {n for n in names if n not in wanted and (Path(folder) / n / "log.jsonl").exists()}

        root = store_dir.resolve()
        shutil.copytree(
            cold, work / "s", symlinks=True, ignore=lambda f, n: others(f, n) if Path(f).resolve() == root else set()
        )
        config = load_config(work / "s" / "policies.toml")
        store = Store(config.store_path)
        policies = {p.id: p for p in config.policies}
        spent = {"extract": 0.0, "process": 0.0, "record": 0.0}
        for pid, meta in found:
            policy = policies[pid]
            body = kept.raw_bytes(pid, meta.snapshot_id)
            fetched = FetchResult(
                url=meta.url,
                final_url=meta.final_url,
                status=meta.status,
                headers=dict(meta.headers),
                content=body,
                content_type=meta.content_type,
                encoding=None,
                fetched_at=time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            )
            latest = store.snapshots(pid)[-1]
            state = store.state(pid)
            t0 = time.process_time()
            document = extract(body, meta.content_type, url=meta.final_url, select=policy.select, remove=policy.remove)
            t1 = time.process_time()
            outcome = CheckOutcome(policy_id=pid, name=policy.name, status="error", url=policy.url)
            if profile is not None:
                profile.enable()
            process_fetched(config, store, policy, fetched, latest, outcome, document=document, challenge=None)
            t2 = time.process_time()
            record_outcome(store, policy, outcome, state, fetched)
            t3 = time.process_time()
            if profile is not None:
                profile.disable()
            if outcome.status != "changed":
                raise SystemExit(f"{pid}: replayed as {outcome.status}, not changed")
            spent["extract"] += t1 - t0
            spent["process"] += t2 - t1
            spent["record"] += t3 - t2
        return spent
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("cold", type=Path, help="the cold store's folder (policies.toml, store/)")
    parser.add_argument("changed", type=Path, help="a changed run's folder made from it")
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--limit", type=int, default=0, help="replay only this many changes (0: all)")
    parser.add_argument("--profile", type=int, default=0, help="profile this many changes instead")
    parser.add_argument("--tottime", action="store_true", help="with --profile: also list by own time")
    parser.add_argument("--steps", action="store_true", help="also time the steps of STEPS inside them")
    args = parser.parse_args()
    print(f"code: {Path(tracker.__file__).parent}", flush=True)
    kept = Store(load_config(args.changed / "policies.toml").store_path)
    found = changes(kept)
    if args.profile:
        profile = cProfile.Profile(time.process_time)  # CPU, not the fsyncs' waits
        replay(args.cold, kept, found[: args.profile], profile)
        pstats.Stats(profile).sort_stats("cumulative").print_stats(60)
        if args.tottime:
            pstats.Stats(profile).sort_stats("tottime").print_stats(40)
        return 0
    found = found[: args.limit] if args.limit else found
    runs = []
    inner: dict[str, float] = {}
    if args.steps:
        timed(inner)
    for rep in range(args.reps):
        load = os.getloadavg()[0]
        inner.clear()
        spent = replay(args.cold, kept, found, None)
        spent.update(inner)
        runs.append(spent)
        per = {k: 1000 * v / len(found) for k, v in spent.items()}
        print(
            f"rep {rep + 1}: {len(found)} changes, ms CPU per change: "
            + ", ".join(f"{k} {v:.1f}" for k, v in per.items())
            + f", load {load:.2f}",
            flush=True,
        )
    best = {k: 1000 * min(r.get(k, 0.0) for r in runs) / len(found) for k in runs[0]}
    print("min: " + ", ".join(f"{k} {v:.1f} ms" for k, v in best.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
