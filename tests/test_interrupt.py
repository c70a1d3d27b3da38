"""Issue 12 item 4: Ctrl-C during a real ``check`` is clean.

SIGINT goes to the whole process group of a ``check`` subprocess (as a terminal sends it, so the
spawned extraction workers get it too) while 60 slow policies are being fetched from 127.0.0.1.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from http.server import BaseHTTPRequestHandler
from pathlib import Path

from tests.conftest import LocalServer, Response
from tests.failure_helpers import policy_page, run_cli, write_config

POLICIES = 60


def _as_a_terminal_job() -> None:
    """Ctrl-C's default action in the ``check`` process, as in a job a terminal started: a suite
    run in the background by a non-interactive shell ignores SIGINT, and a child keeps that."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _slow(page: str, delay: float):  # type: ignore[no-untyped-def]
    def handler(_request: BaseHTTPRequestHandler) -> Response:
        time.sleep(delay)
        return Response(page)

    return handler


def _check_records(store: Path) -> list[dict]:  # type: ignore[type-arg]
    records = []
    for log in store.glob("*/log.jsonl"):
        records += [json.loads(line) for line in log.read_text().splitlines() if line.strip()]
    return [r for r in records if r.get("type") == "check"]


def test_sigint_during_check_is_clean(tmp_path: Path, http_server: LocalServer) -> None:
    ids = [f"p{n:02d}" for n in range(POLICIES)]
    for n, pid in enumerate(ids):
        http_server.routes[f"/{pid}"] = _slow(policy_page(title=f"Privacy Policy {n}"), 0.4)
    cfg = write_config(
        tmp_path / "policies.toml",
        [(pid, http_server.url(f"/{pid}")) for pid in ids],
        "retries = 2\nconcurrency = 4\nper_host = 4\n",
    )
    proc = subprocess.Popen(
        [sys.executable, "-m", "tracker", "check", "--config", str(cfg), "--no-alerts"],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group, like a job in a terminal
        preexec_fn=_as_a_terminal_job,
    )
    store = tmp_path / "snapshots"
    try:
        deadline = time.monotonic() + 90
        while len(_check_records(store)) < 8 and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.1)
        assert proc.poll() is None, "check finished before it could be interrupted"
        os.killpg(proc.pid, signal.SIGINT)
        stdout, stderr = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    assert proc.returncode == 130, (stdout, stderr)
    assert "Traceback" not in stderr and "KeyboardInterrupt" not in stderr, stderr
    lines = stderr.splitlines()
    assert len(lines) == 1, stderr
    checked, total = lines[0].removeprefix("interrupted: ").split(" policies checked")[0].split(" of ")
    assert int(total) == POLICIES and 8 <= int(checked) < POLICIES, lines[0]

    records = _check_records(store)
    assert len(records) == int(checked)  # every policy reported as checked is recorded, no other
    assert all(r["status"] == "new" for r in records), [r for r in records if r["status"] != "new"]
    assert not [r for r in records if r.get("details", {}).get("cause") in {"connect", "read", "timeout"}]
    for pid in ids:  # no failure streak raised by the interrupt
        state_file = store / pid / "state.json"
        if state_file.exists():
            assert json.loads(state_file.read_text()).get("failures", 0) == 0
    run = json.loads((store / "runs.jsonl").read_text().splitlines()[-1])
    assert run["interrupted"] is True and run["total"] == POLICIES
    assert run["counts"] == {"new": int(checked)} and not run["errors"]
    assert len(stdout.splitlines()) <= int(checked)  # a line for each policy the run got to report

    verified = run_cli("verify", "--store", store, cwd=tmp_path)
    assert verified.returncode == 0, verified.stdout + verified.stderr
    # the next run simply goes on: nothing to repair
    for pid in ids:
        http_server.routes[f"/{pid}"] = Response(policy_page(title=f"Privacy Policy {ids.index(pid)}"))
    again = run_cli("check", "--config", cfg, "--no-alerts", cwd=tmp_path, timeout=300)
    assert again.returncode == 0, again.stderr
    statuses = [line.split(": ")[1].split(" ")[0] for line in again.stdout.splitlines()]
    assert len(statuses) == POLICIES and set(statuses) <= {"new", "unchanged"}
    for pid in ids:  # one snapshot each: a body stored just before the interrupt is not stored twice
        log = (store / pid / "log.jsonl").read_text().splitlines()
        assert sum(json.loads(line)["type"] == "snapshot" for line in log) == 1
