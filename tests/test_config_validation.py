"""Issue 12 item 5 (and issue 14 item 6): the config is validated completely when it loads; user
templates are checked then and render sandboxed; ``--json`` output is JSON even for errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import LocalServer, Response
from tests.failure_helpers import assert_one_error, policy_page, run_cli, tree_hashes, write_config
from tracker.errors import TrackerError
from tracker.templating import EXTRA_CONTEXT, render


def test_empty_config_is_nothing_to_check(tmp_path: Path) -> None:
    cfg = tmp_path / "policies.toml"
    cfg.write_text("# nothing yet\n[settings]\nretries = 1\n")
    assert_one_error(run_cli("check", "--config", cfg, cwd=tmp_path), contains="nothing to check")
    as_json = run_cli("check", "--config", cfg, "--json", cwd=tmp_path)
    assert_one_error(as_json, contains="nothing to check")
    assert json.loads(as_json.stdout)["error"] == f"{cfg}: nothing to check (no [[policy]] in it)"
    assert not (tmp_path / "snapshots").exists()


@pytest.mark.parametrize("bad_id", ["acme\n", "Acme", "-acme", "ac/me", "a" * 101])
def test_policy_id_must_match_the_whole_pattern(tmp_path: Path, bad_id: str) -> None:
    cfg = tmp_path / "policies.toml"
    cfg.write_text(f'[[policy]]\nid = {json.dumps(bad_id)}\nname = "A"\nurl = "http://127.0.0.1:9/p"\n')
    assert_one_error(run_cli("check", "--config", cfg, cwd=tmp_path), contains="field 'id'")


def _template_config(
    tmp_path: Path, template: str, url: str = "http://127.0.0.1:9/p", name: str = "report.html"
) -> Path:
    conf_dir = tmp_path / "conf"
    (conf_dir / "tpl").mkdir(parents=True)
    (conf_dir / "tpl" / name).write_text(template)
    return write_config(conf_dir / "policies.toml", [("acme", url)], 'retries = 0\ntemplates = "tpl"\n')


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        ("<html>\n{% if diff %}\n<p>x</p>\n", "report.html, line 3: Unexpected end of template"),
        (
            "<html>\n<body>\n<p>{{ no_such_variable }}</p>\n",
            "report.html, line 3: undefined variable 'no_such_variable'",
        ),
        ("<p>{{ diff.__class__ }}</p>\n", "report.html, line 1: access to '__class__' is not allowed"),
        ("<p>\n{{ diff|attr('__globals__') }}</p>\n", "report.html, line 2: access to '__globals__' is not allowed"),
        ("{{ render.__globals__ }}\n", "access to '__globals__' is not allowed"),
    ],
)
def test_user_template_errors_are_caught_at_load(tmp_path: Path, template: str, expected: str) -> None:
    cfg = _template_config(tmp_path, template)
    line = assert_one_error(run_cli("check", "--config", cfg, cwd=tmp_path), contains=expected)
    assert str(cfg.parent / "tpl" / "report.html") in line
    assert not (cfg.parent / "snapshots").exists()  # refused before anything was written


def test_templates_resolve_against_the_config_folder(tmp_path: Path, http_server: LocalServer) -> None:
    shipped = (Path(__file__).resolve().parent.parent / "templates" / "report.html").read_text()
    marker = "<!-- custom report template -->"
    http_server.routes["/p"] = Response(policy_page())
    cfg = _template_config(tmp_path, marker + "\n" + shipped, url=http_server.url("/p"))
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    assert run_cli("check", "--config", cfg, cwd=elsewhere).returncode == 0
    http_server.routes["/p"] = Response(policy_page(retention="We keep your information for five years."))
    changed = run_cli("check", "--config", cfg, "--json", cwd=elsewhere)
    assert changed.returncode == 0, changed.stderr
    report = Path(json.loads(changed.stdout)["policies"][0]["report_path"])
    assert report.read_text().startswith(marker)


def test_missing_template_folder(tmp_path: Path) -> None:
    cfg = write_config(tmp_path / "policies.toml", [("acme", "http://127.0.0.1:9/p")], 'templates = "nope"\n')
    assert_one_error(
        run_cli("check", "--config", cfg, cwd=tmp_path), contains=f"folder {tmp_path / 'nope'} does not exist"
    )


def test_user_templates_render_sandboxed(tmp_path: Path) -> None:
    """What no static check can see (a name built at render time) the sandbox still stops."""
    (tmp_path / "notice_banner.txt").write_text("{{ policy|attr('_' ~ '_class__') }}\n")
    with pytest.raises(TrackerError) as caught:
        render("notice_banner.txt", tmp_path, policy="x")
    message = str(caught.value)
    assert message.startswith(f"template {tmp_path / 'notice_banner.txt'}") and "\n" not in message
    assert "unsafe" in message


def test_store_not_touched_by_a_config_error(tmp_path: Path, http_server: LocalServer) -> None:
    http_server.routes["/p"] = Response(policy_page())
    cfg = write_config(tmp_path / "policies.toml", [("acme", http_server.url("/p"))])
    assert run_cli("check", "--config", cfg, cwd=tmp_path).returncode == 0
    before = tree_hashes(tmp_path / "snapshots")
    cfg.write_text(cfg.read_text() + '\n[[policy]]\nid = "b"\nname = "B"\nurl = "http://[::1/x"\n')
    assert_one_error(run_cli("check", "--config", cfg, cwd=tmp_path), contains="field 'url'")
    assert tree_hashes(tmp_path / "snapshots") == before


def test_notice_templates_get_every_declared_name(tmp_path: Path, http_server: LocalServer) -> None:
    """``EXTRA_CONTEXT`` says what the notice renderer gives: a user banner using all of it renders
    (the environment's undefined is strict: a name not given would fail the check)."""
    names = sorted(EXTRA_CONTEXT["notice_"])
    banner = "".join(f"{name}=[{{{{ {name} }}}}]\n" for name in names)
    http_server.routes["/p"] = Response(policy_page())
    cfg = _template_config(tmp_path, banner, url=http_server.url("/p"), name="notice_banner.txt")
    assert run_cli("check", "--config", cfg, cwd=tmp_path).returncode == 0
    http_server.routes["/p"] = Response(policy_page(retention="We keep your information for five years."))
    changed = run_cli("check", "--config", cfg, "--json", cwd=tmp_path)
    assert changed.returncode == 0, changed.stderr
    record = json.loads(changed.stdout)["policies"][0]
    assert record["materiality"] == "material"
    text = Path(record["notice_paths"]["banner"]).read_text()
    assert [line.split("=")[0] for line in text.splitlines()] == names
    assert "company=[acme policy]" in text


def test_ids_with_a_trailing_newline_never_become_paths(tmp_path: Path) -> None:
    from tracker.errors import StoreError
    from tracker.store import Store

    store = Store(tmp_path / "snapshots")
    with pytest.raises(StoreError, match="not a valid policy id"):
        store.policy_dir("acme\n")
    with pytest.raises(StoreError, match="not a snapshot id"):
        store.snapshot_dir("acme", "20261125T101500Z\n")


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8080/p1999",
        "https://www.example.com/legal/privacy?lang=en&v=2#section-3",
        "https://xn--bcher-kva.example/privacy",
        "https://example.com./a/%7Euser/(policy);v=1",
        "https://EXAMPLE.com:443",
        "https://example.com/%zz",
        "https://a-b.example/~x/!$&'()*+,;=:@/",
    ],
)
def test_a_plain_url_is_accepted_without_httpx_only_where_httpx_accepts_it(url: str) -> None:
    import httpx

    from tracker import validate

    assert validate._PLAIN_URL.fullmatch(url)  # the fast path takes it
    assert validate.url_problem(url) is None
    httpx.URL(url)  # and httpx's own parser does too (raises InvalidURL otherwise)


@pytest.mark.parametrize(
    "url", ["https://exa mple.com/", "https://ex_ample.com/", "https://-x.example/", "https://[::1]:8080/p"]
)
def test_anything_else_goes_to_httpx_parser(url: str) -> None:
    from tracker import validate

    assert not validate._PLAIN_URL.fullmatch(url)
