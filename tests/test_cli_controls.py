"""CLI control: check --force and --dry-run, add/list/remove keeping the TOML's comments,
--quiet/--verbose through logging, the config discovery order, shell completion."""

from __future__ import annotations

import hashlib
import json
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.checks_helpers import SECTIONS, policy_page, write_config
from tests.conftest import LocalServer, Response
from tracker.cli import main

LAST_MODIFIED = "Wed, 19 Jun 2024 10:00:00 GMT"


def _every_byte(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def _runner(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("POLICY_TRACKER_CONFIG", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    return CliRunner()


def _sticky_server(http_server: LocalServer, pages: dict[str, str]) -> None:
    """A server that answers 304 to any If-Modified-Since: its Last-Modified never moves."""

    def answer(handler: BaseHTTPRequestHandler) -> Response:
        if handler.headers.get("If-Modified-Since"):
            return Response(b"", 304, {"Last-Modified": LAST_MODIFIED})
        return Response(pages["now"], headers={"Content-Type": "text/html", "Last-Modified": LAST_MODIFIED})

    http_server.routes["/p"] = answer


def test_force_ignores_a_stuck_last_modified(
    tmp_path: Path, http_server: LocalServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    runner = _runner(tmp_path, monkeypatch)
    pages = {"now": policy_page()}
    _sticky_server(http_server, pages)
    write_config(tmp_path, [{"id": "acme", "name": "Acme", "url": http_server.url("/p")}])
    assert runner.invoke(main, ["check"]).output.startswith("acme: new")
    pages["now"] = policy_page([(h, t + " We may sell it.") for h, t in SECTIONS])
    assert runner.invoke(main, ["check"]).output.startswith("acme: not_modified")
    result = runner.invoke(main, ["check", "--force", "--exit-code"])
    assert result.exit_code == 1 and result.output.startswith("acme: changed")
    forced = http_server.requests[-1][2]
    assert "If-Modified-Since" not in forced and "If-None-Match" not in forced


def test_dry_run_stores_nothing(tmp_path: Path, http_server: LocalServer, monkeypatch: pytest.MonkeyPatch) -> None:
    runner = _runner(tmp_path, monkeypatch)
    http_server.routes["/p"] = Response(policy_page())
    write_config(tmp_path, [{"id": "acme", "name": "Acme", "url": http_server.url("/p")}])
    first = runner.invoke(main, ["check", "--dry-run"])
    assert first.exit_code == 0 and first.stdout.startswith("acme: new")
    assert first.stderr == "dry run: nothing is stored, sent or rewritten\n"
    assert not (tmp_path / "snapshots").exists()  # not even the folder
    assert runner.invoke(main, ["check"]).exit_code == 0
    store = tmp_path / "snapshots"
    before = _every_byte(store)
    http_server.routes["/p"] = Response(policy_page([(h, t + " We may sell it.") for h, t in SECTIONS]))
    result = runner.invoke(main, ["check", "--dry-run", "--json", "--exit-code"])
    assert result.exit_code == 1
    record = json.loads(result.stdout)["policies"][0]
    assert record["report_path"] is None and record["notice_paths"] == {}
    assert record["status"] == "changed" and record["materiality"]
    assert _every_byte(store) == before  # byte-identical: no snapshot, log line, state, feed or report
    assert runner.invoke(main, ["check"]).output.startswith("acme: changed")  # the real run still sees it


CONFIG = """# our watch list (kept by hand)
[settings]
store = "snapshots"  # next to this file
retries = 0

# the first one
[[policy]]
id = "acme"
name = "Acme"
url = "{url}"  # the old URL
"""


def test_add_list_remove_keep_comments(
    tmp_path: Path, http_server: LocalServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    runner = _runner(tmp_path, monkeypatch)
    http_server.routes["/p"] = Response(policy_page())
    http_server.routes["/globex"] = Response(policy_page())
    cfg = tmp_path / "policies.toml"
    cfg.write_text(CONFIG.format(url=http_server.url("/p")), encoding="utf-8")
    url = http_server.url("/globex")
    shown = runner.invoke(main, ["add", url, "--id", "globex", "--name", "Globex Privacy", "--select", "main"])
    assert shown.exit_code == 0, shown.output
    assert "6 sections" in shown.output and "Information we collect" in shown.output
    assert 'id = "globex"' in shown.output
    text = cfg.read_text(encoding="utf-8")
    assert text.startswith(CONFIG.format(url=http_server.url("/p")))  # every comment and line kept
    assert '[[policy]]\nid = "globex"\nname = "Globex Privacy"\nurl = "' + url + '"\nselect = ["main"]\n' in text
    again = runner.invoke(main, ["add", url, "--id", "globex"])
    assert again.exit_code == 2 and "already in" in again.output and cfg.read_text(encoding="utf-8") == text
    dry = runner.invoke(main, ["add", url, "--dry-run"])
    assert dry.exit_code == 0 and 'id = "127-0-0-1"' in dry.stdout and cfg.read_text(encoding="utf-8") == text
    listed = runner.invoke(main, ["list", "--json"])
    assert [r["id"] for r in json.loads(listed.output)] == ["acme", "globex"]
    runner.invoke(main, ["check"])
    plain = runner.invoke(main, ["list"]).output.splitlines()
    assert plain[0].startswith("acme") and "1 snapshots" in plain[0] and "new " in plain[0]
    removed = runner.invoke(main, ["remove", "acme"])
    assert removed.exit_code == 0, removed.output
    text = cfg.read_text(encoding="utf-8")
    assert "# our watch list (kept by hand)" in text and 'store = "snapshots"  # next to this file' in text
    assert 'id = "acme"' not in text and 'id = "globex"' in text
    assert (tmp_path / "snapshots" / "acme").is_dir()  # the record stays
    missing = runner.invoke(main, ["remove", "acme"])
    assert (
        missing.exit_code == 2 and missing.output.startswith("error: ") and "no policy with id 'acme'" in missing.output
    )


def test_add_refuses_a_bad_id_and_an_unreachable_url(tmp_path: Path, http_server: LocalServer,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    runner = _runner(tmp_path, monkeypatch)
    bad = runner.invoke(main, ["add", http_server.url("/p"), "--id", "../etc"])
    assert bad.exit_code == 2 and bad.output.startswith("error: ") and "Traceback" not in bad.output
    gone = runner.invoke(main, ["add", http_server.url("/missing")])
    assert gone.exit_code == 2 and "404" in gone.output
    assert not (tmp_path / "policies.toml").exists()


def test_quiet_and_verbose(tmp_path: Path, http_server: LocalServer, monkeypatch: pytest.MonkeyPatch) -> None:
    runner = _runner(tmp_path, monkeypatch)
    http_server.routes["/a"] = Response(policy_page())
    http_server.routes["/b"] = Response(policy_page())
    write_config(tmp_path, [{"id": pid, "name": pid, "url": http_server.url(f"/{pid}")} for pid in ("a", "b")])
    runner.invoke(main, ["check"])
    http_server.routes["/b"] = Response(policy_page([(h, t + " We may sell it.") for h, t in SECTIONS]))
    quiet = runner.invoke(main, ["-q", "check"])
    assert quiet.stdout.splitlines()[0].startswith("b: changed") and len(quiet.stdout.splitlines()) == 1
    assert quiet.stderr == ""
    verbose = runner.invoke(main, ["-v", "check"])
    assert sorted(verbose.stdout.splitlines()) == ["a: unchanged", "b: unchanged"]  # in the order they finish
    logged = [line for line in verbose.stderr.splitlines() if " INFO tracker.check.run: " in line]
    assert len(logged) == 2 and all(line[:4].isdigit() and "(HTTP 200, " in line for line in logged)
    assert runner.invoke(main, ["check"]).stderr == ""  # default: warnings only


def test_config_discovery_order(tmp_path: Path, http_server: LocalServer, monkeypatch: pytest.MonkeyPatch) -> None:
    runner = _runner(tmp_path, monkeypatch)

    def config_at(folder: Path, pid: str) -> Path:
        folder.mkdir(parents=True, exist_ok=True)
        return write_config(folder, [{"id": pid, "name": pid, "url": http_server.url("/p")}])

    def listed(*args: str) -> list[str]:
        result = runner.invoke(main, [*args, "list", "--json"] if not args else ["list", "--json", *args])
        assert result.exit_code == 0, result.output
        return [r["id"] for r in json.loads(result.stdout)]

    nothing = runner.invoke(main, ["list"])
    assert nothing.exit_code == 2 and "no config file" in nothing.output and "POLICY_TRACKER_CONFIG" in nothing.output
    config_at(tmp_path / "xdg" / "policy-tracker", "user")
    assert listed() == ["user"]
    config_at(tmp_path, "here")
    assert listed() == ["here"]
    monkeypatch.setenv("POLICY_TRACKER_CONFIG", str(config_at(tmp_path / "env", "env")))
    assert listed() == ["env"]
    assert listed("--config", str(config_at(tmp_path / "flag", "flag"))) == ["flag"]
    monkeypatch.setenv("POLICY_TRACKER_CONFIG", str(tmp_path / "nowhere.toml"))
    gone = runner.invoke(main, ["list"])
    assert gone.exit_code == 2 and "nowhere.toml: config file not found" in gone.output


def test_shell_completion_of_ids_and_refs(
    tmp_path: Path, http_server: LocalServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    runner = _runner(tmp_path, monkeypatch)
    http_server.routes["/p"] = Response(policy_page())
    write_config(tmp_path, [{"id": pid, "name": pid, "url": http_server.url("/p")} for pid in ("acme", "aldi", "bmw")])
    runner.invoke(main, ["check", "--policy", "acme"])

    def complete(line: str) -> list[str]:
        words = line.split(" ")
        env = {"_POLICY_TRACKER_COMPLETE": "bash_complete", "COMP_WORDS": line, "COMP_CWORD": str(len(words) - 1)}
        result = runner.invoke(main, [], prog_name="policy-tracker", env=env)
        return [row.split(",", 1)[1] for row in result.output.splitlines() if row]

    assert complete("policy-tracker history a") == ["acme", "aldi"]
    assert complete("policy-tracker remove b") == ["bmw"]
    assert complete("policy-tracker check --policy al") == ["aldi"]
    assert complete("policy-tracker diff ac") == ["acme@"]
    refs = complete("policy-tracker diff acme@")
    assert refs[:3] == ["acme@latest", "acme@previous", "acme@~1"] and len(refs) == 4 and refs[3].startswith("acme@20")
    assert complete("policy-tracker diff aldi@") == []


def test_respect_robots_per_policy(tmp_path: Path, http_server: LocalServer) -> None:
    from tracker.check import run_check
    from tracker.config import load_config

    http_server.routes["/robots.txt"] = Response("User-agent: *\nDisallow: /\n", headers={"Content-Type": "text/plain"})
    http_server.routes["/a"] = Response(policy_page())
    http_server.routes["/b"] = Response(policy_page())
    policies = [
        {"id": "polite", "name": "Polite", "url": http_server.url("/a")},
        {"id": "allowed", "name": "Allowed", "url": http_server.url("/b"), "respect_robots": False},
    ]
    run = run_check(load_config(write_config(tmp_path, policies)))
    assert [(o.status, o.cause) for o in run.outcomes] == [("error", "robots"), ("new", None)]
    everyone = [dict(p, respect_robots=True) for p in policies]
    run = run_check(load_config(write_config(tmp_path, everyone, respect_robots=False)))
    assert [o.cause for o in run.outcomes] == ["robots", "robots"]  # the policy's own setting wins


def test_failure_streak_survives_a_lost_state_cache(tmp_path: Path, http_server: LocalServer) -> None:
    from tests.checks_helpers import Webhook
    from tracker.check import run_check
    from tracker.config import load_config

    hook = Webhook()
    try:
        http_server.routes["/p"] = Response(policy_page())
        cfg = write_config(tmp_path, [{"id": "acme", "name": "Acme", "url": http_server.url("/p")}],
                           alerts=[hook.url()], retries=0)  # fmt: skip
        run_check(load_config(cfg))
        http_server.routes["/p"] = Response("down", 503)
        run_check(load_config(cfg))
        run_check(load_config(cfg))
        (tmp_path / "snapshots" / "acme" / "state.json").unlink()  # a fresh clone: git ignores it
        assert run_check(load_config(cfg)).outcomes[0].failures == 3
        assert [p["json"]["title"] for p in hook.posts] == ["Policy check failing: Acme (3 times in a row)"]
    finally:
        hook.close()
