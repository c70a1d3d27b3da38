"""verify and export: a tampered store is reported precisely; a bundle proves what was in force."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.test_store import make_doc, make_fetch
from tracker.cli import main
from tracker.errors import StoreError
from tracker.evidence import export_bundle, verify, verify_bundle
from tracker.models import CheckRecord
from tracker.store import Store, record_hash


def build_store(root: Path) -> Store:
    """Three snapshots (Jan, Feb, Mar) with a check after each, one unchanged check in Feb."""
    store = Store(root)
    for month, text in (("01", "We use cookies."), ("02", "We sell data."), ("03", "We share data.")):
        at = f"2026-{month}-05T10:00:00Z"
        body = f"<html><p>{text}</p></html>".encode()
        meta = store.save_snapshot("acme", make_fetch(at, body), make_doc(text), "x1")
        store.record_check(CheckRecord(policy_id="acme", checked_at=at, status="changed", snapshot_id=meta.snapshot_id))
    store.record_check(
        CheckRecord(
            policy_id="acme", checked_at="2026-02-20T09:00:00Z", status="unchanged", snapshot_id="20260205T100000Z"
        )
    )
    return store


def test_clean_store_verifies(tmp_path: Path) -> None:
    store = build_store(tmp_path)
    report = verify(store)
    assert report.ok, [p.line() for p in report.problems]
    assert report.policies == ["acme"]
    assert report.records == 7
    assert report.files == 12  # 3 snapshots x 4 files
    assert report.heads["acme"] == store.records("acme")[-1]["hash"]


def test_one_flipped_byte_in_a_snapshot_file_is_reported(tmp_path: Path) -> None:
    store = build_store(tmp_path)
    path = store.snapshot_dir("acme", "20260205T100000Z") / "raw.html"
    expected = hashlib.sha256(path.read_bytes()).hexdigest()
    data = bytearray(path.read_bytes())
    data[10] ^= 0x01
    path.write_bytes(bytes(data))
    report = verify(store)
    assert not report.ok
    assert [(p.kind, p.file) for p in report.problems] == [("altered_file", "acme/snap/20260205T100000Z/raw.html")]
    problem = report.problems[0]
    assert problem.expected == expected
    assert problem.found == hashlib.sha256(bytes(data)).hexdigest()


def test_one_flipped_byte_in_the_log_is_reported(tmp_path: Path) -> None:
    store = build_store(tmp_path)
    log = store.log_path("acme")
    lines = log.read_bytes().split(b"\n")
    lines[3] = lines[3].replace(b'"changed"', b'"chanGed"')  # line 4: the second check record
    log.write_bytes(b"\n".join(lines))
    report = verify(store)
    assert [(p.kind, p.file) for p in report.problems] == [("altered_record", "acme/log.jsonl line 4")]
    tampered = json.loads(lines[3])
    assert report.problems[0].expected == tampered["hash"]
    assert report.problems[0].found == record_hash(tampered)


def test_deleted_snapshot_is_reported(tmp_path: Path) -> None:
    store = build_store(tmp_path)
    shutil.rmtree(store.snapshot_dir("acme", "20260105T100000Z"))
    report = verify(store)
    assert [(p.kind, p.file) for p in report.problems] == [("missing_file", "acme/snap/20260105T100000Z/")]
    assert report.problems[0].found == "folder missing"


def test_deleted_snapshot_file_is_reported(tmp_path: Path) -> None:
    store = build_store(tmp_path)
    (store.snapshot_dir("acme", "20260305T100000Z") / "policy.md").unlink()
    report = verify(store)
    assert [(p.kind, p.file, p.found) for p in report.problems] == [
        ("missing_file", "acme/snap/20260305T100000Z/policy.md", "missing")
    ]


def test_deleted_log_record_is_reported(tmp_path: Path) -> None:
    store = build_store(tmp_path)
    log = store.log_path("acme")
    lines = log.read_bytes().split(b"\n")
    del lines[2]  # seq 3: the February snapshot record
    log.write_bytes(b"\n".join(lines))
    report = verify(store)
    assert [(p.kind, p.file, p.expected, p.found) for p in report.problems] == [
        ("missing_record", "acme/log.jsonl line 3", "seq 3", "seq 4")
    ]
    # its folder is now unreferenced: noted, never silently accepted as part of the chain
    assert any("20260205T100000Z: folder not in the log" in n for n in report.notes)


def test_two_swapped_records_are_reported(tmp_path: Path) -> None:
    store = build_store(tmp_path)
    log = store.log_path("acme")
    lines = log.read_bytes().split(b"\n")
    lines[1], lines[2] = lines[2], lines[1]
    log.write_bytes(b"\n".join(lines))
    report = verify(store)
    assert [(p.kind, p.file, p.expected, p.found) for p in report.problems] == [
        ("reordered", "acme/log.jsonl line 2", "seq 2", "seq 3"),
        ("reordered", "acme/log.jsonl line 3", "seq 3", "seq 2"),
    ]


def test_torn_last_line_and_leftover_folders_are_notes_not_failures(tmp_path: Path) -> None:
    store = build_store(tmp_path)
    with open(store.log_path("acme"), "ab") as fh:
        fh.write(b'{"seq":8,"type":"che')
    (store.policy_dir("acme") / "snap" / ".tmp-20260401T000000Z-abcd").mkdir()
    report = verify(store)
    assert report.ok
    assert len(report.notes) == 2
    assert "torn last line" in report.notes[0]


def test_verify_cli_exit_codes_and_json(tmp_path: Path) -> None:
    store = build_store(tmp_path / "snaps")
    runner = CliRunner()
    ok = runner.invoke(main, ["verify", "--store", str(store.root)])
    assert ok.exit_code == 0, ok.output
    assert ok.output.strip().endswith("ok: 1 policies, 7 records, 12 files checked")
    (store.snapshot_dir("acme", "20260305T100000Z") / "meta.json").write_text("{}")
    bad = runner.invoke(main, ["verify", "acme", "--store", str(store.root), "--json"])
    assert bad.exit_code == 2
    data = json.loads(bad.output)
    assert data["schema"] == "policy-tracker/verify/1" and data["ok"] is False
    assert data["problems"][0]["file"] == "acme/snap/20260305T100000Z/meta.json"
    missing = runner.invoke(main, ["verify", "nope", "--store", str(store.root)])
    assert missing.exit_code == 2
    assert "policy 'nope': not in store" in missing.output


def test_export_bundle_for_a_date(tmp_path: Path) -> None:
    store = build_store(tmp_path / "snaps")
    bundle = export_bundle(store, "acme", "2026-03-03", tmp_path / "out")
    assert bundle.snapshot_id == "20260205T100000Z"  # in force on 3 March
    names = sorted(p.name for p in bundle.path.iterdir())
    assert names == ["SHA256SUMS", "log.jsonl", "meta.json", "policy.json", "policy.md", "proof.json", "raw.html"]
    assert (bundle.path / "raw.html").read_bytes() == b"<html><p>We sell data.</p></html>"
    proof = json.loads((bundle.path / "proof.json").read_text())
    assert proof["snapshot_id"] == "20260205T100000Z"
    assert proof["last_confirmed_by"]["at"] == "2026-02-20T09:00:00Z"
    assert proof["next_snapshot"]["snapshot_id"] == "20260305T100000Z"
    assert proof["chain"]["head_hash"] == store.records("acme")[-1]["hash"]
    for name, digest in proof["snapshot_record"]["files"].items():
        assert hashlib.sha256((bundle.path / name).read_bytes()).hexdigest() == digest
    # the copied log re-verifies on its own: every line's hash and link
    prev = "0" * 64
    for line in (bundle.path / "log.jsonl").read_text().splitlines():
        rec = json.loads(line)
        assert rec["prev"] == prev and record_hash(rec) == rec["hash"]
        prev = rec["hash"]
    for line in (bundle.path / "SHA256SUMS").read_text().splitlines():
        digest, name = line.split("  ")
        assert hashlib.sha256((bundle.path / name).read_bytes()).hexdigest() == digest


def test_export_refuses_a_tampered_store_and_a_date_before_history(tmp_path: Path) -> None:
    store = build_store(tmp_path / "snaps")
    with pytest.raises(StoreError, match="no snapshot on or before 2025-01-01"):
        export_bundle(store, "acme", "2025-01-01", tmp_path / "out")
    (store.snapshot_dir("acme", "20260105T100000Z") / "policy.md").write_text("forged")
    with pytest.raises(StoreError, match=r"fails verification .*acme/snap/20260105T100000Z/policy.md"):
        export_bundle(store, "acme", "2026-03-03", tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_export_cli(tmp_path: Path) -> None:
    store = build_store(tmp_path / "snaps")
    runner = CliRunner()
    out = tmp_path / "bundles"
    result = runner.invoke(
        main, ["export", "acme", "--at", "2026-01-31", "--store", str(store.root), "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert (out / "acme-20260105T100000Z" / "proof.json").is_file()
    again = runner.invoke(main, ["export", "acme", "--at", "2026-01-31", "--store", str(store.root), "--out", str(out)])
    assert again.exit_code == 2
    assert "already exists" in again.output


def test_first_write_killed_before_any_log_is_a_note_but_a_deleted_log_fails(tmp_path: Path) -> None:
    store = Store(tmp_path)
    (store.policy_dir("acme") / "snap" / ".tmp-20260101T000000Z-abcd").mkdir(parents=True)
    report = verify(store)
    assert report.ok and report.policies == ["acme"] and report.notes
    built = build_store(tmp_path / "other")
    built.log_path("acme").unlink()
    failed = verify(built)
    assert [(p.kind, p.file, p.found) for p in failed.problems] == [
        ("missing_log", "acme/log.jsonl", "missing (3 snapshots)")
    ]


def test_an_exported_bundle_verifies_on_its_own(tmp_path: Path) -> None:
    store = build_store(tmp_path / "snaps")
    bundle = export_bundle(store, "acme", "2026-03-03", tmp_path / "out")
    shutil.rmtree(tmp_path / "snaps")  # the bundle stands alone
    report = verify_bundle(bundle.path)
    assert report.ok, [p.line() for p in report.problems]
    assert report.records == 7 and report.files == 6


def test_a_tampered_bundle_is_caught_even_with_its_checksums_redone(tmp_path: Path) -> None:
    store = build_store(tmp_path / "snaps")
    bundle = export_bundle(store, "acme", "2026-03-03", tmp_path / "out")
    raw = bundle.path / "raw.html"
    original = hashlib.sha256(raw.read_bytes()).hexdigest()
    raw.write_bytes(raw.read_bytes().replace(b"sell", b"keep"))
    forged = hashlib.sha256(raw.read_bytes()).hexdigest()
    report = verify_bundle(bundle.path)
    assert {(p.file, p.detail) for p in report.problems} == {
        ("raw.html", "SHA256SUMS"),
        ("raw.html", "snapshot_record seq 3"),
    }
    # a forger who also rewrites SHA256SUMS is still caught by the chained snapshot record
    sums = bundle.path / "SHA256SUMS"
    sums.write_text(sums.read_text().replace(original, forged))
    report = verify_bundle(bundle.path)
    assert [(p.kind, p.file, p.expected, p.found) for p in report.problems] == [
        ("altered_file", "raw.html", original, forged)
    ]
    runner = CliRunner()
    result = runner.invoke(main, ["verify", "--bundle", str(bundle.path)])
    assert result.exit_code == 2
    assert "FAIL raw.html: altered_file (snapshot_record seq 3)" in result.output
    with pytest.raises(StoreError, match="not an evidence bundle"):
        verify_bundle(tmp_path)


@pytest.mark.parametrize("command", ["verify", "export", "backfill", "import-declarations"])
def test_every_evidence_command_has_help_with_exit_codes(command: str) -> None:
    result = CliRunner().invoke(main, [command, "--help"])
    assert result.exit_code == 0
    assert "Exit 0" in result.output and "2:" in result.output


def test_a_forged_record_pointing_outside_its_snapshot_is_refused(tmp_path: Path) -> None:
    store = build_store(tmp_path / "snaps")
    secret = tmp_path / "secret.txt"
    secret.write_text("not part of the store")
    # a forger with write access rewrites the last snapshot record and re-chains what follows it
    records = store.records("acme")
    snap = next(r for r in reversed(records) if r["type"] == "snapshot")
    snap["meta"]["raw_filename"] = "../../../../secret.txt"
    snap["files"] = {"../../../../secret.txt": hashlib.sha256(secret.read_bytes()).hexdigest()}
    prev = "0" * 64
    for rec in records:
        rec["prev"] = prev
        rec["hash"] = record_hash(rec)
        prev = rec["hash"]
    store.log_path("acme").write_text("".join(json.dumps(r) + "\n" for r in records))
    report = verify(store)
    assert [(p.kind, p.file) for p in report.problems] == [("altered_record", "acme/log.jsonl line 5")]
    assert "file names" in str(report.problems[0].found)
    with pytest.raises(StoreError, match="fails verification"):
        export_bundle(store, "acme", "latest", tmp_path / "out")


def test_checks_after_the_date_do_not_confirm_it(tmp_path: Path) -> None:
    store = build_store(tmp_path / "snaps")
    early = export_bundle(store, "acme", "2026-02-10", tmp_path / "a")
    proof = json.loads((early.path / "proof.json").read_text())
    assert proof["last_confirmed_by"]["at"] == "2026-02-05T10:00:00Z"  # not the check of 20 February
    by_id = export_bundle(store, "acme", "20260205T100000Z", tmp_path / "b")
    assert json.loads((by_id.path / "proof.json").read_text())["last_confirmed_by"]["at"] == "2026-02-20T09:00:00Z"


def test_re_extractions_are_verified_exported_and_bundled(tmp_path: Path) -> None:
    store = build_store(tmp_path / "snaps")
    store.add_extraction("acme", "20260205T100000Z", make_doc("We sell data, re-extracted."), "x2")
    assert verify(store).ok
    bundle = export_bundle(store, "acme", "2026-02-10", tmp_path / "out")
    assert "re-extracted" in (bundle.path / "policy.md").read_text()
    proof = json.loads((bundle.path / "proof.json").read_text())
    assert proof["extraction_record"]["seq"] == 8
    assert verify_bundle(bundle.path).ok
    (store.snapshot_dir("acme", "20260205T100000Z") / "x1" / "policy.md").write_text("forged")
    assert [(p.kind, p.file) for p in verify(store).problems] == [
        ("altered_file", "acme/snap/20260205T100000Z/x1/policy.md")
    ]
