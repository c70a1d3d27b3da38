"""A real Open Terms Archive declaration with ``combine`` and ``executeClientScripts`` (TikTok's privacy
policy, tests/data/declarations) imported and checked: both pages, built by their scripts, read in
Chromium from 127.0.0.1 and joined into one document."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import LocalServer, Response
from tracker.cli import main
from tracker.config import load_config
from tracker.fetch.browser import find_chromium
from tracker.store import Store

DATA = Path(__file__).parent / "data" / "declarations" / "TikTok.json"
HTML = {"Content-Type": "text/html; charset=utf-8"}

# TikTok's legal pages: an empty policy card that a script fills in (the shape the declaration targets)
APP = """<!doctype html><html><head><title>{title}</title></head><body>
<header><a href="/">TikTok</a></header>
<div data-testid="policy-card"><p>Loading…</p></div>
<script>
const sections = {sections};
const card = document.querySelector('[data-testid="policy-card"]');
card.innerHTML = '<h1>' + {title_js} + '</h1><img src="/_assets/icon_arrow_down.svg">';
for (const [h, t] of sections) {{
  card.insertAdjacentHTML('beforeend', '<h2>' + h + '</h2><p>' + t + '</p>');
}}
</script></body></html>"""
EEA = [
    ("What information we collect", "We collect information you provide when you create an account and use it."),
    ("How we use your information", "We use your information to provide, improve and administer the Platform."),
]
CHILDREN = [
    ("Children under 13", "We do not knowingly collect personal information from children under thirteen."),
    ("Parental rights", "A parent may ask us to delete the account of a child by writing to our privacy team."),
]


@pytest.mark.skipif(find_chromium() is None, reason="Debian's chromium is not installed (.ci/run)")
def test_imported_tiktok_declaration_is_checked_in_the_browser(tmp_path: Path, http_server: LocalServer) -> None:
    declaration = json.loads(DATA.read_text(encoding="utf-8"))
    pages = declaration["terms"]["Privacy Policy"]["combine"]
    paths = ["/legal/privacy-policy-eea", "/legal/page/global/childrens-privacy-policy/en"]
    for page, path, (title, sections) in zip(
        pages, paths, [("Privacy Policy", EEA), ("Children's Privacy Policy", CHILDREN)], strict=True
    ):
        page["fetch"] = http_server.url(path + "?lang=en")
        http_server.routes[path] = Response(
            APP.format(title=title, title_js=json.dumps(title), sections=json.dumps(sections)), headers=HTML
        )
    local = tmp_path / "TikTok.json"
    local.write_text(json.dumps(declaration), encoding="utf-8")
    config = tmp_path / "policies.toml"
    config.write_text('[settings]\nstore = "snaps"\nretries = 0\n', encoding="utf-8")
    runner = CliRunner()
    imported = runner.invoke(main, ["import-declarations", str(local), "--config", str(config)])
    assert imported.exit_code == 0, imported.output
    assert "1 added, 0 skipped, 0 unmapped" in imported.output
    (policy,) = load_config(config).policies
    assert policy.render == "browser" and len(policy.pages) == 2
    checked = runner.invoke(main, ["check", "--config", str(config), "--no-alerts", "--json"])
    assert checked.exit_code == 0, checked.output
    record = json.loads(checked.stdout)["policies"][0]
    assert record["status"] == "new" and record["rendered_by"] == "browser", record["error"]
    store = Store(tmp_path / "snaps")
    snap = store.load("tiktok-privacy-policy", record["snapshot_id"])
    assert [s.heading for s in snap.document.sections] == [h for h, _ in EEA + CHILDREN]
    assert "Loading" not in snap.document.to_markdown()
    assert snap.meta.rendered_by == "browser"
