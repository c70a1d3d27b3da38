"""Crash safety: SIGKILL a writer at many points; the store must verify, keep every old byte, and go on.

The SIGKILL cases run twice: as before, and with heads signed (a key outside the store) and
time-stamped (a real RFC 3161 TSA on 127.0.0.1) after every round, verified with that key and
the TSA's root trusted."""

from __future__ import annotations

import hashlib
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.checks_helpers import SECTIONS, policy_page
from tests.conftest import LocalServer, Response
from tests.tsa_helpers import Signing
from tracker.evidence.verify import VerifyReport, verify
from tracker.store import Store

REPO = Path(__file__).resolve().parent.parent
ENV = {**os.environ, "PYTHONPATH": str(REPO)}

# A writer that keeps storing snapshots (large raw bodies, so writes take a while) and check
# records, exactly as ``check`` does: under the lock, through the public Store API.
WRITER = """
import sys
from tests.test_store import make_doc, make_fetch
from tracker.models import CheckRecord
from tracker.store import Store, utc_now

store = Store(sys.argv[1])
print("ready", flush=True)
for i in range(10_000):
    with store.lock(timeout=10):
        at = utc_now()
        body = (b"<html><p>" + str(i).encode() + b"</p>" + b"x" * 400_000 + b"</html>")
        meta = store.save_snapshot("acme", make_fetch(at, body), make_doc(f"Version {i}."), "x1")
        store.record_check(CheckRecord(policy_id="acme", checked_at=at, status="changed", snapshot_id=meta.snapshot_id))
        if len(sys.argv) > 2:  # signing on: every round ends with a signed, time-stamped head, as a run does
            from pathlib import Path

            from tracker.evidence.heads import sign_heads
            from tracker.evidence.keys import load_private_key

            sign_heads(store, load_private_key(Path(sys.argv[2])), tsa_url=sys.argv[3])
"""


def _verify(store: Store, signing: Signing | None) -> VerifyReport:
    return signing.verify(store) if signing else verify(store)


def _signed_once(root: Path) -> bool:
    """A statement is on disk (the heads folder and its key are written before the first one)."""
    return any((root / "heads").glob("*.json"))


def _files(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.glob("acme/snap/*/*"))
        if p.is_file() and not p.parent.name.startswith(".tmp-")
    }


def _complete_lines(log: Path) -> list[bytes]:
    if not log.exists():
        return []
    data = log.read_bytes()
    return data.split(b"\n")[:-1]  # the text after the last newline is a torn append, if any


def _assert_nothing_old_changed(root: Path, before_files: dict[str, str], before_lines: list[bytes]) -> None:
    after = _files(root)
    for name, digest in before_files.items():
        assert after.get(name) == digest, f"{name} changed or vanished"
    assert _complete_lines(root / "acme" / "log.jsonl")[: len(before_lines)] == before_lines


def test_sigkill_at_many_points_leaves_a_verifiable_store(tmp_path: Path, signing: Signing | None) -> None:
    root = tmp_path / "snaps"
    rng = random.Random(7)
    kills = 0
    signed_args = [str(signing.key), signing.tsa.url] if signing else []
    for _ in range(30):
        before_files, before_lines = _files(root), _complete_lines(root / "acme" / "log.jsonl")
        proc = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(root), *signed_args],
            cwd=REPO,
            env=ENV,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0.0, 0.12))
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
        kills += proc.returncode == -signal.SIGKILL
        if signing and not _signed_once(root):
            continue  # killed before the first signature: nothing signed yet to expect
        if not any(root.glob("*/log.jsonl")):
            continue  # killed before the first record (a loaded machine): no store to verify yet
        report = _verify(Store(root), signing)
        assert report.ok, [p.line() for p in report.problems]
        _assert_nothing_old_changed(root, before_files, before_lines)
    assert kills == 30
    if signing is None:
        # the kills really landed mid-write: half-written or unrecorded snapshot folders were left
        # behind. Signed rounds are dominated by the time-stamp round trip, so where their kills
        # land is left to chance; the unsigned variant is the one that proves mid-write kills.
        assert verify(Store(root)).notes
    store = Store(root)
    stored = len(store.snapshots("acme"))
    assert stored >= 5  # the runs really wrote between the kills
    # the next run continues from where the last one died: it appends on to the same chain
    proc = subprocess.Popen(
        [sys.executable, "-c", WRITER.replace("range(10_000)", "range(2)"), str(root), *signed_args],
        cwd=REPO,
        env=ENV,
        stdout=subprocess.PIPE,
    )
    assert proc.wait(timeout=60) == 0
    assert len(store.snapshots("acme")) == stored + 2
    final = _verify(store, signing)
    assert final.ok, [p.line() for p in final.problems]
    records = store.records("acme")
    assert [r["seq"] for r in records] == list(range(1, len(records) + 1))
    if signing:  # the run after the kills signed and time-stamped the whole history
        attestation = final.signed["acme"]
        assert (attestation.signed_upto, attestation.timestamped_upto) == (len(records), len(records))


def test_sigkill_during_real_check_runs(tmp_path: Path, http_server: LocalServer, signing: Signing | None) -> None:
    """A real ``policy-tracker check`` killed mid-run, over and over, as the page keeps changing."""
    http_server.routes["/robots.txt"] = Response("User-agent: *\nAllow: /\n", headers={"Content-Type": "text/plain"})
    config = tmp_path / "policies.toml"
    config.write_text(
        f'[settings]\nstore = "snaps"\nretries = 0\n\n[[policy]]\nid = "acme"\nname = "Acme"\n'
        f'url = "{http_server.url("/privacy")}"\n' + (signing.toml() if signing else "")
    )
    root = tmp_path / "snaps"
    rng = random.Random(11)
    for round_no in range(10):
        sections = [(h, f"{t} Revision {round_no}.") for h, t in SECTIONS]
        http_server.routes["/privacy"] = Response(policy_page(sections))
        before_files, before_lines = _files(root), _complete_lines(root / "acme" / "log.jsonl")
        proc = subprocess.Popen(
            [sys.executable, "-m", "tracker", "check", "--config", str(config), "--no-alerts"],
            cwd=tmp_path,
            env=ENV,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(rng.uniform(0.3, 2.0))
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
        if root.exists() and (root / "acme").exists() and (not signing or _signed_once(root)):
            report = _verify(Store(root), signing)
            assert report.ok, [p.line() for p in report.problems]
        _assert_nothing_old_changed(root, before_files, before_lines)
    http_server.routes["/privacy"] = Response(policy_page([(h, f"{t} Final.") for h, t in SECTIONS]))
    done = subprocess.run(
        [sys.executable, "-m", "tracker", "check", "--config", str(config), "--no-alerts"],
        cwd=tmp_path,
        env=ENV,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    store = Store(root)
    final = _verify(store, signing)
    assert final.ok, [p.line() for p in final.problems]
    if signing:
        assert "warning" not in done.stderr, done.stderr
        records = len(store.records("acme"))
        assert (final.signed["acme"].signed_upto, final.signed["acme"].timestamped_upto) == (records, records)
    assert store.checks("acme")[-1].status in {"new", "changed"}
    assert "Final." in store.markdown_path("acme", store.snapshots("acme")[-1].snapshot_id).read_text()


def test_sigkill_during_backfill_then_the_next_run_completes_it(tmp_path: Path, http_server: LocalServer) -> None:
    from tests.test_backfill import POLICY_URL, FakeWayback, page

    months = [f"{year}-{month:02d}" for year in (2020, 2021) for month in range(1, 13)]
    captures = {f"{m.replace('-', '')}01000000": page(f"Month {m}.") for m in months}
    FakeWayback(http_server, captures)  # type: ignore[arg-type]
    config = tmp_path / "policies.toml"
    config.write_text(f'[settings]\nstore = "snaps"\n\n[[policy]]\nid = "acme"\nname = "Acme"\nurl = "{POLICY_URL}"\n')
    command = [sys.executable, "-m", "tracker", "backfill", "acme", "--config", str(config),
               "--archive-url", http_server.url(), "--delay", "0.2"]  # fmt: skip
    root = tmp_path / "snaps"
    rng = random.Random(5)
    for _ in range(4):
        before_files, before_lines = _files(root), _complete_lines(root / "acme" / "log.jsonl")
        proc = subprocess.Popen(command, cwd=tmp_path, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.5, 1.5))
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
        if (root / "acme").exists():
            report = verify(Store(root))
            assert report.ok, [p.line() for p in report.problems]
        _assert_nothing_old_changed(root, before_files, before_lines)
    store = Store(root)
    stored_before = len(store.snapshots("acme"))
    assert stored_before < len(months)  # every run so far was cut short
    done = subprocess.run(command, cwd=tmp_path, env=ENV, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    # the last run skips what the killed runs stored and stores only the rest
    assert sum(line.endswith(" already") for line in done.stdout.splitlines()) == stored_before
    assert sum(line.endswith(" stored") for line in done.stdout.splitlines()) == len(months) - stored_before
    assert [m.fetched_at[:7] for m in store.snapshots("acme")] == months
    assert verify(store).ok


def test_sigkill_during_runs_of_unchanged_checks_loses_no_change(tmp_path: Path, http_server: LocalServer) -> None:
    """Unchanged checks' records are group-committed (``Store.sync``); a kill mid-run may lose
    some of them, never a change: every log still verifies, every change stored before a kill is
    recorded, and every chain goes on from where it stopped."""
    unchanged = [f"u{i}" for i in range(40)]
    for pid in unchanged:  # the same bytes every time (this server answers no 304s)
        http_server.routes[f"/{pid}"] = Response(policy_page())
    lines = ['[settings]\nstore = "snaps"\nretries = 0\nconcurrency = 8\nper_host = 8\nrespect_robots = false\n']
    for pid in [*unchanged, "moving"]:
        lines.append(f'[[policy]]\nid = "{pid}"\nname = "{pid}"\nurl = "{http_server.url("/" + pid)}"\n')
    config = tmp_path / "policies.toml"
    config.write_text("\n".join(lines))
    root = tmp_path / "snaps"
    command = [sys.executable, "-m", "tracker", "check", "--config", str(config), "--no-alerts"]

    def serve_moving(round_no: int) -> None:
        sections = [(h, f"{t} Revision {round_no}.") for h, t in SECTIONS]
        http_server.routes["/moving"] = Response(policy_page(sections))

    serve_moving(0)
    first = subprocess.run(command, cwd=tmp_path, env=ENV, capture_output=True, text=True, timeout=120)
    assert first.returncode == 0, first.stderr
    rng = random.Random(5)
    kills = 0
    for round_no in range(1, 9):
        serve_moving(round_no)
        before = {pid: _complete_lines(root / pid / "log.jsonl") for pid in [*unchanged, "moving"]}
        proc = subprocess.Popen(command, cwd=tmp_path, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.2, 1.5))
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
        kills += proc.returncode == -signal.SIGKILL
        report = verify(Store(root))
        assert report.ok, [p.line() for p in report.problems]
        for pid, lines_before in before.items():  # nothing written before the kill is lost or changed
            assert _complete_lines(root / pid / "log.jsonl")[: len(lines_before)] == lines_before
    assert kills >= 1
    done = subprocess.run(command, cwd=tmp_path, env=ENV, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    store = Store(root)
    final = verify(store)
    assert final.ok, [p.line() for p in final.problems]
    # every change stored by a killed run was completed and recorded: one check record per snapshot
    snapshots = [m.snapshot_id for m in store.snapshots("moving")]
    recorded = [c.snapshot_id for c in store.checks("moving") if c.status in ("new", "changed")]
    assert sorted(recorded) == sorted(snapshots) and len(snapshots) >= 2
    for pid in unchanged:  # the last run recorded every unchanged policy, chained on
        records = store.records(pid)
        assert [r["seq"] for r in records] == list(range(1, len(records) + 1))
        assert store.checks(pid)[-1].status == "unchanged"
