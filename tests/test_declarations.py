"""Importing Open Terms Archive declarations: real ones from the corpus and ones written in that format."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.checks_helpers import policy_page
from tests.conftest import LocalServer, Response
from tracker.cli import main
from tracker.config import load_config
from tracker.errors import ConfigError
from tracker.evidence.declarations import import_declarations, map_declaration
from tracker.store import Store


def write(path: Path, data: object) -> Path:
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_real_multi_page_declaration_from_the_corpus(tmp_path: Path, corpus_dir: Path) -> None:
    source = corpus_dir / "tiktok__privacy-policy" / "declaration.json"
    declared = json.loads(source.read_text())["terms"]["Privacy Policy"]
    config = tmp_path / "policies.toml"
    report = import_declarations([source], config, terms_types=["Privacy Policy"])
    assert [t["id"] for t in report.added] == ["tiktok-privacy-policy"]  # one document, one history
    assert report.added[0]["urls"] == [page["fetch"] for page in declared["combine"]]
    (policy,) = load_config(config).policies
    # the pages inherit the document's shared selectors; its scripts are run in the browser
    assert policy.select == tuple(declared["select"]) and policy.remove == tuple(declared["remove"])
    assert [p.url for p in policy.pages] == [page["fetch"] for page in declared["combine"]]
    assert policy.url == declared["combine"][0]["fetch"] and policy.render == "browser"
    assert policy.name == "TikTok Privacy Policy"
    assert report.unmapped == []  # combine and executeClientScripts both map


def test_range_selectors_from_the_corpus_are_reported(tmp_path: Path, corpus_dir: Path) -> None:
    source = corpus_dir / "coffee-meets-bagel__privacy-policy" / "declaration.json"
    report = import_declarations([source], tmp_path / "p.toml", terms_types=["Copyright Claims Policy"])
    assert [t["id"] for t in report.added] == ["coffee-meets-bagel-copyright-claims-policy"]
    assert "select" not in report.added[0]
    assert any(
        '{"endBefore": "#footer", "startBefore": "#av_section_4"}: range selectors' in u for u in report.unmapped
    )
    assert any("no usable select left, the whole page will be tracked" in u for u in report.unmapped)


def test_every_corpus_declaration_imports_into_a_loadable_config(tmp_path: Path, corpus_dir: Path) -> None:
    config = tmp_path / "policies.toml"
    report = import_declarations([corpus_dir], config)
    loaded = load_config(config)
    assert len(loaded.policies) == len(report.added) > 30
    assert len({p.id for p in loaded.policies}) == len(loaded.policies)
    histories = sorted(corpus_dir.glob("*/declaration.history.json"))
    assert sum("history file" in u for u in report.unmapped) == len(histories)
    assert f"{corpus_dir / 'MANIFEST.json'}: not a service declaration, skipped" in report.unmapped
    # the same service declared in two corpus folders is imported once, then skipped
    assert "tinder-privacy-policy" in report.skipped


def test_filters_and_selectors_mapped_or_reported(tmp_path: Path) -> None:
    data = {
        "name": "Exämple Co",
        "terms": {
            "Privacy Policy": {
                "fetch": "https://example.com/privacy",
                "select": ["main", {"startAfter": "#top", "endBefore": "#bottom"}, "div[[broken"],
                "remove": ".cookie-banner",
                "filter": ["removeTrackingIDs", "cleanUrls", "unifyEmailProtectedAddresses"],
            },
            "Terms of Service": {"select": "main"},
            "Imprint": {"fetch": "https://example.com/imprint", "validUntil": "2024-01-01"},
        },
        "importedFrom": "elsewhere",
    }
    tables, unmapped = map_declaration(data, "Example.json")
    assert tables == [
        {
            "id": "example-co-privacy-policy",
            "name": "Exämple Co Privacy Policy",
            "url": "https://example.com/privacy",
            "select": ["main"],
            "remove": [".cookie-banner"],
        },
        {"id": "example-co-imprint", "name": "Exämple Co Imprint", "url": "https://example.com/imprint"},
    ]
    text = "\n".join(unmapped)
    assert "Example.json: 'importedFrom': not used" in text
    assert '\'Privacy Policy\': select {"endBefore": "#bottom", "startAfter": "#top"}: range selectors' in text
    assert "'Privacy Policy': select 'div[[broken': not supported by our CSS engine" in text
    assert "filter 'unifyEmailProtectedAddresses'" in text
    assert "removeTrackingIDs" not in text and "cleanUrls" not in text  # covered: we keep no URLs
    assert "'Terms of Service': fetch None: not an http(s) URL, document not imported" in text
    assert "'Imprint': 'validUntil': not used" in text


def test_existing_config_is_kept_and_ids_not_overwritten(tmp_path: Path) -> None:
    config = tmp_path / "policies.toml"
    original = (
        '# my policies\n[settings]\nstore = "snaps"\n\n'
        '[[policy]]\nid = "acme-privacy-policy"\nname = "Mine"\nurl = "https://acme.test/p"\n'
    )
    config.write_text(original)
    decl = write(
        tmp_path / "Acme.json",
        {"name": "Acme", "terms": {"Privacy Policy": {"fetch": "https://acme.example/privacy"},
                                   "Terms of Service": {"fetch": "https://acme.example/terms"}}},
    )  # fmt: skip
    dry = import_declarations([decl], config, dry_run=True)
    assert [t["id"] for t in dry.added] == ["acme-terms-of-service"] and dry.written is None
    assert config.read_text() == original
    report = import_declarations([decl], config)
    assert report.skipped == ["acme-privacy-policy"]
    text = config.read_text()
    assert text.startswith(original)
    assert "# imported from" in text
    loaded = load_config(config)
    assert loaded.policy("acme-privacy-policy").name == "Mine"
    assert loaded.policy("acme-terms-of-service").url == "https://acme.example/terms"


def test_bad_declaration_files_are_one_line_errors(tmp_path: Path) -> None:
    config = tmp_path / "policies.toml"
    bad_json = tmp_path / "Bad.json"
    bad_json.write_text("{not json")
    with pytest.raises(ConfigError, match=r"Bad.json: invalid JSON"):
        import_declarations([bad_json], config)
    not_decl = write(tmp_path / "List.json", {"services": []})
    with pytest.raises(ConfigError, match=r"List.json: not a service declaration"):
        import_declarations([not_decl], config)
    assert not config.exists()
    runner = CliRunner()
    result = runner.invoke(main, ["import-declarations", str(bad_json), "--config", str(config)])
    assert result.exit_code == 2
    assert result.output.startswith("error: ") and "Bad.json: invalid JSON" in result.output


def test_imported_declaration_drives_a_real_check(tmp_path: Path, http_server: LocalServer) -> None:
    http_server.routes["/robots.txt"] = Response("User-agent: *\nAllow: /\n", headers={"Content-Type": "text/plain"})
    http_server.routes["/privacy"] = Response(policy_page())
    decl = write(
        tmp_path / "Example.json",
        {"name": "Example", "terms": {"Privacy Policy": {
            "fetch": http_server.url("/privacy"), "select": "article", "remove": ["h1"]}}},
    )  # fmt: skip
    config = tmp_path / "policies.toml"
    config.write_text('[settings]\nstore = "snaps"\n')
    runner = CliRunner()
    imported = runner.invoke(main, ["import-declarations", str(decl), "--config", str(config)])
    assert imported.exit_code == 0, imported.output
    assert "1 added, 0 skipped, 0 unmapped" in imported.output
    checked = runner.invoke(main, ["check", "--config", str(config), "--no-alerts"])
    assert checked.exit_code == 0, checked.output
    store = Store(tmp_path / "snaps")
    latest = store.resolve("example-privacy-policy", "latest").snapshot_id
    markdown = store.markdown_path("example-privacy-policy", latest).read_text()
    assert "We collect your name" in markdown
    assert "Copyright 2024" not in markdown and "Subscribe" not in markdown  # outside the selected article


def test_cli_json(tmp_path: Path, corpus_dir: Path) -> None:
    runner = CliRunner()
    source = corpus_dir / "brevo__privacy-policy" / "declaration.json"
    result = runner.invoke(
        main, ["import-declarations", str(source), "--config", str(tmp_path / "p.toml"), "--json", "--dry-run"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["schema"] == "policy-tracker/import/1"
    assert data["added"] == [
        {"id": "brevo-privacy-policy", "name": "Brevo Privacy Policy",
         "url": "https://www.brevo.com/legal/privacypolicy/", "select": ["main"]}
    ]  # fmt: skip
    assert data["written"] is None and not (tmp_path / "p.toml").exists()


def test_older_declarations_with_documents_instead_of_terms(tmp_path: Path) -> None:
    old = {"name": "Oldie", "documents": {"Privacy Policy": {"fetch": "https://oldie.example/p", "select": "main"}}}
    tables, unmapped = map_declaration(old, "Oldie.json")
    assert tables == [{"id": "oldie-privacy-policy", "name": "Oldie Privacy Policy", "url": "https://oldie.example/p",
                       "select": ["main"]}]  # fmt: skip
    assert unmapped == []


def test_a_service_name_without_latin_letters_takes_its_id_from_the_file_name() -> None:
    data = {"name": "微信", "terms": {"Privacy Policy": {"fetch": "https://weixin.example/p"}}}
    tables, _ = map_declaration(data, "declarations/WeChat.json")
    assert tables[0]["id"] == "wechat-privacy-policy" and tables[0]["name"] == "微信 Privacy Policy"
