"""``sign_heads`` reads each policy's head from its log's tail; the head it signs is the last complete
record ``Store.records`` reads, whether the log ends cleanly or with a torn append."""

from __future__ import annotations

import json
from pathlib import Path

from tracker.evidence.heads import sign_heads
from tracker.evidence.keys import generate_key, load_private_key
from tracker.evidence.verify import verify
from tracker.models import CheckRecord
from tracker.store import Store


def _store(tmp_path: Path) -> Store:
    store = Store(tmp_path / "store")
    for day in (1, 2, 3):
        at = f"2026-01-0{day}T10:00:00Z"
        store.record_check(CheckRecord(policy_id="acme", checked_at=at, status="unchanged"))
    return store


def _signed_head(store: Store, tmp_path: Path) -> dict[str, object]:
    key_file = tmp_path / "key.pem"
    if not key_file.exists():
        generate_key(key_file)
    signed, problem = sign_heads(store, load_private_key(key_file))
    assert problem is None
    head: dict[str, object] = json.loads(signed.path.read_bytes())["policies"]["acme"]
    return head


def test_the_signed_head_is_the_last_record(tmp_path: Path) -> None:
    store = _store(tmp_path)
    last = store.records("acme")[-1]
    head = _signed_head(store, tmp_path)
    assert (head["seq"], head["hash"], head["at"]) == (3, last["hash"], last["at"])


def test_a_torn_last_line_is_not_the_head(tmp_path: Path) -> None:
    store = _store(tmp_path)
    last = store.records("acme")[-1]
    with open(store.log_path("acme"), "ab") as fh:
        fh.write(b'{"type": "check", "status": "chan')  # an append cut short
    head = _signed_head(store, tmp_path)
    assert (head["seq"], head["hash"]) == (3, last["hash"])
    key = load_private_key(tmp_path / "key.pem").public_key()
    report = verify(store, trusted_keys=[key], expect_signed=True)
    assert report.ok, [p.line() for p in report.problems]
    assert report.signed["acme"].signed_upto == 3 and any("torn last line" in n for n in report.notes)
