"""A real ``policy-tracker check`` stopped at each step boundary of a change (POLICY_TRACKER_PAUSE_AT)
and then SIGKILLed, or left to run on into a full disk; one more ordinary run must report the
change exactly once, with its report, notices, feed entry and alert (to a webhook on 127.0.0.1),
``verify`` clean and no earlier byte changed. The SIGKILL cases run again with a signing key
configured and a real RFC 3161 TSA on 127.0.0.1: after the ordinary run every record is signed
and time-stamped."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.checks_helpers import SECTIONS, Webhook, policy_page
from tests.conftest import LocalServer, Response
from tests.failure_helpers import fill_disk
from tests.tsa_helpers import Signing
from tracker.check.pause import PAUSE_ENV, STEPS
from tracker.evidence.verify import verify
from tracker.store import Store

REPO = Path(__file__).resolve().parent.parent
ENV = {**os.environ, "PYTHONPATH": str(REPO)}
CHANGED = [
    (h, "We may sell your personal information to advertising partners.") if h == "Sharing" else (h, t)
    for h, t in SECTIONS
]


def _config(tmp: Path, store: Path, url: str, hook: str, signing: Signing | None = None) -> Path:
    path = tmp / "policies.toml"
    path.write_text(
        f'[settings]\nstore = "{store}"\nretries = 0\ntimeout = 5\nalerts = ["{hook}"]\n\n'
        f'[[policy]]\nid = "acme"\nname = "Acme"\nurl = "{url}"\n' + (signing.toml() if signing else ""),
        encoding="utf-8",
    )
    return path


def _check(config: Path, env: dict[str, str] | None = None, **kw: object) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "tracker", "check", "--config", str(config)],
        cwd=config.parent,
        env=env or ENV,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        **kw,  # type: ignore[call-overload]
    )


def _wait_paused(proc: subprocess.Popen[str], step: str) -> None:
    assert proc.stderr is not None
    line = proc.stderr.readline()
    assert line.strip() == f"paused at {step}", line
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:  # the SIGSTOP has landed once the process shows state T
        if Path(f"/proc/{proc.pid}/stat").read_text().split()[2] == "T":
            return
        time.sleep(0.01)
    raise AssertionError("the check never stopped")


def _fingerprint(root: Path) -> dict[str, str]:
    """Every stored file but the log (whose earlier lines are compared separately) and derived caches."""
    skip = {"log.jsonl", "state.json", "feed.atom", "runs.jsonl", ".lock"}
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.name not in skip
    }


def _log_lines(root: Path) -> list[bytes]:
    return (root / "acme" / "log.jsonl").read_bytes().split(b"\n")[:-1]


@pytest.fixture
def hook() -> Iterator[Webhook]:
    receiver = Webhook()
    try:
        yield receiver
    finally:
        receiver.close()


def _baseline(tmp: Path, store: Path, http_server: LocalServer, hook: Webhook, signing: Signing | None = None) -> Path:
    http_server.routes["/robots.txt"] = Response("User-agent: *\nAllow: /\n", headers={"Content-Type": "text/plain"})
    http_server.routes["/privacy"] = Response(policy_page())
    config = _config(tmp, store, http_server.url("/privacy"), hook.url(), signing)
    first = _check(config)
    assert first.wait(timeout=60) == 0, first.communicate()
    http_server.routes["/privacy"] = Response(policy_page(CHANGED))
    return config


def _assert_reported_once(
    store_root: Path, hook: Webhook, before: dict[str, str], lines: list[bytes], signing: Signing | None = None
) -> None:
    store = Store(store_root)
    report = signing.verify(store, deep=True) if signing else verify(store, deep=True)
    assert report.ok, [p.line() for p in report.problems]
    [entry] = report.changes["acme"]
    # the report, diff and notices are in the chain, and a change completed after a kill derives
    # again from the snapshots to exactly the diff.json it wrote
    assert (entry["files"], entry["rederived"]) == ("covered", "same")
    if signing:  # the ordinary run signed and time-stamped everything, the interrupted run's records too
        attestation = report.signed["acme"]
        records = len(store.records("acme"))
        assert (attestation.signed_upto, attestation.timestamped_upto) == (records, records), attestation
        assert attestation.key_trusted and attestation.tsa_verified and attestation.unsigned_records == 0
    changed = [c for c in store.checks("acme") if c.status == "changed"]
    assert len(changed) == 1, [c.status for c in store.checks("acme")]
    change = changed[0]
    assert change.materiality == "material"
    folder = store.report_dir("acme", str(change.previous_snapshot_id), str(change.snapshot_id))
    assert (folder / "report.html").is_file() and (folder / "diff.json").is_file()
    assert "advertising partners" in (folder / "diff.json").read_text(encoding="utf-8")
    assert any(p.name.startswith("notice") for p in folder.iterdir())
    alerts = [p for p in hook.posts if "Policy changed" in str(p["json"].get("title", ""))]
    assert len(alerts) == 1, hook.posts
    feed = (store_root / "acme" / "feed.atom").read_text(encoding="utf-8")
    assert feed.count("<entry>") == 1 and str(change.snapshot_id) in feed
    done = [r for r in store.records("acme") if r.get("type") == "delivery" and r.get("step") == "done"]
    assert [r["snapshot_id"] for r in done] == [change.snapshot_id]
    after = _fingerprint(store_root)
    assert {k: after.get(k) for k in before} == before, "an earlier file changed"
    assert _log_lines(store_root)[: len(lines)] == lines, "an earlier log line changed"
    assert len(store.snapshots("acme")) == 2


@pytest.mark.parametrize("step", STEPS)
def test_sigkill_at_each_step_then_one_run_reports_the_change_once(
    step: str, tmp_path: Path, http_server: LocalServer, hook: Webhook, signing: Signing | None
) -> None:
    root = tmp_path / "snaps"
    config = _baseline(tmp_path, root, http_server, hook, signing)
    before, lines = _fingerprint(root), _log_lines(root)
    proc = _check(config, {**ENV, PAUSE_ENV: step})
    _wait_paused(proc, step)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)
    assert proc.returncode == -signal.SIGKILL
    again = _check(config)
    out, err = again.communicate(timeout=120)
    assert again.returncode == 0, err
    assert "warning" not in err, err  # with signing on: signed and time-stamped, nothing left out
    _assert_reported_once(root, hook, before, lines, signing)
    if step in ("snapshot", "report"):
        assert "completed after an interrupted run" in out
    # and the run after that finds nothing left to do: no second alert, no second change
    third = _check(config)
    assert third.wait(timeout=60) == 0
    _assert_reported_once(root, hook, before, lines, signing)


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    disk = tmp_path / "disk"
    disk.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(disk)], capture_output=True, text=True
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs to fill (needs root and CAP_SYS_ADMIN): {mounted.stderr.strip()}")
    try:
        yield disk
    finally:
        subprocess.run(["umount", "-l", str(disk)], check=False)


@pytest.mark.parametrize("step", STEPS)
def test_disk_full_at_each_step_then_one_run_reports_the_change_once(
    step: str, tmp_path: Path, http_server: LocalServer, hook: Webhook, small_disk: Path
) -> None:
    root = small_disk / "snaps"
    config = _baseline(tmp_path, root, http_server, hook)
    before, lines = _fingerprint(root), _log_lines(root)
    proc = _check(config, {**ENV, PAUSE_ENV: step})
    _wait_paused(proc, step)
    filler = fill_disk(small_disk)
    proc.send_signal(signal.SIGCONT)
    _, err = proc.communicate(timeout=60)
    assert "Traceback" not in err, err
    # the steps before the feed still write new files, which a full disk refuses; later ones only
    # append a line to the log, which may still fit in the log's last page
    if step in ("snapshot", "report", "record"):
        assert proc.returncode == 2 and "No space left on device" in err, err
    else:
        assert proc.returncode == 0 or "No space left on device" in err, err
    filler.unlink()
    again = _check(config)
    _, err = again.communicate(timeout=120)
    assert again.returncode == 0, err
    _assert_reported_once(root, hook, before, lines)
    assert not list(root.rglob("*.tmp")), "a temporary file was left behind"


def test_a_first_snapshot_left_without_its_record_is_completed_as_new(tmp_path: Path, http_server: LocalServer) -> None:
    from tests.checks_helpers import FAST, write_config
    from tracker.check import run_check
    from tracker.config import load_config
    from tracker.extract import EXTRACTOR_VERSION, extract
    from tracker.fetch.once import fetch

    http_server.routes["/robots.txt"] = Response("User-agent: *\nAllow: /\n", headers={"Content-Type": "text/plain"})
    http_server.routes["/p"] = Response(policy_page())
    cfg = write_config(tmp_path, [{"id": "acme", "name": "Acme", "url": http_server.url("/p")}], retries=0)
    store = Store(tmp_path / "snapshots")
    fetched = fetch(http_server.url("/p"), retries=0)  # what an interrupted first run stored
    meta = store.save_snapshot("acme", fetched, extract(fetched.content, fetched.content_type), EXTRACTOR_VERSION)
    outcome = run_check(load_config(cfg), fetch_options=FAST, send_alerts=False).outcomes[0]
    assert outcome.status == "unchanged" and outcome.snapshot_id == meta.snapshot_id
    first, second = store.checks("acme")
    assert (first.status, first.snapshot_id, first.checked_at) == ("new", meta.snapshot_id, meta.fetched_at)
    assert "recovered_at" in first.details and second.status == "unchanged"
    assert verify(store).ok
