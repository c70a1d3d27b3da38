"""Signed, time-stamped heads: what makes "verified" mean something to a third party.

After each run, ``sign_heads`` writes a statement naming the last record (``seq`` and ``hash``) of
every policy's log, signs its exact bytes with the Ed25519 key kept outside the store and, when a
Time-Stamping Authority is configured, gets an RFC 3161 token for them::

    <store>/heads/000042.json    the statement (canonical JSON; these bytes are what is signed)
    <store>/heads/000042.sig     the raw 64-byte Ed25519 signature
    <store>/heads/000042.tsr     the TSA's DER time-stamp response (optional)
    <store>/heads/keys/<id>.pem  the public key (the private key never enters the store)

Statements chain: each names the SHA-256 of the one before. ``check_heads`` (called by
``verify``) checks every signature and token, that each signed head is still the record at that
place in the log (a re-chained or truncated history fails), and that no signed policy has
vanished; records after the last signed head are reported as unsigned, never as verified.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from tracker.errors import StoreError, TrackerError
from tracker.evidence.keys import key_id, load_public_key, public_pem, signature_valid
from tracker.evidence.timestamp import Stamp, check_timestamp, request_timestamp
from tracker.models import utc_now
from tracker.store import GENESIS, Store, atomic_write, canonical_json, read_last_record

HEADS_SCHEMA = "policy-tracker/heads/1"


@dataclass(frozen=True)
class SignedHeads:
    """One statement as written: its number, file and what it covers."""

    seq: int
    path: Path
    key_id: str
    policies: int
    timestamped: bool


@dataclass
class Attestation:
    """How far one policy's history is vouched for (one entry of ``verify --json``'s ``signed``)."""

    signed_upto: int | None = None  # seq of the last record covered by a valid signature
    key_id: str | None = None
    key_trusted: bool = False  # the key was given to verify, not only read from the store
    timestamped_upto: int | None = None
    tsa: str | None = None
    timestamped_at: str | None = None
    tsa_verified: bool = False  # the token chains to a trusted root, not only matches the bytes
    unsigned_records: int = 0  # records after the last signed head

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _heads(store: Store) -> dict[str, dict[str, Any]]:
    """The last record of every policy's log, read from the log's tail (a log holds years of records)."""
    out = {}
    for pid in store.policy_ids():
        last = _last_record(store, pid)
        if last is not None:
            out[pid] = {"seq": last["seq"], "hash": last["hash"], "at": last.get("at")}
    return out


def _last_record(store: Store, policy_id: str) -> dict[str, Any] | None:
    """The last complete record of a log as ``Store.records`` reads it, from the tail when the last
    line is whole (else, a torn last line, from the whole log)."""
    try:
        last = read_last_record(store.log_path(policy_id))
    except (ValueError, TypeError, StoreError):  # a torn or damaged last line: the whole log decides
        last = None
    if isinstance(last, dict):
        return last
    records = store.records(policy_id)
    return records[-1] if records else None


def statement_files(store: Store) -> list[Path]:
    """The store's signed head statements, oldest first."""
    directory = store.heads_dir()
    if not directory.is_dir():
        return []
    return sorted(p for p in directory.glob("[0-9]*.json") if p.stem.isdigit())


def sign_heads(
    store: Store, key: Ed25519PrivateKey, *, tsa_url: str | None = None, timeout: float = 30.0
) -> tuple[SignedHeads, str | None]:
    """Sign the current head of every policy (and time-stamp it when ``tsa_url`` is given).

    Returns the statement written and, if the TSA could not be reached, why (the signature is
    written all the same; the next run time-stamps its own statement).
    """
    files = statement_files(store)
    previous = hashlib.sha256(files[-1].read_bytes()).hexdigest() if files else GENESIS
    seq = int(files[-1].stem) + 1 if files else 1
    public = key.public_key()
    kid = key_id(public)
    heads = _heads(store)
    statement: dict[str, Any] = {
        "schema": HEADS_SCHEMA,
        "seq": seq,
        "signed_at": utc_now(),
        "key_id": kid,
        "previous": previous,
        "policies": heads,
    }
    data = canonical_json(statement).encode("utf-8")
    directory = store.heads_dir()
    (directory / "keys").mkdir(parents=True, exist_ok=True)
    key_file = directory / "keys" / f"{kid}.pem"
    if not key_file.exists():
        atomic_write(key_file, public_pem(public))
    token, problem = None, None
    if tsa_url:
        try:
            token = request_timestamp(tsa_url, data, timeout=timeout)
        except TrackerError as exc:
            problem = str(exc)
    stem = directory / f"{seq:06d}"
    if token is not None:
        atomic_write(stem.with_suffix(".tsr"), token)
    else:  # a token a killed run left for this number stamps other bytes: it must not stand beside these
        stem.with_suffix(".tsr").unlink(missing_ok=True)
    atomic_write(stem.with_suffix(".sig"), key.sign(data))
    atomic_write(stem.with_suffix(".json"), data)  # last: a statement without its signature never shows
    return SignedHeads(seq, stem.with_suffix(".json"), kid, len(heads), token is not None), problem


def published_keys(store: Store) -> dict[str, Ed25519PublicKey]:
    """The public keys the store publishes, by key id (what a reader uses when given none)."""
    keys = {}
    for path in sorted((store.heads_dir() / "keys").glob("*.pem")):
        public = load_public_key(path.read_bytes(), str(path))
        keys[key_id(public)] = public
    return keys


@dataclass(frozen=True)
class HeadProblem:
    """A problem ``check_heads`` found: the kind, the file and what it means."""

    policy_id: str
    kind: str
    file: str
    detail: str


def _valid_statements(
    store: Store, trusted: dict[str, Ed25519PublicKey], roots: list[x509.Certificate], problems: list[HeadProblem]
) -> list[tuple[dict[str, Any], str, Stamp | None]]:
    """Every statement whose signature (and chain link) holds, with its key id and verified stamp."""
    keys = trusted or published_keys(store)
    valid = []
    previous = GENESIS
    for path in statement_files(store):
        rel = path.relative_to(store.root).as_posix()
        data = path.read_bytes()
        digest = hashlib.sha256(data).hexdigest()
        try:
            statement = json.loads(data)
        except ValueError:
            problems.append(HeadProblem("", "bad_statement", rel, "not JSON"))
            previous = digest
            continue
        if statement.get("previous") != previous:
            problems.append(HeadProblem("", "broken_head_chain", rel, "does not follow the statement before it"))
        previous = digest
        kid = str(statement.get("key_id"))
        public = keys.get(kid)
        sig_path = path.with_suffix(".sig")
        if public is None:
            problems.append(HeadProblem("", "unknown_key", rel, f"signed by key {kid}, not a trusted key"))
            continue
        if not sig_path.is_file() or not signature_valid(public, sig_path.read_bytes(), data):
            problems.append(HeadProblem("", "bad_signature", rel, f"the signature by key {kid} does not verify"))
            continue
        stamp = None
        token = path.with_suffix(".tsr")
        if token.is_file():
            try:
                stamp = check_timestamp(token.read_bytes(), data, roots)
            except ValueError as exc:
                problems.append(HeadProblem("", "bad_timestamp", token.relative_to(store.root).as_posix(), str(exc)))
        valid.append((statement, kid, stamp))
    return valid


def check_heads(
    store: Store,
    policy_ids: list[str],
    *,
    trusted_keys: list[Ed25519PublicKey] | None = None,
    tsa_roots: list[x509.Certificate] | None = None,
    expect_signed: bool = False,
    hashes: dict[str, list[str | None]] | None = None,
) -> tuple[dict[str, Attestation], list[HeadProblem]]:
    """Check the signed heads against the logs of ``policy_ids`` (every policy when verifying all).

    ``trusted_keys``: the keys a reader trusts (given out of band); without them the store's
    published keys are used and the attestation says so. ``expect_signed``: signing is configured,
    so a store with records but no valid statement is a problem, not a note. ``hashes``: the
    ``hash`` of every record of the logs the caller has already read (``verify``), by policy id;
    the other logs are read here.
    """
    problems: list[HeadProblem] = []
    trusted = {key_id(k): k for k in trusted_keys or []}
    statements = _valid_statements(store, trusted, list(tsa_roots or []), problems)
    attest = {pid: Attestation() for pid in policy_ids}
    on_disk = set(store.policy_ids())
    verifying_all = set(policy_ids) >= on_disk
    known = hashes or {}
    hashes = {
        pid: known[pid] if pid in known else [r.get("hash") for r in store.records(pid)]
        for pid in policy_ids
        if pid in on_disk
    }
    for statement, kid, stamp in statements:
        for pid, head in statement.get("policies", {}).items():
            if pid not in on_disk:
                if verifying_all:
                    problems.append(HeadProblem(pid, "deleted_policy", f"{pid}/", "signed in a head, missing now"))
                continue
            if pid in attest:
                _check_head(pid, hashes[pid], head, kid, stamp, bool(trusted), attest[pid], problems)
    for a in attest.values():
        a.tsa_verified = a.timestamped_upto is not None and bool(tsa_roots)
    for pid, a in attest.items():
        total = len(hashes.get(pid, []))
        a.unsigned_records = total - (a.signed_upto or 0)
        if expect_signed and total and a.signed_upto is None:
            problems.append(HeadProblem(pid, "unsigned", f"{pid}/log.jsonl", "no signed head covers this policy"))
    return attest, _unique(problems)


def _check_head(
    pid: str,
    hashes: list[str | None],
    head: dict[str, Any],
    kid: str,
    stamp: Stamp | None,
    trusted: bool,
    attestation: Attestation,
    problems: list[HeadProblem],
) -> None:
    seq, expected = int(head.get("seq", 0)), head.get("hash")
    rel = f"{pid}/log.jsonl"
    if seq > len(hashes):
        detail = f"signed up to record {seq}, the log has {len(hashes)}"
        problems.append(HeadProblem(pid, "truncated_log", rel, detail))
        return
    if seq < 1 or hashes[seq - 1] != expected:
        problems.append(HeadProblem(pid, "rechained", rel, f"record {seq} is not the one signed ({expected})"))
        return
    if attestation.signed_upto is None or seq >= attestation.signed_upto:
        attestation.signed_upto, attestation.key_id, attestation.key_trusted = seq, kid, trusted
    if stamp is not None and (attestation.timestamped_upto is None or seq >= attestation.timestamped_upto):
        attestation.timestamped_upto, attestation.tsa, attestation.timestamped_at = seq, stamp.tsa, stamp.time


def _unique(problems: list[HeadProblem]) -> list[HeadProblem]:
    seen, out = set(), []
    for p in problems:
        if (p.policy_id, p.kind, p.file, p.detail) not in seen:
            seen.add((p.policy_id, p.kind, p.file, p.detail))
            out.append(p)
    return out
