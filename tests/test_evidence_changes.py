"""Everything a reader is shown is in the chain: a change's ``report.html``, ``diff.json`` and notice
drafts are hashed into its check record; ``verify`` re-hashes them and, with ``--deep``, derives
``diff.json`` again from the two snapshots. Each forgery is caught with a precise message, and the
site neither shows a forged classification nor hides the failure."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.checks_helpers import SECTIONS, policy_page, write_config
from tests.conftest import LocalServer, Response
from tests.test_signing import rechain
from tracker.check import run_check
from tracker.config import Config, load_config
from tracker.evidence.verify import verify
from tracker.models import CheckRecord, sha256_hex
from tracker.store import Store

SOLD = [
    (h, "We may sell your personal information to advertising partners.") if h == "Sharing" else (h, t)
    for h, t in SECTIONS
]


def _changed_store(tmp_path: Path, http_server: LocalServer) -> tuple[Config, Store, Path]:
    """A real check, then a real material change: returns the config, the store and the change's folder."""
    http_server.routes["/p"] = Response(policy_page())
    cfg = write_config(tmp_path, [{"id": "acme", "name": "Acme", "url": http_server.url("/p")}], respect_robots=False)
    config = load_config(cfg)
    assert run_check(config, send_alerts=False).outcomes[0].status == "new"
    http_server.routes["/p"] = Response(policy_page(SOLD))
    outcome = run_check(config, send_alerts=False).outcomes[0]
    assert outcome.status == "changed" and outcome.materiality == "material"
    store = Store(config.store_path)
    folder = store.report_dir("acme", str(outcome.previous_snapshot_id), str(outcome.snapshot_id))
    return config, store, folder


@pytest.fixture
def changed(tmp_path: Path, http_server: LocalServer) -> tuple[Config, Store, Path]:
    return _changed_store(tmp_path, http_server)


def _problems(store: Store, *, deep: bool = False) -> list[tuple[str, str]]:
    return [(p.kind, p.file) for p in verify(store, deep=deep).problems]


def test_check_record_chains_every_file_a_reader_is_shown(changed: tuple[Config, Store, Path]) -> None:
    _, store, folder = changed
    check = store.checks("acme")[-1]
    names = sorted(p.name for p in folder.iterdir())
    assert "diff.json" in names and "report.html" in names and "notice-email.html" in names
    assert sorted(check.details["files"]) == names
    assert all(check.details["files"][n] == sha256_hex((folder / n).read_bytes()) for n in names)
    report = verify(store, deep=True)
    assert report.ok, [p.line() for p in report.problems]
    [entry] = report.changes["acme"]
    assert entry["files"] == "covered" and entry["rederived"] == "same" and entry["names"] == names
    assert report.files == 8 + len(names)  # two snapshots x 4 files, and the change's files


def test_edited_materiality_in_diff_json_is_caught(changed: tuple[Config, Store, Path]) -> None:
    _, store, folder = changed
    path = folder / "diff.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    assert any(c["materiality"] == "material" for c in data["changes"])
    for change in data["changes"]:
        change["materiality"] = "editorial"
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    rel = path.relative_to(store.root).as_posix()
    [problem] = verify(store).problems
    assert (problem.kind, problem.file) == ("altered_file", rel)
    assert problem.expected == store.checks("acme")[-1].details["files"]["diff.json"]
    assert problem.found == sha256_hex(path.read_bytes()) and "log.jsonl line" in problem.detail


def test_edited_classification_rehashed_and_rechained_is_caught_by_deep(changed: tuple[Config, Store, Path]) -> None:
    """A forger who also puts the new hash into the check record and re-chains the whole log: the
    hashes agree again, but the classification no longer derives from the snapshots."""
    _, store, folder = changed
    path = folder / "diff.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    index = next(i for i, c in enumerate(data["changes"]) if c["materiality"] == "material")
    data["changes"][index]["materiality"] = "editorial"
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")

    def forge(records):  # type: ignore[no-untyped-def]
        check = next(r for r in records if r["type"] == "check" and r["status"] == "changed")
        check["details"]["files"]["diff.json"] = sha256_hex(path.read_bytes())
        return records

    rechain(store, "acme", forge)
    assert verify(store).ok  # without a signed head, hashes alone cannot tell
    [problem] = verify(store, deep=True).problems
    assert (problem.kind, problem.file) == ("rederived_differs", path.relative_to(store.root).as_posix())
    assert (problem.expected, problem.found) == ('"material"', '"editorial"')
    assert problem.detail.startswith(f"changes[{index}].materiality (section 'Sharing'): re-derived from ")


def test_edited_report_html_is_caught(changed: tuple[Config, Store, Path]) -> None:
    _, store, folder = changed
    report = folder / "report.html"
    report.write_text(report.read_text(encoding="utf-8").replace("advertising partners", "nobody"), encoding="utf-8")
    assert _problems(store) == [("altered_file", report.relative_to(store.root).as_posix())]


def test_edited_notice_file_is_caught(changed: tuple[Config, Store, Path]) -> None:
    _, store, folder = changed
    notice = folder / "notice-banner.txt"
    notice.write_text("Nothing changed.\n", encoding="utf-8")
    [problem] = verify(store).problems
    assert (problem.kind, problem.file) == ("altered_file", notice.relative_to(store.root).as_posix())
    assert problem.line().startswith(f"{problem.file}: altered_file (change {folder.name}, acme/log.jsonl line ")


def test_deleted_report_file_is_caught(changed: tuple[Config, Store, Path]) -> None:
    _, store, folder = changed
    (folder / "notice-changelog.md").unlink()
    [problem] = verify(store).problems
    rel = (folder / "notice-changelog.md").relative_to(store.root).as_posix()
    assert (problem.kind, problem.file, problem.found) == ("missing_file", rel, "missing")


def test_a_file_slipped_into_the_change_folder_is_caught(changed: tuple[Config, Store, Path]) -> None:
    _, store, folder = changed
    (folder / "notice-extra.html").write_text("<p>Our policy did not change.</p>", encoding="utf-8")
    assert _problems(store) == [("unchained_file", (folder / "notice-extra.html").relative_to(store.root).as_posix())]


def test_records_without_hashes_still_verify_and_are_not_covered(tmp_path: Path) -> None:
    """Stores written before the change files were chained: never a failure, said plainly."""
    from tests.test_evidence import build_store

    store = build_store(tmp_path)
    store.record_check(
        CheckRecord(policy_id="acme", checked_at="2026-03-06T00:00:00Z", status="changed",
                    snapshot_id="20260305T100000Z", previous_snapshot_id="20260205T100000Z")
    )  # fmt: skip
    report = verify(store, deep=True)
    assert report.ok, [p.line() for p in report.problems]
    assert report.changes["acme"] == [
        {"change": "20260205T100000Z__20260305T100000Z", "check_seq": 8, "files": "not covered",
         "rederived": "not re-derived"}
    ]  # fmt: skip
    out = subprocess.run(
        [sys.executable, "-m", "tracker", "verify", "--store", str(store.root), "--json"],
        capture_output=True,
        text=True,
    )
    assert out.returncode == 0 and json.loads(out.stdout)["changes"]["acme"][0]["files"] == "not covered"


def test_the_site_shows_the_chained_classification_and_the_warning(
    changed: tuple[Config, Store, Path], tmp_path: Path
) -> None:
    from tracker.site import build_site

    config, store, folder = changed
    path = folder / "diff.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    for change in data["changes"]:
        change["materiality"] = "editorial"
        change["reasons"] = ["FORGED reason"]
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    build_site(store, tmp_path / "site", config=config, workers=0)
    page = (tmp_path / "site" / "acme" / "reports" / folder.name / "report.html").read_text(encoding="utf-8")
    assert "This store fails verification" in page and "diff.json: altered_file" in page
    assert "FORGED reason" not in page and "material" in page


def _edit_materiality(folder: Path) -> str:
    path = folder / "diff.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["changes"][0]["materiality"] = "editorial"
    path.write_text(json.dumps(data), encoding="utf-8")
    return "altered_file"


def _edit_report(folder: Path) -> str:
    report = folder / "report.html"
    report.write_text(report.read_text(encoding="utf-8").replace("advertising partners", "nobody"), encoding="utf-8")
    return "altered_file"


def _edit_notice(folder: Path) -> str:
    (folder / "notice-email.txt").write_text("Nothing changed.\n", encoding="utf-8")
    return "altered_file"


def _delete_report(folder: Path) -> str:
    (folder / "report.html").unlink()
    return "missing_file"


FORGERIES = {
    "diff.json": _edit_materiality,
    "report.html": _edit_report,
    "notice-email.txt": _edit_notice,
    "deleted report.html": _delete_report,
}


@pytest.mark.parametrize("forgery", sorted(FORGERIES))
def test_every_page_of_the_site_names_the_forged_file(
    forgery: str, changed: tuple[Config, Store, Path], tmp_path: Path
) -> None:
    from tracker.site import build_site

    config, store, folder = changed
    kind = FORGERIES[forgery](folder)
    name = forgery.split()[-1]
    rel = (folder / name).relative_to(store.root).as_posix()
    [problem] = verify(store).problems
    assert (problem.kind, problem.file) == (kind, rel)
    stats = build_site(store, tmp_path / "site", config=config, workers=0)
    assert any("fails verification: 1 problems" in w for w in stats.warnings)
    pages = list((tmp_path / "site").rglob("*.html"))
    assert len(pages) >= 4
    for page in pages:
        assert f"{rel}: {kind}" in page.read_text(encoding="utf-8"), page


def test_verify_deep_on_the_command_line(changed: tuple[Config, Store, Path]) -> None:
    _, store, folder = changed
    out = subprocess.run(
        [sys.executable, "-m", "tracker", "verify", "--store", str(store.root), "--deep"],
        capture_output=True,
        text=True,
    )
    assert out.returncode == 0, out.stdout + out.stderr
    assert "changes: 1 covered by the chain, 1 re-derived from the snapshots" in out.stdout


def test_notice_drafted_later_is_chained_too(changed: tuple[Config, Store, Path]) -> None:
    config, store, folder = changed
    before = (folder / "notice-email.txt").read_bytes()
    out = subprocess.run(
        [sys.executable, "-m", "tracker", "notice", "acme", "--today", "2030-01-01", "--store", str(store.root),
         "--config", str(config.path)],
        capture_output=True, text=True,
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    assert (folder / "notice-email.txt").read_bytes() != before  # a new effective date
    assert store.records("acme")[-1]["type"] == "notice"
    assert verify(store, deep=True).ok


def _coarse(clause: dict) -> list[dict]:  # type: ignore[type-arg]
    """A clause's word runs as a word diff that gave up refining would leave them: all out, all in."""
    return [{"op": "delete", "text": clause["old_text"]}, {"op": "insert", "text": clause["new_text"]}]


def test_deep_accepts_less_minimal_word_runs_but_not_inconsistent_ones(changed: tuple[Config, Store, Path]) -> None:
    """The word diff has a time limit: a diff.json written under load may hold coarser word runs
    than a fresh diff; that is not a forgery, a run that does not rebuild its clause is."""
    from tracker.evidence.changes import chained_changes
    from tracker.evidence.rederive import _reclassified, compare, rederive

    _, store, folder = changed
    records = store.records("acme")
    [change] = chained_changes(records)
    derived, old, new = rederive(store, "acme", records, change)
    stored = json.loads((folder / "diff.json").read_text(encoding="utf-8"))
    assert stored == derived and compare(stored, derived, old, new) == []
    modified = [(i, j) for i, c in enumerate(stored["changes"]) for j, k in enumerate(c["clauses"]) if k["words"]]
    assert modified
    for i, j in modified:
        stored["changes"][i]["clauses"][j]["words"] = _coarse(stored["changes"][i]["clauses"][j])
    coarse = _reclassified(stored, old, new)  # classified on its own runs, as check would have
    assert coarse != derived and compare(coarse, derived, old, new) == []
    i, j = modified[0]
    coarse["changes"][i]["clauses"][j]["words"][1]["text"] = "We share nothing."
    [(path, expected, found)] = compare(coarse, derived, old, new)
    assert path == f"changes[{i}].clauses[{j}].words" and found == "We share nothing."


def test_notice_drafted_for_an_older_uncovered_change_does_not_fail(tmp_path: Path, http_server: LocalServer) -> None:
    """A store from before change files were chained: ``notice`` chains its own drafts, and the
    report and diff the old check wrote (named by no record) are not held against it."""
    config, store, folder = _changed_store(tmp_path, http_server)

    def unchain(records):  # type: ignore[no-untyped-def]
        for record in records:
            (record.get("details") or {}).pop("files", None)
        return records

    rechain(store, "acme", unchain)
    assert verify(store).changes["acme"][0]["files"] == "not covered"
    out = subprocess.run(
        [sys.executable, "-m", "tracker", "notice", "acme", "--today", "2030-01-01", "--config", str(config.path)],
        capture_output=True, text=True,
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    report = verify(store)
    assert report.ok, [p.line() for p in report.problems]
    assert report.changes["acme"][0]["files"] == "covered" and "diff.json" not in report.changes["acme"][0]["names"]
    (folder / "notice-banner.txt").write_text("Nothing changed.\n", encoding="utf-8")
    assert [p.kind for p in verify(store).problems] == ["altered_file"]
