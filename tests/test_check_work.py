"""A change's diff work done in a worker process (``tracker.check.work``, in the run's lanes:
``tracker.extract.lanes``) stores exactly what the same work done in the run's process stores:
the snapshot, the report, ``diff.json``, the notice drafts and the check record, byte for byte;
an anomaly found there is the same anomaly; a run killed while changes are in the workers loses
none of them."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.checks_helpers import FAST, SECTIONS, policy_page, write_config
from tests.conftest import LocalServer, Response
from tracker.check import run_check
from tracker.check.change import store_worked_change
from tracker.check.outcome import CheckOutcome
from tracker.check.pause import PAUSE_ENV
from tracker.check.process import process_fetched, record_outcome
from tracker.check.work import ChangeJob, change_job
from tracker.config import Config, load_config
from tracker.errors import Anomaly
from tracker.evidence.verify import verify
from tracker.extract import extract
from tracker.extract.lanes import Lanes
from tracker.extract.pool import make_lanes
from tracker.models import FetchResult
from tracker.store import Store

REPO = Path(__file__).resolve().parent.parent
CHANGED = [
    (h, "We may sell your personal information to advertising partners.") if h == "Sharing" else (h, t)
    for h, t in SECTIONS
]
OTHER = [(f"Chapter {i}", f"Totally unrelated text number {i} about gardening and roses.") for i in range(6)]


@pytest.fixture(scope="module")
def lanes() -> Iterator[Lanes]:
    pool = make_lanes(2)
    assert pool is not None
    try:
        yield pool
    finally:
        pool.shutdown()


def _first_version(tmp: Path, server: LocalServer) -> Path:
    tmp.mkdir()
    server.routes["/robots.txt"] = Response("User-agent: *\nAllow: /\n", headers={"Content-Type": "text/plain"})
    server.routes["/p"] = Response(policy_page())
    cfg = write_config(tmp, [{"id": "acme", "name": "Acme", "url": server.url("/p")}])
    [outcome] = run_check(load_config(cfg), fetch_options=FAST, extract_workers=0, send_alerts=False).outcomes
    assert outcome.status == "new"
    return cfg


def _fetched(url: str, page: str) -> FetchResult:
    headers = {"content-type": "text/html; charset=utf-8"}
    return FetchResult(url, url, 200, headers, page.encode(), "text/html", "utf-8", "2030-01-02T03:04:05Z")


def _copy(cfg: Path, to: Path) -> Config:
    shutil.copytree(cfg.parent, to)
    return load_config(to / cfg.name)


def _decide(config: Config, page: str, pool: Lanes | None) -> CheckOutcome:
    store = Store(config.store_path)
    policy = config.policy("acme")
    fetched = _fetched(policy.url, page)
    document = extract(fetched.content, fetched.content_type, url=policy.url, name=policy.name)
    latest = store.snapshots("acme")[-1]
    outcome = CheckOutcome(policy_id="acme", name=policy.name, status="error", url=policy.url)
    process_fetched(config, store, policy, fetched, latest, outcome, document=document, challenge=None, pool=pool)
    record_outcome(store, policy, outcome, store.state("acme"), fetched)
    return outcome


def _files(root: Path) -> dict[str, str]:
    """Every stored file's SHA-256 but the log's, whose records are compared by ``_records``."""
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.name not in (".lock", "log.jsonl")
    }


def _records(root: Path) -> list[str]:
    """The policy's log records without the time each was appended (and so the chain's hashes),
    the store's own folder written as ``ROOT``."""
    lines = (root / "acme" / "log.jsonl").read_text(encoding="utf-8").splitlines()
    timeless = [{k: v for k, v in json.loads(line).items() if k not in ("at", "hash", "prev")} for line in lines]
    return [json.dumps(r, sort_keys=True).replace(str(root), "ROOT") for r in timeless]


def test_a_change_worked_out_in_a_worker_stores_the_same_bytes(
    tmp_path: Path, http_server: LocalServer, lanes: Lanes
) -> None:
    cfg = _first_version(tmp_path / "first", http_server)
    inline, pooled = _copy(cfg, tmp_path / "inline"), _copy(cfg, tmp_path / "pooled")
    a = _decide(inline, policy_page(CHANGED), None)
    b = _decide(pooled, policy_page(CHANGED), lanes)
    assert a.status == b.status == "changed" and a.materiality == b.materiality == "material"
    files_a, files_b = _files(inline.store_path), _files(pooled.store_path)
    assert any(name.endswith("diff.json") for name in files_a)
    assert any("notice" in name for name in files_a)  # a material change: its drafts too
    assert files_a == files_b  # every snapshot file and change file the same
    assert _records(inline.store_path) == _records(pooled.store_path)  # and every record
    assert len(_records(inline.store_path)) == 4  # two snapshots, two checks
    same = ("summary", "changed_sections", "change_files", "snapshot_id", "previous_snapshot_id", "has_changes")
    assert {k: getattr(a, k) for k in same} == {k: getattr(b, k) for k in same}


ANOMALIES = [(policy_page(OTHER), "different_document"), (policy_page(SECTIONS[:1]), None)]


@pytest.mark.parametrize(("page", "cause"), ANOMALIES)
def test_an_anomaly_found_in_a_worker_is_the_one_found_inline(
    page: str, cause: str | None, tmp_path: Path, http_server: LocalServer, lanes: Lanes
) -> None:
    cfg = _first_version(tmp_path / "first", http_server)
    found: list[tuple[str, str]] = []
    for name, pool in (("inline", None), ("pooled", lanes)):
        config = _copy(cfg, tmp_path / name)
        with pytest.raises(Anomaly) as info:
            _decide(config, page, pool)
        found.append((str(info.value), info.value.cause))
        assert len(Store(config.store_path).snapshots("acme")) == 1  # nothing stored
    assert found[0] == found[1]
    assert cause is None or found[0][1] == cause


def test_a_snapshot_id_other_than_the_one_rendered_for_is_completed_as_inline(
    tmp_path: Path, http_server: LocalServer
) -> None:
    cfg = _first_version(tmp_path / "first", http_server)
    inline, pooled = _copy(cfg, tmp_path / "inline"), _copy(cfg, tmp_path / "pooled")
    _decide(inline, policy_page(CHANGED), None)
    store, policy = Store(pooled.store_path), pooled.policy("acme")
    fetched = _fetched(policy.url, policy_page(CHANGED))
    document = extract(fetched.content, fetched.content_type, url=policy.url, name=policy.name)
    latest = store.snapshots("acme")[-1]
    job = ChangeJob(
        policy, None, 0.5, None, latest, store.document_bytes("acme", latest.snapshot_id), document,
        fetched.fetched_at, fetched.final_url, "20000101T000000Z",
    )  # fmt: skip
    result = change_job(job)  # rendered for an id the snapshot will not get
    assert result.worked is not None and result.document is not None
    assert "20000101T000000Z" in result.worked.rendered.contents["report.html"]
    outcome = CheckOutcome(policy_id="acme", name=policy.name, status="error", url=policy.url)
    outcome.checked_at = fetched.fetched_at  # as process_fetched sets it
    store_worked_change(pooled, store, policy, fetched, latest, result.document, outcome, result.worked)
    record_outcome(store, policy, outcome, store.state("acme"), fetched)
    assert outcome.snapshot_id == "20300102T030405Z"
    assert _files(inline.store_path) == _files(pooled.store_path)
    assert _records(inline.store_path) == _records(pooled.store_path)


def test_lanes_pin_their_jobs_to_the_first_lane_and_spread_the_rest(lanes: Lanes) -> None:
    pinned = {lanes.submit_pinned(os.getpid).result() for _ in range(6)}
    assert len(pinned) == 1 and os.getpid() not in pinned
    busy = lanes.submit_pinned(time.sleep, 1.0)
    other = lanes.submit(os.getpid).result()  # the first lane is busy: the job goes elsewhere
    assert other not in pinned
    busy.result()
    spread = [lanes.submit(time.sleep, 0.3) for _ in range(2)]
    started = time.monotonic()
    for future in spread:
        future.result()
    assert time.monotonic() - started < 0.55  # the two ran side by side, one in each lane
    lanes_shut = make_lanes(1)
    assert lanes_shut is not None
    lanes_shut.shutdown()
    with pytest.raises(RuntimeError):
        lanes_shut.submit(os.getpid)


POLICIES = 34  # more than AUTO_POOL_MIN_POLICIES: the run extracts and works out changes in workers


def _check(config: Path, env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "tracker", "check", "--config", str(config), "--no-alerts"],
        cwd=config.parent,
        env={**os.environ, "PYTHONPATH": str(REPO), **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _children(pid: int) -> list[str]:
    return Path(f"/proc/{pid}/task/{pid}/children").read_text().split()


def test_a_run_killed_with_changes_in_its_workers_loses_none(tmp_path: Path, http_server: LocalServer) -> None:
    http_server.routes["/robots.txt"] = Response("User-agent: *\nAllow: /\n", headers={"Content-Type": "text/plain"})
    for i in range(POLICIES):
        http_server.routes[f"/p{i}"] = Response(policy_page(token=str(i)))
    policies = [{"id": f"p{i}", "name": f"P{i}", "url": http_server.url(f"/p{i}")} for i in range(POLICIES)]
    cfg = write_config(tmp_path, policies)
    first = _check(cfg, {})
    assert first.wait(timeout=120) == 0, first.communicate()
    for i in range(POLICIES):
        http_server.routes[f"/p{i}"] = Response(policy_page(CHANGED, token=str(i)))
    cut = _check(cfg, {PAUSE_ENV: "snapshot"})  # stops after the first change's snapshot is stored
    assert cut.stderr is not None and cut.stderr.readline().strip() == "paused at snapshot"
    deadline = time.monotonic() + 10
    while Path(f"/proc/{cut.pid}/stat").read_text().split()[2] != "T" and time.monotonic() < deadline:
        time.sleep(0.01)
    assert len(_children(cut.pid)) >= 2  # the lanes' worker processes (and multiprocessing's tracker)
    cut.send_signal(signal.SIGKILL)
    cut.wait(timeout=10)
    store = Store(load_config(cfg).store_path)
    stored = sum(len(store.snapshots(f"p{i}")) == 2 for i in range(POLICIES))
    assert stored >= 1  # at least the one it stopped at; the others were in flight
    again = _check(cfg, {})
    out, err = again.communicate(timeout=180)
    assert again.returncode == 0, err
    assert "completed after an interrupted run" in out
    report = verify(store, deep=True)
    assert report.ok, [p.line() for p in report.problems]
    for i in range(POLICIES):
        changed = [c for c in store.checks(f"p{i}") if c.status == "changed"]
        assert len(changed) == 1, (i, [c.status for c in store.checks(f"p{i}")])
        assert len(store.snapshots(f"p{i}")) == 2
        folder = store.report_dir(f"p{i}", str(changed[0].previous_snapshot_id), str(changed[0].snapshot_id))
        assert "advertising partners" in (folder / "diff.json").read_text(encoding="utf-8")
        assert changed[0].materiality == "material"
    third = _check(cfg, {})
    out, err = third.communicate(timeout=120)
    assert third.returncode == 0, (out, err)  # nothing left to do: no second change


def test_a_page_that_only_states_another_date_is_unchanged_and_says_so(
    tmp_path: Path, http_server: LocalServer, lanes: Lanes
) -> None:
    cfg = _first_version(tmp_path / "first", http_server)
    redated = policy_page().replace("Last updated: 19 June 2024", "Last updated: 1 March 2025")
    for name, pool in (("inline", None), ("pooled", lanes)):
        config = _copy(cfg, tmp_path / name)
        before = _files(config.store_path)
        outcome = _decide(config, redated, pool)
        assert outcome.status == "unchanged"
        assert outcome.summary == "only the policy's date moved: 2024-06-19 → 2025-03-01"
        assert Store(config.store_path).checks("acme")[-1].summary == outcome.summary
        assert {k: v for k, v in _files(config.store_path).items() if "state" not in k} == {
            k: v for k, v in before.items() if "state" not in k
        }  # no snapshot, no report: nothing to alert on
    same = _decide(_copy(cfg, tmp_path / "same"), policy_page(token="zzz"), None)
    assert same.status == "unchanged" and same.summary is None
