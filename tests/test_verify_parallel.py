"""``verify`` with a pool of processes says exactly what it says alone: the same problems and notes
in the same order, the same counts, heads and per-change coverage, with and without ``--deep``
(policies shared out over the workers, or one policy's changes when there are fewer policies)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.checks_helpers import SECTIONS, policy_page
from tracker.check.change import complete_change
from tracker.check.outcome import CheckOutcome
from tracker.check.process import record_outcome
from tracker.config import load_config
from tracker.evidence.verify import verify, verify_workers
from tracker.extract.document import extract
from tracker.models import FetchResult
from tracker.store import Store

POLICIES = ("alpha", "beta", "gamma")


def _store(tmp_path: Path, snapshots: int = 3) -> Store:
    """Three policies, each with ``snapshots`` versions (one section edited each time) and every
    change completed as ``check`` completes it (report, diff.json, notices hashed into the chain)."""
    root = tmp_path / "store"
    cfg = tmp_path / "policies.toml"
    cfg.write_text(
        f'[settings]\nstore = "{root}"\n'
        + "".join(f'\n[[policy]]\nid = "{p}"\nname = "{p}"\nurl = "https://example.com/{p}"\n' for p in POLICIES),
        encoding="utf-8",
    )
    config, store = load_config(cfg), Store(root)
    for pid in POLICIES:
        policy, previous = config.policy(pid), None
        texts = [t for _, t in SECTIONS]
        for s in range(snapshots):
            texts[s % len(texts)] = f"We may sell your data to partner number {s}. " * 3
            body = policy_page([(h, texts[i]) for i, (h, _) in enumerate(SECTIONS)]).encode()
            at = f"2026-0{s + 1}-01T10:00:00Z"
            fetched = FetchResult(
                url=policy.url, final_url=policy.url, status=200, headers={}, content=body,
                content_type="text/html", encoding="utf-8", fetched_at=at,
            )  # fmt: skip
            doc = extract(body, "text/html")
            meta = store.save_snapshot(pid, fetched, doc, "test")
            status = "changed" if previous else "new"
            outcome = CheckOutcome(policy_id=pid, name=policy.name, status=status, checked_at=at)
            if previous is not None:
                complete_change(config, store, policy, store.load(pid, previous), meta, doc, outcome)
            else:
                outcome.snapshot_id = meta.snapshot_id
            record_outcome(store, policy, outcome, store.state(pid), None)
            previous = meta.snapshot_id
    return store


def _forge(store: Store) -> None:
    """Something wrong in every policy: an altered snapshot file, a change file gone and an edited
    classification, and leftovers of an interrupted run (notes)."""
    alpha = sorted((store.root / "alpha" / "snap").iterdir())[1]
    (alpha / "policy.md").write_text("forged\n", encoding="utf-8")
    beta = sorted((store.root / "beta" / "reports").iterdir())
    (beta[0] / "report.html").unlink()
    diff = beta[1] / "diff.json"
    data = json.loads(diff.read_text(encoding="utf-8"))
    for change in data["changes"]:
        change["materiality"] = "editorial"
    diff.write_text(json.dumps(data), encoding="utf-8")
    (store.root / "gamma" / "snap" / ".tmp-20260901T000000Z-abcd").mkdir()


def _report(store: Store, workers: int, deep: bool) -> dict[str, object]:
    return verify(store, deep=deep, workers=workers).to_dict()


@pytest.mark.parametrize("deep", [False, True])
def test_a_pool_reports_exactly_what_one_process_reports(tmp_path: Path, deep: bool) -> None:
    store = _store(tmp_path)
    assert _report(store, 1, deep)["ok"] is True
    _forge(store)
    alone, pooled = _report(store, 1, deep), _report(store, 2, deep)
    assert pooled == alone
    kinds = [(p["kind"], p["file"].split("/")[0]) for p in alone["problems"]]  # type: ignore[attr-defined, index]
    assert ("altered_file", "alpha") in kinds and ("missing_file", "beta") in kinds
    assert any("unfinished write" in n for n in alone["notes"])  # type: ignore[attr-defined]
    assert alone["records"] == 18 and alone["policies"] == list(POLICIES)


def test_deep_shares_out_the_changes_of_one_policy(tmp_path: Path) -> None:
    store = _store(tmp_path, snapshots=4)
    _forge(store)
    alone = verify(store, "beta", deep=True, workers=1)
    pooled = verify(store, "beta", deep=True, workers=2)
    assert pooled.to_dict() == alone.to_dict()
    verdicts = [c["rederived"] for c in alone.changes["beta"]]
    assert verdicts == ["not re-derived", "not re-derived", "same"]  # hash failures are not re-derived
    assert [p.kind for p in alone.problems] == ["missing_file", "altered_file"]


def test_small_stores_are_verified_in_one_process(tmp_path: Path) -> None:
    store = _store(tmp_path, snapshots=2)
    assert verify_workers(store, list(POLICIES)) == 1
    assert verify_workers(store, ["alpha"], deep=False) == 1
