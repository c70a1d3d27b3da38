"""Re-extraction of stored snapshots: new extractions beside untouched originals, over real HTTP."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from click.testing import CliRunner

from tests.checks_helpers import FAST, policy_page, snapshot_fingerprint, write_config
from tests.conftest import LocalServer, Response
from tracker.check import run_check
from tracker.check.reextract import reextract
from tracker.cli import main
from tracker.config import load_config
from tracker.extract.document import EXTRACTOR_VERSION, extract
from tracker.fetch.once import fetch
from tracker.models import Clause, Section
from tracker.store import Store

HTML = {"Content-Type": "text/html; charset=utf-8"}


def _store_with_old_extraction(
    tmp_path: Path, server: LocalServer, extractor_version: str = "0.9"
) -> tuple[Path, Store, str]:
    """A store whose only snapshot was extracted by an "older extractor" that let the banner leak
    (recorded as ``extractor_version``)."""
    server.routes["/p"] = Response(policy_page(token="t1"), headers=HTML)
    cfg = write_config(tmp_path, [{"id": "acme", "name": "Acme Privacy Policy", "url": server.url("/p")}])
    store = Store(tmp_path / "snapshots")
    fetched = fetch(server.url("/p"))
    current = extract(fetched.content, fetched.content_type, url=fetched.final_url)
    leaked = Section("cookie-banner", "Cookie banner", ("Cookie banner",), 2, (Clause("We use cookies. Accept"),))
    old = replace(current, sections=(*current.sections, leaked))
    meta = store.save_snapshot("acme", fetched, old, extractor_version)
    return cfg, store, meta.snapshot_id


def test_reextract_records_current_text_and_keeps_originals(tmp_path: Path, http_server: LocalServer) -> None:
    cfg, store, snapshot_id = _store_with_old_extraction(tmp_path, http_server)
    original = snapshot_fingerprint(store.root)
    original_md = store.markdown_path("acme", snapshot_id).read_text(encoding="utf-8")

    (outcome,) = reextract(store, ["acme"], load_config(cfg))
    assert (outcome.status, outcome.text_changed, outcome.extractor_version) == ("updated", True, EXTRACTOR_VERSION)
    after = snapshot_fingerprint(store.root)
    assert {k: v for k, v in after.items() if k in original} == original  # originals untouched
    assert (store.snapshot_dir("acme", snapshot_id) / "x1" / "policy.md").is_file()
    assert store.snapshots("acme")[0].extractor_version == EXTRACTOR_VERSION
    loaded = store.load("acme", snapshot_id).document
    assert "Cookie banner" in original_md and "Cookie banner" not in loaded.to_markdown()

    # Running it again finds everything current and writes nothing.
    (again,) = reextract(store, None, load_config(cfg))
    assert again.status == "unchanged" and snapshot_fingerprint(store.root) == after
    assert not (store.snapshot_dir("acme", snapshot_id) / "x2").exists()


def test_after_reextract_the_extractor_change_is_not_a_policy_change(tmp_path: Path, http_server: LocalServer) -> None:
    cfg, store, _ = _store_with_old_extraction(tmp_path, http_server)
    reextract(store, ["acme"], load_config(cfg))
    http_server.routes["/p"] = Response(policy_page(token="t2"), headers=HTML)  # new tokens, same policy
    outcome = run_check(load_config(cfg), fetch_options=FAST).outcomes[0]
    assert outcome.status == "unchanged"
    assert len(store.snapshots("acme")) == 1


def test_reextract_cli_json_and_exit_codes(tmp_path: Path, http_server: LocalServer) -> None:
    cfg, store, snapshot_id = _store_with_old_extraction(tmp_path, http_server)
    runner = CliRunner()
    result = runner.invoke(main, ["reextract", "acme", "--config", str(cfg), "--json"])
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout.splitlines()[0])
    assert record == {
        "policy_id": "acme",
        "snapshot_id": snapshot_id,
        "status": "updated",
        "extractor_version": EXTRACTOR_VERSION,
        "text_changed": True,
        "error": None,
    }
    plain = runner.invoke(main, ["reextract", "--store", str(store.root)])
    assert plain.exit_code == 0
    assert f"acme  {snapshot_id}  unchanged  {EXTRACTOR_VERSION}" in plain.stdout

    bad_id = runner.invoke(main, ["reextract", "../etc", "--store", str(store.root)])
    assert bad_id.exit_code == 2 and "not a valid policy id" in bad_id.stderr
    unknown = runner.invoke(main, ["reextract", "nosuch", "--store", str(store.root)])
    assert unknown.exit_code == 2 and "policy 'nosuch': no snapshots" in unknown.stderr


def test_a_snapshot_that_no_longer_extracts_is_reported_and_left_alone(
    tmp_path: Path, http_server: LocalServer
) -> None:
    cfg, store, good_id = _store_with_old_extraction(tmp_path, http_server)
    http_server.routes["/empty"] = Response("<html><body><nav>Home</nav></body></html>", headers=HTML)
    fetched = fetch(http_server.url("/empty"))
    kept = store.load("acme", good_id).document
    bad = store.save_snapshot("acme", replace(fetched, fetched_at="2030-01-01T00:00:00Z"), kept, "0.9")
    before = snapshot_fingerprint(store.root)

    result = CliRunner().invoke(main, ["reextract", "acme", "--config", str(cfg)])
    assert result.exit_code == 2
    assert f"error: policy 'acme': snapshot {bad.snapshot_id}: " in result.stderr
    assert "no policy text found" in result.stderr
    assert "1 updated, 0 unchanged, 1 error" in result.stderr
    after = snapshot_fingerprint(store.root)
    assert {k: v for k, v in after.items() if k in before} == before
    assert not (store.snapshot_dir("acme", bad.snapshot_id) / "x1").exists()
    assert store.load("acme", bad.snapshot_id).document == kept


def test_check_and_reextract_read_a_hub_page_alike(tmp_path: Path, http_server: LocalServer) -> None:
    def part(title: str, sentence: str) -> str:
        return f"<h2>{title}</h2>" + "".join(f"<p>{sentence} Clause {i}.</p>" for i in range(8))

    hub = (
        "<html><body><main><h1>Legal</h1>"
        + part("Terms of Service", "You agree to these terms when you use the service.")
        + part("Privacy Policy", "We collect and process your personal data as described here.")
        + part("Copyright Policy", "Send copyright notices to our designated agent.")
        + "</main></body></html>"
    )
    http_server.routes["/legal"] = Response(hub, headers=HTML)
    cfg = write_config(tmp_path, [{"id": "acme", "name": "Acme Privacy Policy", "url": http_server.url("/legal")}])
    outcome = run_check(load_config(cfg), fetch_options=FAST).outcomes[0]
    assert outcome.status == "new"
    store = Store(tmp_path / "snapshots")
    stored = store.load("acme", outcome.snapshot_id).document
    assert [s.heading for s in stored.sections] == ["Privacy Policy"]
    (again,) = reextract(store, ["acme"], load_config(cfg))
    assert again.status == "unchanged"


def test_check_after_an_extractor_upgrade_reads_the_previous_snapshot_anew(
    tmp_path: Path, http_server: LocalServer
) -> None:
    # No `reextract` run: the weekly check itself must not report the older extractor's reading
    # (a leaked banner) as a policy change.
    cfg, store, snapshot_id = _store_with_old_extraction(tmp_path, http_server)
    http_server.routes["/p"] = Response(policy_page(token="t2"), headers=HTML)
    outcome = run_check(load_config(cfg), fetch_options=FAST).outcomes[0]
    assert outcome.status == "unchanged", outcome.summary
    assert [m.snapshot_id for m in store.snapshots("acme")] == [snapshot_id]
    assert store.snapshots("acme")[0].extractor_version == EXTRACTOR_VERSION
    assert (store.snapshot_dir("acme", snapshot_id) / "x1" / "policy.md").is_file()


def test_a_snapshot_read_by_the_current_extractor_still_shows_real_differences(
    tmp_path: Path, http_server: LocalServer
) -> None:
    # The control: the same stored text, recorded as the current extractor's, differs from the page.
    cfg, _, _ = _store_with_old_extraction(tmp_path, http_server, extractor_version=EXTRACTOR_VERSION)
    outcome = run_check(load_config(cfg), fetch_options=FAST).outcomes[0]
    assert outcome.status == "changed"
