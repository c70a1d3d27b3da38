"""Issue 12 items 2, 3 and 6 through the real CLI: every failure is one line, exit 2, store untouched;
exit codes tell the truth; a failing policy is reported once."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from filelock import FileLock

from tests.conftest import LocalServer, Response
from tests.failure_helpers import assert_one_error, fill_disk, policy_page, run_cli, tree_hashes, write_config


def _checked_store(tmp_path: Path, http_server: LocalServer) -> tuple[Path, Path]:
    """A config with one policy served by ``http_server`` and a store holding its first snapshot."""
    http_server.routes["/privacy"] = Response(policy_page())
    cfg = write_config(tmp_path / "policies.toml", [("acme", http_server.url("/privacy"))])
    first = run_cli("check", "--config", cfg, cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    return cfg, tmp_path / "snapshots"


# ---------------------------------------------------------------- item 2: one line, exit 2, untouched


def test_store_path_that_is_a_file(tmp_path: Path) -> None:
    store = tmp_path / "snapshots"
    store.write_text("not a store\n")
    cfg = write_config(tmp_path / "policies.toml", [("acme", "http://127.0.0.1:9/privacy")])
    before = tree_hashes(store)
    assert_one_error(run_cli("check", "--config", cfg, cwd=tmp_path), contains="not a folder")
    assert tree_hashes(store) == before


def test_folder_that_is_not_a_store_is_refused(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    (home / "notes.txt").write_text("my notes\n")
    (home / "projects").mkdir()
    cfg = write_config(tmp_path / "policies.toml", [("acme", "http://127.0.0.1:9/privacy")], f'store = "{home}"\n')
    before = tree_hashes(home)
    assert_one_error(run_cli("check", "--config", cfg, cwd=tmp_path), contains="not a policy-tracker store")
    assert tree_hashes(home) == before


def test_unmarked_store_is_adopted_and_marked(tmp_path: Path, http_server: LocalServer) -> None:
    cfg, store = _checked_store(tmp_path, http_server)
    marker = store / ".policy-tracker-store"
    assert json.loads(marker.read_text()) == {"format": 1, "tool": "policy-tracker"}
    marker.unlink()  # a store written before the marker existed
    again = run_cli("check", "--config", cfg, cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert again.stdout.strip() == "acme: unchanged" and marker.is_file()


@pytest.fixture
def read_only(tmp_path: Path) -> Iterator[Path]:
    """A folder that becomes a read-only bind mount of itself (root can write through chmod)."""
    folder = tmp_path / "ro"
    folder.mkdir()
    yield folder
    if os.geteuid() == 0:
        subprocess.run(["umount", str(folder)], capture_output=True, check=False)
    else:
        for path in [folder, *folder.rglob("*")]:
            path.chmod(0o755 if path.is_dir() else 0o644)


def test_read_only_store(tmp_path: Path, http_server: LocalServer, read_only: Path) -> None:
    http_server.routes["/privacy"] = Response(policy_page())
    cfg = write_config(
        tmp_path / "policies.toml", [("acme", http_server.url("/privacy"))], f'retries = 0\nstore = "{read_only}"\n'
    )
    assert run_cli("check", "--config", cfg, cwd=tmp_path).returncode == 0
    if os.geteuid() != 0:  # without root, permissions make it read-only (root would ignore them)
        for path in [read_only, *read_only.rglob("*")]:
            path.chmod(0o555 if path.is_dir() else 0o444)
    else:
        for step in (["mount", "--bind", read_only, read_only], ["mount", "-o", "remount,ro,bind", read_only]):
            if subprocess.run([str(s) for s in step], capture_output=True, check=False).returncode != 0:
                pytest.skip("cannot make a read-only bind mount here")
    before = tree_hashes(read_only)
    http_server.routes["/privacy"] = Response(policy_page(retention="We keep it forever."))
    line = assert_one_error(run_cli("check", "--config", cfg, cwd=tmp_path), contains="cannot write")
    assert "Read-only file system" in line or "Permission denied" in line
    assert tree_hashes(read_only) == before


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 4 MB tmpfs: a disk that can really fill up."""
    disk = tmp_path / "disk"
    disk.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(disk)], capture_output=True)
    if mounted.returncode != 0:
        pytest.skip("cannot mount a tmpfs here (needs root)")
    yield disk
    subprocess.run(["umount", str(disk)], capture_output=True, check=False)


def test_disk_filling_during_check_then_recovery(tmp_path: Path, http_server: LocalServer, small_disk: Path) -> None:
    http_server.routes["/privacy"] = Response(policy_page())
    store = small_disk / "snapshots"
    cfg = write_config(tmp_path / "policies.toml", [("acme", http_server.url("/privacy"))], f'store = "{store}"\n')
    assert run_cli("check", "--config", cfg, cwd=tmp_path).returncode == 0
    # a changed policy with a large body, on a disk with no room left
    big = policy_page(
        retention="We keep your information for five years.", sharing_tail=" and" + " more words" * 40_000
    )
    http_server.routes["/privacy"] = Response(big)
    filler = fill_disk(small_disk)
    full = run_cli("check", "--config", cfg, cwd=tmp_path)
    assert_one_error(full, contains="No space left on device")
    assert full.stdout == ""
    filler.unlink()  # the disk has room again: the next run recovers by itself
    recovered = run_cli("check", "--config", cfg, "--exit-code", cwd=tmp_path)
    assert recovered.returncode == 1, recovered.stderr
    assert recovered.stdout.startswith("acme: changed")
    verified = run_cli("verify", "--store", store, cwd=tmp_path)
    assert verified.returncode == 0, verified.stdout + verified.stderr
    for line in (store / "runs.jsonl").read_text().splitlines():
        json.loads(line)  # no torn line left behind


def test_write_failing_during_check_then_recovery(tmp_path: Path, http_server: LocalServer) -> None:
    """The same without privileges: the check process may not write a file over 64 KB, so the
    large new snapshot fails to write (EFBIG) on a real file system."""
    http_server.routes["/privacy"] = Response(policy_page())
    cfg = write_config(tmp_path / "policies.toml", [("acme", http_server.url("/privacy"))])
    assert run_cli("check", "--config", cfg, cwd=tmp_path).returncode == 0
    store = tmp_path / "snapshots"
    before = {k: v for k, v in tree_hashes(store).items() if not k.endswith("runs.jsonl")}
    big = policy_page(
        retention="We keep your information for five years.", sharing_tail=" and" + " more words" * 40_000
    )
    http_server.routes["/privacy"] = Response(big)
    failed = run_cli("check", "--config", cfg, cwd=tmp_path, max_file_bytes=64 * 1024)
    assert_one_error(failed, contains="cannot write: File too large")
    after = tree_hashes(store)
    assert {k: v for k, v in after.items() if k in before} == before  # nothing recorded was changed
    assert json.loads((store / "runs.jsonl").read_text().splitlines()[-1])["stopped"].startswith("store ")
    recovered = run_cli("check", "--config", cfg, "--exit-code", cwd=tmp_path)
    assert recovered.returncode == 1 and recovered.stdout.startswith("acme: changed"), recovered.stderr
    assert run_cli("verify", "--store", store, cwd=tmp_path).returncode == 0


def test_output_under_a_missing_folder_is_created(tmp_path: Path) -> None:
    (tmp_path / "a.html").write_text(policy_page())
    (tmp_path / "b.html").write_text(policy_page(retention="We keep your information for five years."))
    out = tmp_path / "reports" / "2026" / "redline.html"
    result = run_cli("diff", "a.html", "b.html", "--format", "html", "-o", out, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "five years" in out.read_text()
    (tmp_path / "blocker").write_text("a file, not a folder")
    assert_one_error(run_cli("diff", "a.html", "b.html", "-o", tmp_path / "blocker" / "x.md", cwd=tmp_path))


@pytest.mark.parametrize(
    ("url", "cause"),
    [
        ("http://[::1/x", "not a valid URL"),
        ("http://exa mple.com/privacy", "contains spaces"),
        ("http://127.000.000.001/privacy", "not a valid IPv4 address"),
        ("ftp://example.com/privacy", "must be an http(s) URL"),
    ],
)
def test_invalid_urls_are_refused_at_load(tmp_path: Path, url: str, cause: str) -> None:
    cfg = write_config(tmp_path / "policies.toml", [("acme", url)])
    line = assert_one_error(run_cli("check", "--config", cfg, cwd=tmp_path), contains=cause)
    assert "policy 'acme', field 'url'" in line
    assert not (tmp_path / "snapshots").exists()


def test_invalid_url_argument(tmp_path: Path) -> None:
    (tmp_path / "a.html").write_text(policy_page())
    assert_one_error(run_cli("diff", "a.html", "http://[::1/x", cwd=tmp_path), contains="not a valid URL")


def test_alert_url_apprise_cannot_parse(tmp_path: Path) -> None:
    settings = 'alerts = ["json://hooks.example/ok", "nonsense://user:secret@x"]\n'
    cfg = write_config(tmp_path / "policies.toml", [("acme", "http://127.0.0.1:9/p")], settings)
    line = assert_one_error(run_cli("check", "--config", cfg, cwd=tmp_path), contains="apprise cannot use")
    assert "nonsense://user:***@x" in line and "secret" not in line


def test_unknown_date(tmp_path: Path, http_server: LocalServer) -> None:
    cfg, store = _checked_store(tmp_path, http_server)
    before = tree_hashes(store)
    line = assert_one_error(run_cli("diff", "acme@2026-13-01", "acme@latest", cwd=tmp_path))
    assert "'2026-13-01' is not a valid date" in line
    assert_one_error(run_cli("export", "acme", "--at", "2026-02-30", cwd=tmp_path), contains="not a valid date")
    assert tree_hashes(store) == before


def test_invalid_css_selector(tmp_path: Path) -> None:
    (tmp_path / "a.html").write_text(policy_page())
    line = assert_one_error(run_cli("normalize", "--select", "div[", "a.html", cwd=tmp_path))
    assert "invalid CSS selector 'div['" in line
    cfg = tmp_path / "policies.toml"
    cfg.write_text('[[policy]]\nid = "acme"\nname = "A"\nurl = "http://127.0.0.1:9/p"\nremove = ["p >> ("]\n')
    assert_one_error(run_cli("check", "--config", cfg, cwd=tmp_path), contains="invalid CSS selector")


@pytest.mark.parametrize(
    "args",
    [["check", "--bogus"], ["diff"], ["no-such-command"], ["history", "--json", "--bogus"], ["check", "--store"]],
)
def test_click_usage_errors_are_one_line(tmp_path: Path, args: list[str]) -> None:
    line = assert_one_error(run_cli(*args, cwd=tmp_path))
    assert line.startswith("error: usage: policy-tracker")


def test_unexpected_exception_exits_2_not_1(tmp_path: Path) -> None:
    """A bug anywhere (here: an injected one) is one ``internal error`` line and exit 2."""
    (tmp_path / "a.html").write_text(policy_page())
    code = (
        "import sys, tracker.sources as s\n"
        "def boom(*a, **k):\n    raise RuntimeError('boom\\nsecond line')\n"
        "s.load_version = boom\n"
        "from tracker.cli import main\n"
        "main(['normalize', 'a.html'])\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, check=False)
    assert result.returncode == 2
    assert result.stderr.splitlines() == ["error: internal error: RuntimeError: boom"]


# ---------------------------------------------------------------- item 3: exit codes


def test_exit_codes_editorial_is_no_change_in_check_and_diff(tmp_path: Path, http_server: LocalServer) -> None:
    cfg, store = _checked_store(tmp_path, http_server)
    # inflection only ("help" -> "helps", "service" -> "services"): classified editorial
    http_server.routes["/privacy"] = Response(
        policy_page().replace("who help us run the service", "who helps us run the services")
    )
    editorial = run_cli("check", "--config", cfg, "--exit-code", "--json", cwd=tmp_path)
    assert editorial.returncode == 0, editorial.stderr
    record = json.loads(editorial.stdout)["policies"][0]
    assert record["status"] == "changed" and record["has_changes"] is False
    assert run_cli("diff", "acme@previous", "acme@latest", "--exit-code", cwd=tmp_path).returncode == 0

    http_server.routes["/privacy"] = Response(policy_page(retention="We keep your information for five years."))
    material = run_cli("check", "--config", cfg, "--exit-code", cwd=tmp_path)
    assert material.returncode == 1, material.stderr
    assert run_cli("diff", "acme@previous", "acme@latest", "--exit-code", cwd=tmp_path).returncode == 1
    assert run_cli("diff", "acme@previous", "acme@latest", cwd=tmp_path).returncode == 0  # no flag: 0


def test_locked_store_gives_a_json_error_object(tmp_path: Path, http_server: LocalServer) -> None:
    cfg, store = _checked_store(tmp_path, http_server)
    before = tree_hashes(store)
    with FileLock(str(store / ".lock")):
        result = run_cli("check", "--config", cfg, "--json", cwd=tmp_path)
    assert_one_error(result, contains="locked by another run")
    assert json.loads(result.stdout) == {
        "schema": "policy-tracker/error/1",
        "kind": "error",
        "error": f"store {store}: locked by another run (.lock)",
        "exit_code": 2,
    }
    assert tree_hashes(store) == before


# ---------------------------------------------------------------- item 6: each failure once


def test_failing_policy_is_reported_once(tmp_path: Path, http_server: LocalServer) -> None:
    http_server.routes["/ok"] = Response(policy_page())
    cfg = write_config(tmp_path / "policies.toml", [("good", http_server.url("/ok")), ("gone", http_server.url("/x"))])
    result = run_cli("check", "--config", cfg, cwd=tmp_path)
    assert result.returncode == 2
    assert result.stdout.splitlines() == [next(iter(result.stdout.splitlines()))]
    assert result.stdout.startswith("good: new - first snapshot")
    assert result.stderr.splitlines() == [f"error: policy 'gone': {http_server.url('/x')}: HTTP 404"]
    assert (result.stdout + result.stderr).count("gone") == 1
    as_json = run_cli("check", "--config", cfg, "--json", cwd=tmp_path)
    assert [p["status"] for p in json.loads(as_json.stdout)["policies"]] == ["unchanged", "error"]
    assert as_json.stderr.count("gone") == 1


def test_shutil_which_policy_tracker_matches_module(tmp_path: Path) -> None:
    """The console script is the same CLI as ``python -m tracker`` (the tests use the latter)."""
    script = shutil.which("policy-tracker", path=str(Path(sys.executable).parent))
    assert script is not None
    result = subprocess.run([script, "check", "--bogus"], capture_output=True, text=True, check=False)
    assert result.returncode == 2 and result.stderr.startswith("error: usage: policy-tracker check: ")


# ---------------------------------------------------------------- the demo's directions


def test_demo_prints_its_folder_and_the_cd(tmp_path: Path) -> None:
    work = tmp_path / "demo"
    result = run_cli("demo", "--dir", work, cwd=tmp_path, timeout=300)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert f"folder:  {work}" in lines
    command = f"cd {work} && policy-tracker history indiamart-privacy"
    assert lines[-1].strip() == command
    history = run_cli("history", "indiamart-privacy", cwd=work)  # what that line runs, in that folder
    assert history.returncode == 0 and history.stdout.count(" check ") == 3
