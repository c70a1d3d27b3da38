"""The tools that ``benchmarks/peers.py`` runs: how each is installed, configured and driven headless.

Every tool gets the same job list (``urls``), the same number of requests in flight
(``workers``) and no politeness delay, and keeps its store in the folder it is given, which is
fresh for every cold run. ``command`` is what runs one phase; ``seen`` reads, after a phase, how
many policies the tool reported as new (cold) or changed (changed phase).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PEERS = REPO / "benchmarks" / ".peers"

# urlwatch has no option for its thread count (a module constant, 10): this sets it, then runs its CLI
URLWATCH_SHIM = (
    "import sys, urlwatch.worker as w; w.MAX_WORKERS = int(sys.argv.pop(1)); "
    "from urlwatch.cli import main; sys.argv[0] = 'urlwatch'; main()"
)
# changedetection.io's batch mode (-b) stops waiting for its queue after 300 polls (~4 min) and
# exits whatever is left: this lifts that cap (nothing else changes), so a large N completes
CHANGEDETECTION_SHIM = (
    "import sys; from changedetectionio import worker_pool as wp; _wait = wp.wait_for_all_checks; "
    "wp.wait_for_all_checks = lambda q, timeout=300: _wait(q, timeout=10**6); "
    "import changedetectionio; sys.argv[0] = 'changedetection.io'; changedetectionio.main()"
)


@dataclass
class Tool:
    name: str
    settings: str = ""  # printed with the results

    def install(self, log: Path) -> str | None:
        """Install the tool if needed; None when it runs, else the reason it cannot be run here."""
        return None

    def prepare(self, work: Path, urls: list[str], workers: int) -> None:
        raise NotImplementedError

    def command(self, work: Path, phase: str, workers: int) -> tuple[list[str], dict[str, str]]:
        raise NotImplementedError

    def seen(self, work: Path, phase: str, stdout: str) -> int:
        raise NotImplementedError


def _venv(name: str, packages: list[str], probe: str, log: Path) -> str | None:
    """Create ``benchmarks/.peers/<name>`` and pip-install ``packages`` unless ``probe`` already imports."""
    env = PEERS / name
    python = env / "bin" / "python"
    if python.exists() and subprocess.run([str(python), "-c", probe], capture_output=True).returncode == 0:
        return None
    PEERS.mkdir(parents=True, exist_ok=True)
    with log.open("a") as out:
        steps = [[sys.executable, "-m", "venv", str(env)], [str(python), "-m", "pip", "install", "-q", *packages]]
        for step in steps:
            if subprocess.run(step, stdout=out, stderr=subprocess.STDOUT, timeout=1800).returncode != 0:
                return f"`{' '.join(step[-len(packages) - 2 :])}` failed (see {log})"
    check = subprocess.run([str(python), "-c", probe], capture_output=True, text=True)
    if check.returncode != 0:
        return f"installed but does not import: {(check.stderr.strip().splitlines() or ['?'])[-1]}"
    return None


class PolicyTracker(Tool):
    def __init__(self) -> None:
        super().__init__("policy-tracker")

    def install(self, log: Path) -> str | None:
        exe = REPO / ".venv" / "bin" / "policy-tracker"
        return None if exe.exists() else f"{exe} missing: python3 -m venv .venv && .venv/bin/pip install -e ."

    def prepare(self, work: Path, urls: list[str], workers: int) -> None:
        self.settings = (
            f"CLI `policy-tracker check --json --no-alerts`; concurrency = {workers}, per_host = {workers}, "
            'host_delay = 0, respect_robots = false, render = "static" (no peer runs page scripts; '
            "other settings default)"
        )
        lines = [
            "[settings]",
            'store = "store"',
            f"concurrency = {workers}",
            f"per_host = {workers}",
            "host_delay = 0",
            "respect_robots = false",
            # no peer runs a page's scripts: auto would compare a few thin pages with Chromium
            'render = "static"',
            "",
        ]
        for i, url in enumerate(urls):
            lines += ["[[policy]]", f'id = "p{i}"', f'name = "Policy {i}"', f'url = "{url}"', ""]
        (work / "policies.toml").write_text("\n".join(lines))

    def command(self, work: Path, phase: str, workers: int) -> tuple[list[str], dict[str, str]]:
        exe = str(REPO / ".venv" / "bin" / "policy-tracker")
        return [exe, "check", "--config", str(work / "policies.toml"), "--json", "--no-alerts"], {}

    def seen(self, work: Path, phase: str, stdout: str) -> int:
        counts = json.loads(stdout)["counts"]
        return int(counts.get("new" if phase == "cold" else "changed", 0))


class Urlwatch(Tool):
    """urlwatch 2.x: one YAML document per job, its cache (minidb/SQLite) in the run's folder."""

    def __init__(self, name: str, text: bool) -> None:
        super().__init__(name)
        self.text = text

    def install(self, log: Path) -> str | None:
        return _venv("urlwatch", ["urlwatch", "html2text"], "import urlwatch, html2text", log)

    def prepare(self, work: Path, urls: list[str], workers: int) -> None:
        filt = "filter:\n  - html2text:\n      method: pyhtml2text\n" if self.text else ""
        jobs = [f"name: p{i}\nurl: {url}\n{filt}" for i, url in enumerate(urls)]
        (work / "urls.yaml").write_text("---\n".join(jobs))
        (work / "urlwatch.yaml").write_text(
            "display:\n  new: true\n  error: true\n  unchanged: false\n"
            "report:\n  stdout:\n    enabled: true\n    color: false\n  text:\n    details: false\n    footer: false\n"
        )
        self.settings = (
            f"urlwatch CLI, {workers} worker threads (urlwatch.worker.MAX_WORKERS), "
            + ("filter html2text (method pyhtml2text: the html2text package)" if self.text else "no filter (raw HTML)")
            + ", report to stdout without details"
        )

    def command(self, work: Path, phase: str, workers: int) -> tuple[list[str], dict[str, str]]:
        python = str(PEERS / "urlwatch" / "bin" / "python")
        files = ["--urls", "urls.yaml", "--config", "urlwatch.yaml", "--cache", "cache.db", "--hooks", "hooks.py"]
        return [python, "-c", URLWATCH_SHIM, str(workers), *[str(work / f) if f[0] != "-" else f for f in files]], {}

    def seen(self, work: Path, phase: str, stdout: str) -> int:
        word = "NEW" if phase == "cold" else "CHANGED"
        return len(re.findall(rf"^\d+\. {word}: ", stdout, re.M))


class ChangeDetection(Tool):
    """changedetection.io in its batch mode (-b): add the watches (-u) or recheck them all (-r all), then exit."""

    def __init__(self) -> None:
        super().__init__("changedetection")

    def install(self, log: Path) -> str | None:
        reason = _venv("changedetection", ["changedetection.io"], "import changedetectionio", log)
        if reason:
            return reason
        python = PEERS / "changedetection" / "bin" / "python"
        run = subprocess.run(
            [str(python), "-c", "import changedetectionio.store, changedetectionio.flask_app"],
            capture_output=True,
            text=True,
            timeout=300,
        )
        if run.returncode != 0:
            return f"does not start here: {(run.stderr.strip().splitlines() or ['?'])[-1]}"
        return None

    def prepare(self, work: Path, urls: list[str], workers: int) -> None:
        (work / "urls.txt").write_text("\n".join(urls))
        (work / "datastore").mkdir()
        self.settings = (
            f"changedetection.io batch mode (-b), FETCH_WORKERS={workers}, default processor (text_json_diff, "
            "plain requests fetcher), log level WARNING, ALLOW_IANA_RESTRICTED_ADDRESSES=true (to fetch from "
            "127.0.0.1); it sends no If-None-Match, so every check fetches the whole page; batch mode waits 3 s "
            "before it polls its queue"
        )

    def command(self, work: Path, phase: str, workers: int) -> tuple[list[str], dict[str, str]]:
        import socket

        with socket.socket() as s:  # batch mode refuses to run when its (unused) web port is taken
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        python = str(PEERS / "changedetection" / "bin" / "python")
        cmd = [python, "-c", CHANGEDETECTION_SHIM, "-d", str(work / "datastore"), "-b", "-h", "127.0.0.1"]
        cmd += ["-p", str(port), "-l", "WARNING"]
        if phase == "cold":
            for url in (work / "urls.txt").read_text().splitlines():
                cmd += ["-u", url]
        else:
            cmd += ["-r", "all"]
        return cmd, {"FETCH_WORKERS": str(workers), "ALLOW_IANA_RESTRICTED_ADDRESSES": "true"}

    def seen(self, work: Path, phase: str, stdout: str) -> int:
        """Watches with a snapshot (cold) or with one more snapshot than before the phase (changed)."""
        lines = {}
        for h in (work / "datastore").glob("*/history.txt"):
            lines[h.parent.name] = sum(1 for ln in h.read_text().splitlines() if ln.strip())
        before = getattr(self, "_before", {})
        self._before = lines
        if phase == "cold":
            return sum(1 for n in lines.values() if n >= 1)
        return sum(1 for k, n in lines.items() if n > before.get(k, 0))


def all_tools() -> list[Tool]:
    return [PolicyTracker(), Urlwatch("urlwatch-raw", False), Urlwatch("urlwatch-text", True), ChangeDetection()]
