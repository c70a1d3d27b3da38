"""Signed, time-stamped heads: forgeries that re-chain, truncate or delete history are caught.

A real RFC 3161 TSA (``openssl ts -reply`` on 127.0.0.1, a test CA made by the fixture) stamps
the heads; the signing key lives outside the store.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.checks_helpers import policy_page, write_config
from tests.conftest import LocalServer, Response
from tests.test_evidence import build_store
from tests.tsa_helpers import LocalTSA
from tracker.check import run_check
from tracker.config import load_config
from tracker.evidence.heads import sign_heads
from tracker.evidence.keys import generate_key, load_private_key
from tracker.evidence.timestamp import load_certificates
from tracker.evidence.verify import verify
from tracker.models import CheckRecord
from tracker.store import Store, canonical_json, record_hash


@pytest.fixture
def key_path(tmp_path: Path) -> Path:
    path = tmp_path / "keys" / "signing.pem"
    generate_key(path)
    return path


def signed_store(root: Path, key_path: Path, tsa: LocalTSA | None = None) -> Store:
    store = build_store(root)
    sign_heads(store, load_private_key(key_path), tsa_url=tsa.url if tsa else None)
    return store


def trusted(key_path: Path) -> list:
    return [load_private_key(key_path).public_key()]


def kinds(report) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    return [(p.kind, p.policy_id) for p in report.problems]


def rechain(store: Store, policy_id: str, edit) -> None:  # type: ignore[no-untyped-def]
    """Rewrite the log as a forger with write access would: edit records, recompute every hash."""
    path = store.log_path(policy_id)
    records = [json.loads(line) for line in path.read_text().splitlines()]
    records = edit(records)
    prev = "0" * 64
    for seq, record in enumerate(records, start=1):
        record["seq"], record["prev"] = seq, prev
        record["hash"] = record_hash(record)
        prev = record["hash"]
    path.write_text("".join(canonical_json(r) + "\n" for r in records))


def test_signed_and_time_stamped_store_verifies(tmp_path: Path, key_path: Path, tsa: LocalTSA) -> None:
    store = signed_store(tmp_path / "store", key_path, tsa)
    report = verify(store, trusted_keys=trusted(key_path), tsa_roots=load_certificates(tsa.ca_file), expect_signed=True)
    assert report.ok, [p.line() for p in report.problems]
    attestation = report.signed["acme"]
    assert attestation.signed_upto == 7 and attestation.timestamped_upto == 7 and attestation.unsigned_records == 0
    assert attestation.key_trusted and attestation.tsa_verified and "test TSA" in (attestation.tsa or "")
    assert not (store.root / "heads" / "keys" / "signing.pem").exists()  # only the public half is published
    assert not any(b"PRIVATE" in p.read_bytes() for p in (store.root / "heads").rglob("*") if p.is_file())


def test_third_party_checks_with_standard_tools(tmp_path: Path, key_path: Path, tsa: LocalTSA) -> None:
    store = signed_store(tmp_path / "store", key_path, tsa)
    statement = store.root / "heads" / "000001.json"
    token = statement.with_suffix(".tsr")
    ts = subprocess.run(
        ["openssl", "ts", "-verify", "-data", str(statement), "-in", str(token), "-CAfile", str(tsa.ca_file)],
        capture_output=True, text=True,
    )  # fmt: skip
    assert ts.returncode == 0 and "Verification: OK" in ts.stdout, ts.stderr
    [public] = list((store.root / "heads" / "keys").glob("*.pem"))
    sig = subprocess.run(
        ["openssl", "pkeyutl", "-verify", "-pubin", "-inkey", str(public), "-rawin", "-in", str(statement),
         "-sigfile", str(statement.with_suffix(".sig"))],
        capture_output=True, text=True,
    )  # fmt: skip
    assert sig.returncode == 0 and "Signature Verified Successfully" in sig.stdout, sig.stdout + sig.stderr


def test_token_for_a_different_head_fails(tmp_path: Path, key_path: Path, tsa: LocalTSA) -> None:
    store = signed_store(tmp_path / "store", key_path, tsa)
    store.record_check(CheckRecord(policy_id="acme", checked_at="2026-04-01T00:00:00Z", status="unchanged"))
    sign_heads(store, load_private_key(key_path), tsa_url=tsa.url)
    heads = store.root / "heads"
    shutil.copy(heads / "000001.tsr", heads / "000002.tsr")  # an old token beside a new statement
    report = verify(store, trusted_keys=trusted(key_path), tsa_roots=load_certificates(tsa.ca_file))
    assert [(p.kind, p.file) for p in report.problems] == [("bad_timestamp", "heads/000002.tsr")]
    assert "other data" in report.problems[0].detail


def test_replaced_and_rechained_snapshot_is_caught(tmp_path: Path, key_path: Path) -> None:
    store = signed_store(tmp_path / "store", key_path)

    def forge(records):  # type: ignore[no-untyped-def]
        records[2]["summary"] = "nothing to see"  # any edit, then the whole chain recomputed
        return records

    rechain(store, "acme", forge)
    report = verify(store, trusted_keys=trusted(key_path), expect_signed=True)
    assert ("rechained", "acme") in kinds(report)
    assert "record 7 is not the one signed" in next(p.detail for p in report.problems if p.kind == "rechained")


def test_back_dated_history_gets_no_signature_from_a_forgers_key(tmp_path: Path, key_path: Path) -> None:
    store = signed_store(tmp_path / "store", key_path)

    def backdate(records):  # type: ignore[no-untyped-def]
        for r in records:
            r["at"] = r["at"].replace("2026", "2025")
        return records

    rechain(store, "acme", backdate)
    forger_key = tmp_path / "forger.pem"
    generate_key(forger_key)
    shutil.rmtree(store.root / "heads")
    sign_heads(store, load_private_key(forger_key))  # re-signed with the forger's own key
    report = verify(store, trusted_keys=trusted(key_path), expect_signed=True)
    assert ("unknown_key", "") in kinds(report) and ("unsigned", "acme") in kinds(report)


def test_cut_tail_and_deleted_policy_are_caught(tmp_path: Path, key_path: Path) -> None:
    store = build_store(tmp_path / "store")
    other = store.save_snapshot  # a second policy, then sign both
    from tests.test_store import make_doc, make_fetch

    other("beta", make_fetch("2026-01-01T00:00:00Z", b"<p>B</p>"), make_doc("Beta text."), "x1")
    sign_heads(store, load_private_key(key_path))
    log = store.log_path("acme")
    lines = log.read_text().splitlines(keepends=True)
    log.write_text("".join(lines[:-2]))  # the last two records cut
    shutil.rmtree(store.policy_dir("beta"))
    report = verify(store, trusted_keys=trusted(key_path), expect_signed=True)
    assert ("truncated_log", "acme") in kinds(report) and ("deleted_policy", "beta") in kinds(report)


def test_records_after_the_last_signed_head_are_unsigned_not_verified(tmp_path: Path, key_path: Path) -> None:
    store = signed_store(tmp_path / "store", key_path)
    store.record_check(CheckRecord(policy_id="acme", checked_at="2026-04-01T00:00:00Z", status="unchanged"))
    report = verify(store, trusted_keys=trusted(key_path), expect_signed=True)
    assert report.ok and report.signed["acme"].signed_upto == 7 and report.signed["acme"].unsigned_records == 1


def test_edited_statement_fails_its_signature(tmp_path: Path, key_path: Path) -> None:
    store = signed_store(tmp_path / "store", key_path)
    statement = store.root / "heads" / "000001.json"
    statement.write_bytes(statement.read_bytes().replace(b'"seq":7', b'"seq":6'))
    report = verify(store, trusted_keys=trusted(key_path))
    assert ("bad_signature", "") in kinds(report)


def test_check_signs_and_time_stamps_after_each_run(
    tmp_path: Path, http_server: LocalServer, key_path: Path, tsa: LocalTSA
) -> None:
    http_server.routes["/p"] = Response(policy_page())
    cfg = write_config(tmp_path, [{"id": "acme", "name": "Acme", "url": http_server.url("/p")}], respect_robots=False)
    with cfg.open("a", encoding="utf-8") as fh:
        fh.write(f'\n[evidence]\nsigning_key = "{key_path}"\ntsa_url = "{tsa.url}"\n')
        fh.write(f'tsa_certificates = "{tsa.ca_file}"\n')
    config = load_config(cfg)
    before = tsa.requests
    run = run_check(config, send_alerts=False)
    assert run.outcomes[0].status == "new" and not run.warnings
    assert tsa.requests == before + 1
    store = Store(config.store_path)
    assert sorted(p.name for p in (store.root / "heads").glob("0*")) == ["000001.json", "000001.sig", "000001.tsr"]
    cli = subprocess.run(
        [sys.executable, "-m", "tracker", "verify", "--config", str(cfg), "--json"], capture_output=True, text=True
    )
    assert cli.returncode == 0, cli.stdout + cli.stderr
    signed = json.loads(cli.stdout)["signed"]["acme"]
    assert signed["signed_upto"] == 2 and signed["key_trusted"] and signed["tsa_verified"]


def test_unreachable_tsa_is_a_warning_and_the_heads_are_still_signed(
    tmp_path: Path, key_path: Path, tsa: LocalTSA
) -> None:
    store = build_store(tmp_path / "store")
    tsa.fail = True
    try:
        signed, problem = sign_heads(store, load_private_key(key_path), tsa_url=tsa.url)
    finally:
        tsa.fail = False
    assert problem is not None and "HTTP 503" in problem and not signed.timestamped
    assert verify(store, trusted_keys=trusted(key_path), expect_signed=True).ok


def test_keygen_refuses_to_overwrite_and_verify_names_the_unsigned(tmp_path: Path, key_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "tracker", "keygen", "--key", str(key_path)], capture_output=True, text=True
    )
    assert result.returncode == 2 and result.stderr.startswith("error: ") and "already there" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    store = build_store(tmp_path / "store")  # never signed
    public = tmp_path / "public.pem"
    from tracker.evidence.keys import public_pem

    public.write_bytes(public_pem(load_private_key(key_path).public_key()))
    out = subprocess.run(
        [sys.executable, "-m", "tracker", "verify", "--store", str(store.root), "--key", str(public)],
        capture_output=True, text=True,
    )  # fmt: skip
    assert out.returncode == 2 and "unsigned" in out.stdout


def test_readers_are_warned_when_the_store_fails_verification(tmp_path: Path) -> None:
    from tracker.site import build_site

    store = build_store(tmp_path / "store")
    raw = store.snapshot_dir("acme", "20260205T100000Z") / "raw.html"
    raw.write_bytes(raw.read_bytes().replace(b"sell", b"keep"))  # an edited stored byte
    stats = build_site(store, tmp_path / "site", workers=0)
    assert any("fails verification" in w for w in stats.warnings)
    for page in (tmp_path / "site").rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert "This store fails verification" in html and "altered_file" in html, page
    for args in (["history", "acme"], ["diff", "acme@~1", "acme@latest"]):
        out = subprocess.run(
            [sys.executable, "-m", "tracker", *args, "--store", str(store.root)], capture_output=True, text=True
        )
        warnings = [line for line in out.stderr.splitlines() if line.startswith("warning:")]
        assert len(warnings) == 1 and "fails verification" in warnings[0] and "raw.html" in warnings[0], out.stderr


def test_verify_refuses_a_folder_that_is_not_a_store() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "tracker", "verify", "--store", "/proc/self"], capture_output=True, text=True
    )
    assert out.returncode == 2 and "not a policy-tracker store" in out.stderr and "Traceback" not in out.stderr


def test_signed_bundle_proves_itself_and_any_edited_claim_fails(tmp_path: Path, key_path: Path, tsa: LocalTSA) -> None:
    from tracker.evidence import export_bundle, verify_bundle

    store = signed_store(tmp_path / "store", key_path, tsa)
    bundle = export_bundle(store, "acme", "2026-02-10", tmp_path / "out")
    names = sorted(p.name for p in bundle.path.iterdir())
    assert {"heads.json", "heads.sig", "heads.tsr", "signing-key.pem"} <= set(names)
    proof = json.loads((bundle.path / "proof.json").read_text())
    assert proof["in_force"] == {"from": "2026-02-05T10:00:00Z", "until": "2026-03-05T10:00:00Z"}
    assert proof["previous_snapshot"]["snapshot_id"] == "20260105T100000Z"
    assert proof["signed_head"]["seq"] == 7
    report = verify_bundle(bundle.path, trusted_keys=trusted(key_path), tsa_roots=load_certificates(tsa.ca_file))
    assert report.ok, [p.line() for p in report.problems]
    assert report.signed["acme"].signed_upto == 7 and report.signed["acme"].tsa_verified
    # a forger moves the in-force interval and redoes SHA256SUMS: the claim no longer derives from the log
    proof["in_force"]["until"] = "2027-01-01T00:00:00Z"
    (bundle.path / "proof.json").write_text(json.dumps(proof, indent=1))
    sums = subprocess.run(
        "sha256sum $(ls | grep -v SHA256SUMS) > SHA256SUMS", shell=True, cwd=bundle.path, capture_output=True
    )
    assert sums.returncode == 0
    forged = verify_bundle(bundle.path)
    assert [(p.kind, p.file) for p in forged.problems] == [("altered_claim", "proof.json in_force")]


def test_bundle_with_a_forged_log_fails_the_signed_head(tmp_path: Path, key_path: Path) -> None:
    from tracker.evidence import export_bundle, verify_bundle

    store = signed_store(tmp_path / "store", key_path)
    bundle = export_bundle(store, "acme", "latest", tmp_path / "out")
    log = bundle.path / "log.jsonl"
    records = [json.loads(line) for line in log.read_text().splitlines()]
    records[1]["at"] = "2025-01-01T00:00:00Z"  # back-dated, chain recomputed, proof redone to match
    prev = "0" * 64
    for record in records:
        record["prev"] = prev
        record["hash"] = record_hash(record)
        prev = record["hash"]
    log.write_text("".join(canonical_json(r) + "\n" for r in records))
    proof = json.loads((bundle.path / "proof.json").read_text())
    from tracker.evidence.bundle import derive_claims

    proof.update(derive_claims(records, "acme", proof["snapshot_id"], proof["asked_for"]))
    (bundle.path / "proof.json").write_text(json.dumps(proof, indent=1))
    subprocess.run("sha256sum $(ls | grep -v SHA256SUMS) > SHA256SUMS", shell=True, cwd=bundle.path, check=True)
    report = verify_bundle(bundle.path, trusted_keys=trusted(key_path))
    assert ("rechained", "acme") in kinds(report)


def test_swapped_folders_and_rewritten_policy_ids_are_caught(tmp_path: Path) -> None:
    from tests.test_store import make_doc, make_fetch

    store = build_store(tmp_path / "store")
    store.save_snapshot("beta", make_fetch("2026-01-09T00:00:00Z", b"<p>B</p>"), make_doc("Beta text."), "x1")
    a, b = store.policy_dir("acme"), store.policy_dir("beta")
    a.rename(tmp_path / "swap")
    b.rename(a)
    (tmp_path / "swap").rename(b)
    report = verify(store)
    assert ("wrong_policy", "acme") in kinds(report) and ("wrong_policy", "beta") in kinds(report)


def test_back_dated_snapshot_id_is_caught_even_when_rechained(tmp_path: Path) -> None:
    store = build_store(tmp_path / "store")

    def backdate(records):  # type: ignore[no-untyped-def]
        records[0]["meta"]["fetched_at"] = "2025-01-05T10:00:00Z"  # the id still says 2026
        return records

    rechain(store, "acme", backdate)
    report = verify(store)
    assert [(p.kind, p.expected) for p in report.problems if p.kind == "wrong_snapshot_time"] == [
        ("wrong_snapshot_time", "20250105T100000Z")
    ]
