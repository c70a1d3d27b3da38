"""End to end through the installed command: demo, diff of two files, history, normalize."""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import LocalServer, Response
from tracker.cli import main
from tracker.demo import demo_page

CLI = [sys.executable, "-m", "tracker"]


def page(version: int) -> str:
    """A demo page with fresh tokens, as the demo server would serve it."""
    text = demo_page(version)
    return text.replace("__CSRF__", secrets.token_hex(16)).replace("__CACHEBUST__", secrets.token_hex(4))


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    return subprocess.run([*CLI, *args], cwd=cwd, capture_output=True, text=True, timeout=120, env=env)


def test_demo_runs_offline_and_reports_the_edit(tmp_path: Path) -> None:
    result = run_cli("demo", "--dir", str(tmp_path / "demo"), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("first check of version 1: new")
    assert lines[1].startswith("re-check of version 1") and ": unchanged" in lines[1]
    assert ": changed" in lines[2]
    report = next(line.split(None, 1)[1] for line in lines if line.startswith("report:"))
    html = Path(report).read_text(encoding="utf-8")
    assert "five years" in html  # the retention edit is in the redline
    assert "Advertising and analytics partners" in html  # the added clause
    notices = [line.split()[1] for line in lines if line.startswith("notice:")]
    assert notices, result.stdout
    assert all(Path(n).is_file() and Path(n).stat().st_size > 0 for n in notices)
    # two snapshots, three checks: the noise-only re-check stored nothing
    log = (tmp_path / "demo" / "snapshots" / "indiamart-privacy" / "log.jsonl").read_text().splitlines()
    kinds = [json.loads(line)["type"] for line in log]
    assert kinds.count("snapshot") == 2
    assert kinds.count("check") == 3


def test_diff_two_html_files_as_json(tmp_path: Path) -> None:
    old, new = tmp_path / "old.html", tmp_path / "new.html"
    old.write_text(page(1), encoding="utf-8")
    new.write_text(page(2), encoding="utf-8")
    result = run_cli("diff", str(old), str(new), "--format", "json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["schema"] == "policy-tracker/diff/2"
    assert data["old"]["last_updated"] == "2024-06-19"
    assert data["new"]["last_updated"] == "2026-11-02"
    assert data["date_changed"] is True
    assert data["has_changes"] is True
    changed = {c["new_heading"] or c["old_heading"] for c in data["changes"] if not c["editorial"]}
    assert {"COLLECTION OF INFORMATION", "DISCLOSURE OF INFORMATION", "DATA COLLECTION RELATING TO CHILDREN"} <= changed
    for change in data["changes"]:
        assert change["kind"] in {"added", "removed", "modified", "moved", "renamed", "split", "merged"}
        assert {"old_heading", "new_heading", "old_text", "new_text", "clauses"} <= change.keys()
    # cookie banner and tokens never show up as policy text
    assert "Manage your preferences" not in result.stdout
    children = next(c for c in data["changes"] if c["old_heading"] == "DATA COLLECTION RELATING TO CHILDREN")
    assert any(cl["kind"] == "removed" and "under 18" in cl["old_text"] for cl in children["clauses"])


def test_diff_exit_code_like_git_diff(tmp_path: Path) -> None:
    a, b = tmp_path / "a.html", tmp_path / "b.html"
    a.write_text(page(1), encoding="utf-8")
    b.write_text(page(1), encoding="utf-8")  # same policy, different tokens
    same = run_cli("diff", str(a), str(b), "--exit-code", cwd=tmp_path)
    assert same.returncode == 0, same.stderr
    b.write_text(page(2), encoding="utf-8")
    changed = run_cli("diff", str(a), str(b), "--exit-code", cwd=tmp_path)
    assert changed.returncode == 1, changed.stderr


def test_diff_html_report_escapes_policy_text(tmp_path: Path) -> None:
    a, b = tmp_path / "a.html", tmp_path / "b.html"
    a.write_text("<html><body><main><h2>Cookies</h2><p>We use cookies.</p></main></body></html>")
    b.write_text(
        "<html><body><main><h2>Cookies</h2><p>We use cookies &lt;script&gt;alert(1)&lt;/script&gt; "
        "and &lt;img src=x onerror=alert(2)&gt; beacons.</p></main></body></html>"
    )
    out = tmp_path / "r.html"
    result = run_cli("diff", str(a), str(b), "--format", "html", "-o", str(out), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    html = out.read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)" in html
    assert "<script>alert(1)" not in html
    assert "<img src=x onerror" not in html


def test_bad_inputs_are_one_line_errors(tmp_path: Path) -> None:
    missing = run_cli("diff", "nope.html", "also-nope.html", cwd=tmp_path)
    assert missing.returncode == 2
    assert missing.stderr.strip().count("\n") == 0
    assert "nope.html" in missing.stderr
    bad_config = tmp_path / "bad.toml"
    bad_config.write_text('[[policy]]\nid = "x"\nname = "X"\nurl = "nope"\n')
    result = run_cli("history", "x", "--config", str(bad_config), cwd=tmp_path)
    assert result.returncode == 2
    assert "policy 'x', field 'url'" in result.stderr
    no_history = run_cli("history", "ghost", "--store", str(tmp_path / "store"), cwd=tmp_path)
    assert no_history.returncode == 2
    assert "ghost" in no_history.stderr


def test_history_and_store_refs_after_checks(tmp_path: Path, http_server: LocalServer) -> None:
    http_server.routes["/robots.txt"] = Response("User-agent: *\nAllow: /\n", headers={"Content-Type": "text/plain"})
    config = tmp_path / "policies.toml"
    config.write_text(
        f'[[policy]]\nid = "indiamart-privacy"\nname = "IndiaMART"\nurl = "{http_server.url("/privacy-policy.html")}"\n'
    )
    runner = CliRunner()
    for version in (1, 2):
        http_server.routes["/privacy-policy.html"] = Response(page(version))
        result = runner.invoke(main, ["check", "--config", str(config)])
        assert result.exit_code == 0, result.output
    history = runner.invoke(main, ["history", "indiamart-privacy", "--config", str(config), "--json"])
    assert history.exit_code == 0, history.output
    entries = json.loads(history.output)
    assert [e["status"] for e in entries if e["kind"] == "check"] == ["new", "changed"]
    assert sum(1 for e in entries if e["kind"] == "snapshot") == 2
    diff = runner.invoke(
        main,
        ["diff", "indiamart-privacy@previous", "indiamart-privacy@latest", "--config", str(config), "--format", "json"],
    )
    assert diff.exit_code == 0, diff.output
    data = json.loads(diff.output)
    assert data["policy_id"] == "indiamart-privacy"
    assert data["old"]["label"].startswith("indiamart-privacy@")
    assert data["has_changes"]


def test_normalize_finds_seed_pseudo_headings_and_date(tmp_path: Path) -> None:
    source = tmp_path / "policy.html"
    source.write_text(page(1), encoding="utf-8")
    result = CliRunner().invoke(main, ["normalize", str(source), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["last_updated"] == "2024-06-19"
    headings = [s["heading"] for s in data["sections"]]
    for expected in ("COLLECTION OF INFORMATION", "COOKIES", "GRIEVANCE OFFICER", "DATA TRANSFERS"):
        assert expected in headings
    markdown = CliRunner().invoke(main, ["normalize", str(source)])
    assert markdown.exit_code == 0
    assert "We use cookies to give you the best experience" not in markdown.output  # the banner
    assert "Subscribe" not in markdown.output  # the form
    assert "Copyright" not in markdown.output  # the footer


@pytest.mark.parametrize("command", ["check", "diff", "history", "normalize", "demo"])
def test_every_core_command_has_help(command: str) -> None:
    result = CliRunner().invoke(main, [command, "--help"])
    assert result.exit_code == 0
    assert "Usage:" in result.output
