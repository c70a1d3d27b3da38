"""Bad input found by the bad-input sweep (docs/benchmarks.md, "Bad input sweep", 2026-12-03): each gets one
line naming the file or policy and the cause, exit 2, and leaves the store byte for byte as it was.

The store is the one ``policy-tracker demo`` makes (two versions and a change), copied per test;
the CLI runs in a subprocess, as a user runs it.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.failure_helpers import assert_one_error, run_cli, tree_hashes

POLICY = "indiamart-privacy"


@pytest.fixture(scope="module")
def demo_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo's folder (config + store), made once for the module."""
    base = tmp_path_factory.mktemp("demo")
    result = run_cli("demo", "--dir", base / "demo", cwd=base, timeout=300)
    assert result.returncode == 0, result.stderr
    return base / "demo"


@pytest.fixture
def work(demo_folder: Path, tmp_path: Path) -> Path:
    """A fresh copy of the demo folder to break."""
    folder = tmp_path / "work"
    shutil.copytree(demo_folder, folder)
    return folder


def _store(work: Path) -> dict[str, str]:
    hashes = tree_hashes(work / "snapshots")
    hashes.pop(".lock", None)  # the lock file's presence is not the store's content
    return hashes


def _with_templates(work: Path, files: dict[str, str]) -> None:
    folder = work / "my-templates"
    folder.mkdir()
    for name, text in files.items():
        (folder / name).write_text(text)
    config = work / "policies.toml"
    text = config.read_text().replace('store = "snapshots"\n', 'store = "snapshots"\ntemplates = "my-templates"\n')
    config.write_text(text)


@pytest.mark.parametrize(
    ("template", "text", "cause"),
    [
        ("report.html", "{{ 1 / 0 }}", "ZeroDivisionError: division by zero"),
        ("report_change.html", "{{ 'a' + 1 }}", "TypeError: can only concatenate str"),
    ],
)
@pytest.mark.parametrize("command", [["site", "--out", "site"], ["notice", POLICY, "--out", "drafts"]])
def test_a_template_failing_at_render_time_is_one_line_naming_it(
    work: Path, template: str, text: str, cause: str, command: list[str]
) -> None:
    # a template that parses and passes the load-time checks but fails as Python does when rendered
    _with_templates(work, {template: text})
    before = _store(work)
    line = assert_one_error(run_cli(*command, cwd=work), contains=cause)
    assert f"my-templates/{template}, line 1" in line
    assert "internal error" not in line
    assert _store(work) == before


@pytest.mark.parametrize(
    ("command", "what"),
    [
        (["export", POLICY, "--at", "latest", "--out", "snapshots"], "an evidence bundle"),
        (["export", POLICY, "--at", "latest", "--out", f"snapshots/{POLICY}"], "an evidence bundle"),
        (["keygen", "--key", "snapshots/signing.pem"], "the private signing key"),
        (["notice", POLICY, "--out", "snapshots"], "notice drafts"),
    ],
)
def test_nothing_is_written_into_the_store_by_an_output_folder_inside_it(
    work: Path, command: list[str], what: str
) -> None:
    before = _store(work)
    line = assert_one_error(run_cli(*command, cwd=work), contains=what)
    assert "cannot be written inside the snapshot store" in line
    assert _store(work) == before


def test_notice_drafts_never_overwrite_the_chained_ones_of_the_change(work: Path) -> None:
    # --out naming the change's own folder would rewrite drafts its check record hashed
    change = next((work / "snapshots" / POLICY / "reports").iterdir())
    (change / "notice-email.txt").write_text("edited by hand since its check record hashed it")
    before = _store(work)
    assert_one_error(run_cli("notice", POLICY, "--out", change, cwd=work), contains="notice drafts given --out")
    assert _store(work) == before


@pytest.mark.parametrize("command", [["normalize"], ["normalize", "--format", "json"], ["diff", "ok.txt"]])
def test_a_binary_file_is_refused_not_printed(work: Path, command: list[str]) -> None:
    (work / "ok.txt").write_text("Privacy policy\n\nWe collect your email address.\n")
    (work / "photo.html").write_bytes(bytes(range(256)) * 40)
    result = run_cli(*command, "photo.html", cwd=work)
    assert_one_error(result, contains="photo.html: the body is not text")
    assert "\ufffd" not in result.stdout  # no text made of replacement characters (--format json: the error object)


@pytest.mark.parametrize("command", [["normalize"], ["diff", "ok.txt"]])
def test_a_folder_given_as_a_file_is_named_as_one(work: Path, command: list[str]) -> None:
    (work / "ok.txt").write_text("Privacy policy\n\nWe collect your email address.\n")
    (work / "saved.html").mkdir()
    assert_one_error(run_cli(*command, "saved.html", cwd=work), contains="saved.html: a folder, not a file")


@pytest.mark.parametrize("name", ["empty.html", "empty.md"])
def test_an_empty_file_is_one_line_without_a_library_warning(work: Path, name: str) -> None:
    # bs4 used to print "Some characters could not be decoded ..." on stderr before the error line
    (work / name).write_bytes(b"")
    assert_one_error(run_cli("normalize", name, cwd=work), contains=f"{name}: no policy text found")


def test_an_unsafe_anomaly_id_is_refused_in_plain_words(work: Path) -> None:
    before = _store(work)
    assert_one_error(run_cli("accept", POLICY, "--anomaly", "../../x", cwd=work), contains="is not an anomaly id")
    assert _store(work) == before


def _edit_record(work: Path, index: int, edit: Callable[[dict[str, Any]], Any]) -> None:
    log = work / "snapshots" / POLICY / "log.jsonl"
    lines = log.read_text().splitlines()
    record = json.loads(lines[index])
    lines[index] = json.dumps(edit(record) or record)
    log.write_text("\n".join(lines) + "\n")


def _prepend_line(work: Path, line: str) -> None:
    log = work / "snapshots" / POLICY / "log.jsonl"
    log.write_text(line + "\n" + log.read_text())


LOG_DAMAGE: dict[str, Callable[[Path], None]] = {
    "a log line that is a JSON array": lambda work: _prepend_line(work, "[1, 2]"),
    "a log line that is a JSON string": lambda work: _prepend_line(work, '"x"'),
    "a snapshot record whose meta is a string": lambda work: _edit_record(work, 0, lambda r: r.update(meta="x")),
    "a check record whose details are a list": lambda work: _edit_record(work, 1, lambda r: r.update(details=[1])),
    "a snapshot record whose id is a number": lambda work: _edit_record(work, 0, lambda r: r.update(snapshot_id=7)),
}
SNAPSHOT_DAMAGE: dict[str, str] = {
    "a policy.json that is a list": "[1, 2, 3]",
    "a policy.json without section ids": '{"sections": [{"heading": "x"}]}',
}


@pytest.mark.parametrize("damage", list(LOG_DAMAGE))
@pytest.mark.parametrize(
    "command",
    [["diff", f"{POLICY}@previous", f"{POLICY}@latest"], ["review", "--json"], ["history", POLICY, "--json"]],
    ids=["diff", "review", "history"],
)
def test_a_damaged_log_is_one_line_naming_the_policy(work: Path, damage: str, command: list[str]) -> None:
    LOG_DAMAGE[damage](work)
    before = _store(work)
    line = assert_one_error(run_cli(*command, cwd=work), contains=f"policy {POLICY!r}")
    assert "internal error" not in line
    assert _store(work) == before


@pytest.mark.parametrize("damage", list(SNAPSHOT_DAMAGE))
def test_a_damaged_snapshot_document_is_one_line_naming_it(work: Path, damage: str) -> None:
    sorted((work / "snapshots" / POLICY / "snap").iterdir())[-1].joinpath("policy.json").write_text(
        SNAPSHOT_DAMAGE[damage]
    )
    before = _store(work)
    result = run_cli("diff", f"{POLICY}@previous", f"{POLICY}@latest", cwd=work)
    line = assert_one_error(result, contains="policy.json is malformed")
    assert f"policy {POLICY!r}: snapshot " in line
    assert _store(work) == before


@pytest.mark.parametrize("damage", list(LOG_DAMAGE))
def test_verify_reports_a_damaged_log_without_an_internal_error(work: Path, damage: str) -> None:
    LOG_DAMAGE[damage](work)
    before = _store(work)
    result = run_cli("verify", cwd=work)
    assert result.returncode == 2, result.stderr
    assert "internal error" not in result.stderr and "Traceback" not in result.stderr
    assert _store(work) == before


@pytest.mark.parametrize("state", ['{"etag": 5, "failures": "x"}', '{"failures": -3}', "[1]", '{"etag": "\xff'])
def test_a_damaged_state_cache_is_rebuilt_from_the_log(work: Path, state: str) -> None:
    # state.json is derived (ETag, failure streak): damaged, it is rebuilt, never an internal error
    (work / "snapshots" / POLICY / "state.json").write_text(state, encoding="latin-1")
    before = _store(work)
    result = run_cli("check", "--dry-run", cwd=work)  # the demo's server is gone: the fetch fails
    assert result.returncode == 2, result.stderr
    assert "internal error" not in result.stderr and "Traceback" not in result.stderr
    assert f"error: policy {POLICY!r}: " in result.stderr and "cannot connect" in result.stderr
    assert _store(work) == before


@pytest.mark.parametrize("command", [("list",), ("check", "--dry-run"), ("add", "https://policy.invalid/privacy")])
def test_a_policies_toml_that_is_a_folder_is_named_not_passed_over(tmp_path: Path, command: tuple[str, ...]) -> None:
    """./policies.toml made a folder by mistake: the error names it (it used to say "no config
    file", as if there were none, and ``add`` gave the raw OS error)."""
    (tmp_path / "policies.toml").mkdir()
    (tmp_path / "policies.toml" / "keep.txt").write_text("a file the folder holds\n")
    before = tree_hashes(tmp_path)
    result = run_cli(*command, cwd=tmp_path)
    assert_one_error(result, contains="policies.toml: config is a folder, not a file")
    assert tree_hashes(tmp_path) == before


def test_every_command_that_writes_a_folder_takes_o_for_it(work: Path) -> None:
    # -o is how diff and report name their output: site, notice and export take it for their folder
    assert run_cli("site", "-o", "public", cwd=work).returncode == 0
    assert (work / "public" / "index.html").is_file()
    assert run_cli("notice", POLICY, "-o", "drafts", cwd=work).returncode == 0
    assert any((work / "drafts").iterdir())
