"""The scheduling recipes of docs/checks.md, run as written: the GitHub Actions job's commands in a
local git repository (its commit holds snapshot data only: no lock, no state cache, no temporary
folder) and the cron line."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from tests.checks_helpers import SECTIONS, policy_page, write_config
from tests.conftest import REPO, LocalServer, Response

DOC = REPO / "docs" / "checks.md"
BIN = Path(sys.executable).parent


def _fenced(language: str) -> str:
    match = re.search(rf"```{language}\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)
    assert match, f"no {language} block in {DOC}"
    return match.group(1)


def _run_blocks(yaml_text: str) -> dict[str, str]:
    """The ``run: |`` scripts of the workflow, by step name (the step's ``name``, else its command)."""
    blocks: dict[str, str] = {}
    lines = yaml_text.splitlines()
    name = ""
    for index, line in enumerate(lines):
        if m := re.match(r"\s*- name: (.+)", line):
            name = m.group(1).strip()
        if re.match(r"\s*run: \|\s*$", line):
            indent = len(lines[index + 1]) - len(lines[index + 1].lstrip())
            body = []
            for follow in lines[index + 1 :]:
                if follow.strip() and len(follow) - len(follow.lstrip()) < indent:
                    break
                body.append(follow[indent:])
            blocks[name] = "\n".join(body) + "\n"
    return blocks


def _env(tmp: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    env["GITHUB_OUTPUT"] = str(tmp / "github_output")
    env.pop("POLICY_TRACKER_CONFIG", None)
    return env


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, text=True).stdout


def test_github_actions_recipe_commits_only_snapshot_data(tmp_path: Path, http_server: LocalServer) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    http_server.routes["/p"] = Response(policy_page())
    write_config(repo, [{"id": "acme", "name": "Acme", "url": http_server.url("/p")}])
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "add", "policies.toml")
    _git(repo, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", "config")
    blocks = _run_blocks(_fenced("yaml"))
    assert {"check", "commit snapshots"} <= set(blocks)
    commit = "\n".join(line for line in blocks["commit snapshots"].splitlines() if line.strip() != "git push")
    for version in (policy_page(), policy_page([(h, t + " We may sell it.") for h, t in SECTIONS])):
        http_server.routes["/p"] = Response(version)
        for script in (blocks["check"], commit):
            subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script],
                           cwd=repo, env=_env(tmp_path), check=True, capture_output=True)  # fmt: skip
        changed = _git(repo, "show", "--name-only", "--format=", "HEAD").split()
        assert changed and all(path.startswith("snapshots/") for path in changed), changed
        assert not [p for p in changed if re.search(r"(^|/)(\.lock|state\.json|\.tmp-[^/]*)$", p)], changed
    assert (tmp_path / "github_output").read_text().splitlines()[-1] == "code=1"  # the change, --exit-code
    assert (repo / "snapshots" / ".lock").exists()  # there, but ignored
    assert (repo / "snapshots" / "acme" / "state.json").exists()
    assert _git(repo, "status", "--porcelain", "--ignored", "snapshots").count("!!") >= 2
    log = _git(repo, "log", "--format=%s")
    assert log.count("policy check ") == 2
    assert any(p.endswith("/report.html") for p in _git(repo, "show", "--name-only", "--format=", "HEAD").split())


def test_cron_recipe_exits_zero_on_a_change(tmp_path: Path, http_server: LocalServer) -> None:
    http_server.routes["/p"] = Response(policy_page())
    write_config(tmp_path, [{"id": "acme", "name": "Acme", "url": http_server.url("/p")}])
    line = next(line for line in _fenced("cron").splitlines() if line.strip() and not line.startswith("#"))
    command = line.split(None, 5)[5]  # drop the five schedule fields
    command = command.replace("/srv/policies", str(tmp_path))
    command = command.replace(".venv/bin/policy-tracker", str(BIN / "policy-tracker"))
    for _ in range(2):
        done = subprocess.run(["sh", "-c", command], env=_env(tmp_path), capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
    http_server.routes["/p"] = Response("gone", 500)
    assert subprocess.run(["sh", "-c", command], env=_env(tmp_path)).returncode == 1  # failures do show
    log = (tmp_path / "check.log").read_text(encoding="utf-8")
    assert "acme: new" in log and "acme: unchanged" in log and "HTTP 500" in log
