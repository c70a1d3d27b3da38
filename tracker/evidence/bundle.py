"""Evidence bundles: "what did the policy say on DATE", in a folder a third party can check alone.

``export_bundle`` writes the raw body as fetched, the normalised text, the metadata, the log up
to its head, the latest signed head statement (with its signature, time-stamp token and public
key), a ``proof.json`` whose claims (policy, URL, in-force interval, neighbours) are derived from
that log, and a ``SHA256SUMS`` file that ``sha256sum -c`` accepts. ``verify_bundle`` re-derives
every claim from the bundled log and fails on any edit (see docs/evidence.md for checking a
bundle with standard tools alone).
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from tracker.errors import StoreError
from tracker.evidence.heads import Attestation, statement_files
from tracker.evidence.keys import key_id, load_public_key, signature_valid
from tracker.evidence.problem import PLAIN_NAME
from tracker.evidence.timestamp import check_timestamp
from tracker.evidence.verify import Problem, VerifyReport, check_chain, parse_log, verify
from tracker.models import SnapshotMeta, sha256_hex
from tracker.store import GENESIS, LOG_NAME, Store, canonical_json, refuse_inside_store

BUNDLE_SCHEMA = "policy-tracker/evidence/1"


@dataclass(frozen=True)
class Bundle:
    """Where an export went and what it holds."""

    path: Path
    policy_id: str
    snapshot_id: str
    files: dict[str, str]  # name -> SHA-256


def _cutoff(at: str) -> str:
    """Checks after the asked-for moment do not count for it; a snapshot ref (latest, an id) has none."""
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", at):
        return at + "T23:59:59Z"
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}T[\d:]+Z?", at):
        return at if at.endswith("Z") else at + "Z"
    return "9999"


def _quote(record: dict[str, Any] | None, *keys: str) -> dict[str, Any] | None:
    return {k: record.get(k) for k in keys} if record else None


def _neighbour(record: dict[str, Any]) -> dict[str, Any]:
    return {"snapshot_id": record.get("snapshot_id"), "fetched_at": record["meta"].get("fetched_at")}


def derive_claims(records: list[dict[str, Any]], policy_id: str, snapshot_id: str, at: str) -> dict[str, Any]:
    """What a bundle claims, derived from the log alone (so ``verify_bundle`` can derive it again):
    the policy and URL, the snapshot and the interval it was in force, its neighbours, the check
    that last confirmed it by ``at``, any re-extraction, and the chain's head."""
    snapshots = [r for r in records if r.get("type") == "snapshot"]
    position = next(i for i, r in enumerate(snapshots) if r.get("snapshot_id") == snapshot_id)
    snap_record = snapshots[position]
    before = snapshots[position - 1] if position else None
    after = snapshots[position + 1] if position + 1 < len(snapshots) else None
    cutoff = _cutoff(at)
    mine = [r for r in records if r.get("snapshot_id") == snapshot_id]
    confirming = [r for r in mine if r.get("type") == "check" and r.get("at", "") <= cutoff]
    extractions = [r for r in mine if r.get("type") == "extraction"]
    meta = snap_record["meta"]
    return {
        "policy_id": policy_id,
        "asked_for": at,
        "snapshot_id": snapshot_id,
        "source": meta.get("source", "live"),
        "fetched_at": meta.get("fetched_at"),
        "url": meta.get("url"),
        "in_force": {"from": meta.get("fetched_at"), "until": after["meta"].get("fetched_at") if after else None},
        "snapshot_record": _quote(snap_record, "seq", "hash", "files"),
        "extraction_record": _quote(extractions[-1] if extractions else None, "seq", "hash", "files"),
        "last_confirmed_by": _quote(confirming[-1] if confirming else None, "seq", "hash", "at", "status"),
        "previous_snapshot": (
            {"snapshot_id": before.get("snapshot_id"), "fetched_at": before["meta"].get("fetched_at")}
            if before
            else None
        ),
        "next_snapshot": (_neighbour(after) if after else None),
        "chain": {
            "genesis": GENESIS,
            "head_seq": records[-1]["seq"],
            "head_hash": records[-1]["hash"],
            "records": len(records),
            "log": LOG_NAME,
        },
    }


HOW_TO_CHECK = (
    "sha256sum -c SHA256SUMS checks the files; each line of log.jsonl hashes (SHA-256 of its canonical "
    "JSON without 'hash': sorted keys, no spaces, UTF-8) to its 'hash', and its 'prev' is the previous "
    "line's 'hash' (the first is 64 zeros); snapshot_record.files are the SHA-256 of the files here. "
    "heads.json is signed by signing-key.pem (heads.sig, Ed25519: openssl pkeyutl -verify -pubin -inkey "
    "signing-key.pem -rawin -in heads.json -sigfile heads.sig) and time-stamped by heads.tsr (openssl ts "
    "-verify -data heads.json -in heads.tsr -CAfile <the TSA's root>); its policies[<id>] names a record "
    "of log.jsonl by seq and hash."
)
SIGNED_FILES = {".json": "heads.json", ".sig": "heads.sig", ".tsr": "heads.tsr"}
KEY_FILE = "signing-key.pem"


def _copy_signed_head(
    store: Store, policy_id: str, records: list[dict[str, Any]], folder: Path
) -> dict[str, Any] | None:
    """Copy the latest signed statement that covers this log (with signature, token and key)."""
    by_seq = {r["seq"]: r["hash"] for r in records}
    for statement in reversed(statement_files(store)):
        data = json.loads(statement.read_bytes())
        head = (data.get("policies") or {}).get(policy_id)
        if not head or by_seq.get(head.get("seq")) != head.get("hash"):
            continue
        key = store.heads_dir() / "keys" / f"{data.get('key_id')}.pem"
        if not key.is_file() or not statement.with_suffix(".sig").is_file():
            continue
        for suffix, name in SIGNED_FILES.items():
            if statement.with_suffix(suffix).is_file():
                shutil.copyfile(statement.with_suffix(suffix), folder / name)
        shutil.copyfile(key, folder / KEY_FILE)
        return {
            "statement": SIGNED_FILES[".json"],
            "statement_seq": data.get("seq"),
            "seq": head["seq"],
            "hash": head["hash"],
            "key_id": data.get("key_id"),
            "signed_at": data.get("signed_at"),
            "timestamp": SIGNED_FILES[".tsr"] if (folder / SIGNED_FILES[".tsr"]).is_file() else None,
        }
    return None


def _write_bundle(
    store: Store, policy_id: str, meta: SnapshotMeta, at: str, records: list[dict[str, Any]], folder: Path
) -> dict[str, str]:
    snap_dir = store.snapshot_dir(policy_id, meta.snapshot_id)
    for name in (meta.raw_filename, "meta.json"):
        shutil.copyfile(snap_dir / name, folder / name)
    doc_dir = store.markdown_path(policy_id, meta.snapshot_id).parent
    for name in ("policy.md", "policy.json"):
        shutil.copyfile(doc_dir / name, folder / name)
    (folder / LOG_NAME).write_text("".join(canonical_json(r) + "\n" for r in records), encoding="utf-8")
    proof = {
        "schema": BUNDLE_SCHEMA,
        **derive_claims(records, policy_id, meta.snapshot_id, at),
        "signed_head": _copy_signed_head(store, policy_id, records, folder),
        "how_to_check": HOW_TO_CHECK,
    }
    (folder / "proof.json").write_text(json.dumps(proof, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    written = {path.name: sha256_hex(path.read_bytes()) for path in sorted(folder.iterdir())}
    sums = "".join(f"{digest}  {name}\n" for name, digest in written.items())
    (folder / "SHA256SUMS").write_text(sums, encoding="utf-8")
    return written


def export_bundle(store: Store, policy_id: str, at: str, out_dir: str | Path) -> Bundle:
    """Write the evidence bundle for the snapshot of ``policy_id`` in force at ``at`` into ``out_dir``.

    ``at`` is anything ``Store.resolve`` accepts (a date ``YYYY-MM-DD`` means the snapshot in force
    at the end of that day). The policy must verify cleanly first (``StoreError`` otherwise): a
    bundle is evidence only if the chain it quotes is intact. Writes ``<out_dir>/<policy>-<snapshot>/``.
    """
    refuse_inside_store(store.root, Path(out_dir), "an evidence bundle")
    result = verify(store, policy_id)
    if not result.ok:
        first = result.problems[0].line()
        raise StoreError(f"policy {policy_id!r}: store fails verification ({len(result.problems)} problems; {first})")
    meta = store.resolve(policy_id, at)
    records = store.records(policy_id)
    target = Path(out_dir) / f"{policy_id}-{meta.snapshot_id}"
    if target.exists():
        raise StoreError(f"policy {policy_id!r}: {target} already exists (remove it or export elsewhere)")
    # built under a temporary name and renamed into place: a bundle folder is always complete
    target.parent.mkdir(parents=True, exist_ok=True)
    work = target.with_name(f".tmp-{target.name}-{secrets.token_hex(4)}")
    work.mkdir()
    try:
        written = _write_bundle(store, policy_id, meta, at, records, work)
        os.rename(work, target)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return Bundle(path=target, policy_id=policy_id, snapshot_id=meta.snapshot_id, files=written)


def _hash_file(path: Path) -> str | None:
    return sha256_hex(path.read_bytes()) if path.is_file() else None


def _check_sums(root: Path, policy_id: str, report: VerifyReport) -> None:
    """Every file ``SHA256SUMS`` lists has its hash (what ``sha256sum -c`` checks)."""
    sums_path = root / "SHA256SUMS"
    listed: set[str] = set()
    for line in sums_path.read_text(encoding="utf-8").splitlines() if sums_path.is_file() else []:
        expected, _, name = line.partition("  ")
        listed.add(name)
        report.files += 1
        found = _hash_file(root / name) if PLAIN_NAME.match(name) else None
        if found != expected:
            kind = "missing_file" if found is None else "altered_file"
            report.problems.append(Problem(policy_id, kind, name, expected, found or "missing", "SHA256SUMS"))
    if not sums_path.is_file():
        report.problems.append(Problem(policy_id, "missing_file", "SHA256SUMS", "a checksum list", "missing"))


def verify_bundle(
    path: str | Path,
    *,
    trusted_keys: list[Ed25519PublicKey] | None = None,
    tsa_roots: list[x509.Certificate] | None = None,
) -> VerifyReport:
    """Check an exported bundle on its own, without the store it came from.

    Checks ``SHA256SUMS``; re-hashes and re-links every line of the bundled ``log.jsonl``; checks
    that ``proof.json``'s snapshot (and extraction) record is in that log with that hash and that
    the bundled files have the hashes the record holds; and that the chain head is the log's last
    record. Problems name the file inside the bundle. ``StoreError`` when ``path`` is not a bundle.
    """
    root = Path(path)
    proof_path = root / "proof.json"
    try:
        proof = json.loads(proof_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise StoreError(f"{root}: not an evidence bundle (no readable proof.json)") from None
    if not isinstance(proof, dict) or proof.get("schema") != BUNDLE_SCHEMA:
        raise StoreError(f"{root}: not an evidence bundle (proof.json schema is not {BUNDLE_SCHEMA})")
    policy_id = str(proof.get("policy_id"))
    report = VerifyReport(root=str(root), policies=[policy_id])
    _check_sums(root, policy_id, report)
    lines = parse_log(root / LOG_NAME, LOG_NAME, policy_id, report) if (root / LOG_NAME).is_file() else []
    report.records = len(lines)
    check_chain(LOG_NAME, policy_id, lines, report)
    by_seq = {ln.record.get("seq"): ln.record for ln in lines}
    quoted: list[tuple[str, dict[str, Any]]] = [("snapshot_record", proof.get("snapshot_record") or {})]
    if proof.get("extraction_record"):
        quoted.append(("extraction_record", proof["extraction_record"]))
    for label, quote in quoted:
        record = by_seq.get(quote.get("seq"))
        if record is None or record.get("hash") != quote.get("hash"):
            found = record.get("hash") if record else "no such record"
            report.problems.append(
                Problem(policy_id, "altered_record", f"proof.json {label}", quote.get("hash"), found)
            )
            continue
        for name, expected in record.get("files", {}).items():
            if label == "snapshot_record" and proof.get("extraction_record") and name in ("policy.md", "policy.json"):
                continue  # the bundled text is the re-extraction's
            found = _hash_file(root / name) if PLAIN_NAME.match(name) else "an unsafe file name"
            if found != expected:
                report.problems.append(
                    Problem(
                        policy_id, "altered_file", name, expected, found or "missing", f"{label} seq {record['seq']}"
                    )
                )
    head = (proof.get("chain") or {}).get("head_hash")
    last = lines[-1].record.get("hash") if lines else None
    if head != last:
        report.problems.append(Problem(policy_id, "broken_chain", "proof.json chain.head_hash", head, last))
    if last:
        report.heads[policy_id] = str(last)
    records = [ln.record for ln in lines]
    _check_claims(proof, records, policy_id, report)
    _check_signed_head(root, proof, records, policy_id, report, trusted_keys or [], tsa_roots or [])
    return report


CLAIMS = (
    "policy_id", "snapshot_id", "source", "fetched_at", "url", "in_force", "snapshot_record", "extraction_record",
    "last_confirmed_by", "previous_snapshot", "next_snapshot", "chain",
)  # fmt: skip


def _check_claims(proof: dict[str, Any], records: list[dict[str, Any]], policy_id: str, report: VerifyReport) -> None:
    """Every claim of ``proof.json`` must be what the bundled log says (derived again here)."""
    try:
        derived = derive_claims(records, policy_id, str(proof.get("snapshot_id")), str(proof.get("asked_for")))
    except (StopIteration, KeyError, TypeError):
        report.problems.append(
            Problem(policy_id, "altered_claim", "proof.json snapshot_id", "a snapshot in the log", "none")
        )
        return
    for claim in CLAIMS:
        if proof.get(claim) != derived.get(claim):
            report.problems.append(
                Problem(policy_id, "altered_claim", f"proof.json {claim}", json.dumps(derived.get(claim)),
                        json.dumps(proof.get(claim)), "not what log.jsonl says")
            )  # fmt: skip


def _check_signed_head(
    root: Path,
    proof: dict[str, Any],
    records: list[dict[str, Any]],
    policy_id: str,
    report: VerifyReport,
    trusted_keys: list[Ed25519PublicKey],
    tsa_roots: list[x509.Certificate],
) -> None:
    """The bundled statement: signed by the bundled (or a trusted) key, naming a record of the bundled log."""
    claim = proof.get("signed_head")
    attestation = Attestation(unsigned_records=len(records))
    report.signed[policy_id] = attestation
    if not claim:
        return
    statement_path, key_path = root / SIGNED_FILES[".json"], root / KEY_FILE
    if not statement_path.is_file() or not key_path.is_file():
        report.problems.append(Problem(policy_id, "missing_file", SIGNED_FILES[".json"], "the signed head", "missing"))
        return
    data = statement_path.read_bytes()
    bundled_key = load_public_key(key_path.read_bytes(), KEY_FILE)
    keys = {key_id(k): k for k in trusted_keys} or {key_id(bundled_key): bundled_key}
    statement = json.loads(data)
    public = keys.get(str(statement.get("key_id")))
    sig = root / SIGNED_FILES[".sig"]
    if public is None or not sig.is_file() or not signature_valid(public, sig.read_bytes(), data):
        report.problems.append(
            Problem(policy_id, "bad_signature", SIGNED_FILES[".json"], None, None, f"key {statement.get('key_id')}")
        )
        return
    head = (statement.get("policies") or {}).get(policy_id) or {}
    by_seq = {r.get("seq"): r.get("hash") for r in records}
    if by_seq.get(head.get("seq")) != head.get("hash") or head.get("seq") != claim.get("seq"):
        report.problems.append(
            Problem(policy_id, "rechained", LOG_NAME, head.get("hash"), by_seq.get(head.get("seq")), "signed head")
        )
        return
    attestation.signed_upto, attestation.key_id = int(head["seq"]), str(statement.get("key_id"))
    attestation.key_trusted, attestation.unsigned_records = bool(trusted_keys), len(records) - int(head["seq"])
    token = root / SIGNED_FILES[".tsr"]
    if token.is_file():
        try:
            stamp = check_timestamp(token.read_bytes(), data, tsa_roots)
        except ValueError as exc:
            report.problems.append(Problem(policy_id, "bad_timestamp", SIGNED_FILES[".tsr"], None, None, str(exc)))
            return
        attestation.timestamped_upto, attestation.tsa, attestation.timestamped_at = (
            attestation.signed_upto,
            stamp.tsa,
            stamp.time,
        )
        attestation.tsa_verified = bool(tsa_roots)
