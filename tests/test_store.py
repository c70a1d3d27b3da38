"""The snapshot store: atomic snapshots, the hash-chained log, references, locking."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tracker.errors import StoreError
from tracker.models import CheckRecord, Clause, FetchResult, PolicyDocument, Section
from tracker.store import GENESIS, Store, record_hash, snapshot_id_for


def make_doc(text: str, last_updated: str | None = "2024-06-19") -> PolicyDocument:
    section = Section(id="cookies", heading="Cookies", path=("Cookies",), level=2, clauses=(Clause(text),))
    return PolicyDocument(title="Policy", last_updated=last_updated, sections=(section,))


def make_fetch(at: str, body: bytes = b"<html><p>x</p></html>") -> FetchResult:
    return FetchResult(
        url="http://127.0.0.1/p",
        final_url="http://127.0.0.1/p",
        status=200,
        headers={"content-type": "text/html"},
        content=body,
        content_type="text/html; charset=utf-8",
        encoding="utf-8",
        fetched_at=at,
    )


def test_save_and_load_round_trip(tmp_path: Path) -> None:
    store = Store(tmp_path)
    meta = store.save_snapshot("acme", make_fetch("2026-01-05T10:00:00Z"), make_doc("We use cookies."), "x1")
    assert meta.snapshot_id == "20260105T100000Z"
    snap = store.load("acme", meta.snapshot_id)
    assert snap.document == make_doc("We use cookies.")
    assert store.raw_bytes("acme", meta.snapshot_id) == b"<html><p>x</p></html>"
    assert store.markdown_path("acme", meta.snapshot_id).read_text().startswith("<!-- last-updated: 2024-06-19 -->")
    files = sorted(p.name for p in store.snapshot_dir("acme", meta.snapshot_id).iterdir())
    assert files == ["meta.json", "policy.json", "policy.md", "raw.html"]


def test_log_is_hash_chained(tmp_path: Path) -> None:
    store = Store(tmp_path)
    store.save_snapshot("acme", make_fetch("2026-01-05T10:00:00Z"), make_doc("a"), "x1")
    store.record_check(CheckRecord(policy_id="acme", checked_at="2026-01-05T10:00:00Z", status="new"))
    records = store.records("acme")
    assert [r["seq"] for r in records] == [1, 2]
    assert records[0]["prev"] == GENESIS
    assert records[1]["prev"] == records[0]["hash"]
    assert all(record_hash(r) == r["hash"] for r in records)


def test_same_second_gets_distinct_ids(tmp_path: Path) -> None:
    store = Store(tmp_path)
    a = store.save_snapshot("acme", make_fetch("2026-01-05T10:00:00Z"), make_doc("a"), "x1")
    b = store.save_snapshot("acme", make_fetch("2026-01-05T10:00:00Z"), make_doc("b"), "x1")
    assert (a.snapshot_id, b.snapshot_id) == ("20260105T100000Z", "20260105T100000Z-2")


def test_resolve_by_date_id_prefix_and_offsets(tmp_path: Path) -> None:
    store = Store(tmp_path)
    for day, text in (("2026-01-05", "a"), ("2026-02-05", "b"), ("2026-03-05", "c")):
        store.save_snapshot("acme", make_fetch(f"{day}T10:00:00Z"), make_doc(text), "x1")
    assert store.resolve("acme", "latest").snapshot_id == "20260305T100000Z"
    assert store.resolve("acme", "previous").snapshot_id == "20260205T100000Z"
    assert store.resolve("acme", "~2").snapshot_id == "20260105T100000Z"
    assert store.resolve("acme", "2026-02-20").snapshot_id == "20260205T100000Z"  # in force that day
    assert store.resolve("acme", "2026-02-05").snapshot_id == "20260205T100000Z"
    assert store.resolve("acme", "20260105").snapshot_id == "20260105T100000Z"
    with pytest.raises(StoreError, match="no snapshot on or before 2025-12-31"):
        store.resolve("acme", "2025-12-31")
    with pytest.raises(StoreError, match="cannot go back 3"):
        store.resolve("acme", "~3")


def test_unsafe_policy_ids_are_refused(tmp_path: Path) -> None:
    store = Store(tmp_path)
    for bad in ("../etc", "a/b", "", ".hidden", "UPPER", "a" * 101):
        with pytest.raises(StoreError, match="not a valid policy id"):
            store.policy_dir(bad)
    with pytest.raises(StoreError, match="not a snapshot id"):
        store.snapshot_dir("acme", "../../x")


def test_torn_last_line_is_ignored_then_repaired(tmp_path: Path) -> None:
    store = Store(tmp_path)
    store.save_snapshot("acme", make_fetch("2026-01-05T10:00:00Z"), make_doc("a"), "x1")
    log = store.log_path("acme")
    intact = log.read_bytes()
    with open(log, "ab") as fh:
        fh.write(b'{"seq": 2, "type": "che')  # a write cut short by a crash
    assert len(store.records("acme")) == 1
    store.record_check(CheckRecord(policy_id="acme", checked_at="2026-01-06T10:00:00Z", status="unchanged"))
    assert log.read_bytes().startswith(intact)
    assert [r["seq"] for r in store.records("acme")] == [1, 2]


def test_unreferenced_snapshot_dir_is_ignored(tmp_path: Path) -> None:
    store = Store(tmp_path)
    store.save_snapshot("acme", make_fetch("2026-01-05T10:00:00Z"), make_doc("a"), "x1")
    orphan = store.policy_dir("acme") / "snap" / "20260107T100000Z"
    orphan.mkdir()
    (orphan / "policy.json").write_text("{}")
    assert [m.snapshot_id for m in store.snapshots("acme")] == ["20260105T100000Z"]


def test_reextraction_adds_files_and_leaves_originals(tmp_path: Path) -> None:
    store = Store(tmp_path)
    meta = store.save_snapshot("acme", make_fetch("2026-01-05T10:00:00Z"), make_doc("old text"), "x1")
    original = (store.snapshot_dir("acme", meta.snapshot_id) / "policy.md").read_bytes()
    store.add_extraction("acme", meta.snapshot_id, make_doc("new text"), "x2")
    assert store.load("acme", meta.snapshot_id).document.sections[0].clauses[0].text == "new text"
    assert store.snapshots("acme")[0].extractor_version == "x2"
    assert (store.snapshot_dir("acme", meta.snapshot_id) / "policy.md").read_bytes() == original


def test_lock_refuses_a_second_holder(tmp_path: Path) -> None:
    store = Store(tmp_path)
    with store.lock(), pytest.raises(StoreError, match="locked by another run"), Store(tmp_path).lock():
        pass


def test_state_and_run_log(tmp_path: Path) -> None:
    store = Store(tmp_path)
    assert store.state("acme") == {}
    store.save_state("acme", {"etag": '"abc"'})
    assert store.state("acme") == {"etag": '"abc"'}
    store.append_run({"started_at": "2026-01-05T10:00:00Z", "policies": 1})
    assert json.loads((tmp_path / "runs.jsonl").read_text().splitlines()[0])["policies"] == 1


def test_snapshot_id_for() -> None:
    assert snapshot_id_for("2026-11-25T10:15:00Z") == "20261125T101500Z"
    with pytest.raises(StoreError):
        snapshot_id_for("yesterday")


def test_chain_holds_across_records_longer_than_the_tail_read(tmp_path: Path) -> None:
    store = Store(tmp_path)
    store.record_check(
        CheckRecord(policy_id="acme", checked_at="2026-01-05T10:00:00Z", status="error", error="x" * 50_000)
    )
    store.record_check(
        CheckRecord(policy_id="acme", checked_at="2026-01-06T10:00:00Z", status="error", error="y" * 9_000)
    )
    store.record_check(CheckRecord(policy_id="acme", checked_at="2026-01-07T10:00:00Z", status="unchanged"))
    records = store.records("acme")
    assert [r["seq"] for r in records] == [1, 2, 3]
    assert [r["prev"] for r in records[1:]] == [r["hash"] for r in records[:-1]]


@pytest.mark.parametrize("with_syncfs", [True, False])
def test_group_committed_checks_are_flushed_by_sync(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, with_syncfs: bool
) -> None:
    """Records appended with ``durable=False`` are on disk once ``sync`` returns: by one syncfs of
    their file system (Linux 5.8+), or one fsync per log where syncfs cannot be used."""
    import os

    from tracker.evidence.verify import verify
    from tracker.store import flusher

    real_syncfs = flusher.load_syncfs()
    if with_syncfs and real_syncfs is None:
        pytest.skip("syncfs(2) is not usable here (not Linux 5.8+)")
    store = Store(tmp_path / "s")
    at = "2026-01-01T00:00:00Z"
    meta = store.save_snapshot("acme", make_fetch(at), make_doc("Hello there, general."), "x1")
    synced: list[str] = []
    whole: list[int] = []  # st_dev of each file system flushed whole
    real_fsync = os.fsync
    monkeypatch.setattr(os, "fsync", lambda fd: (synced.append(os.readlink(f"/proc/self/fd/{fd}")), real_fsync(fd))[1])

    def recording_syncfs(fd: int) -> None:
        whole.append(os.fstat(fd).st_dev)
        assert real_syncfs is not None
        real_syncfs(fd)

    monkeypatch.setattr(flusher, "load_syncfs", lambda: recording_syncfs if with_syncfs else None)
    for pid in ("acme", "acme", "beta"):
        store.record_check(CheckRecord(pid, at, "not_modified", meta.snapshot_id), durable=False)
    store.sync()  # the fsyncs started with the appends (in the background), or one syncfs now
    logs = {str(store.log_path(pid).resolve()) for pid in ("acme", "beta")}
    if with_syncfs:
        device = os.stat(store.log_path("acme")).st_dev
        assert synced == [] and whole == [device, device]  # tried on the first append, then once by sync
    else:
        assert set(synced) == logs and len(synced) <= 3  # each log flushed, never more than once a record
        assert whole == []
    flushed, flushed_whole = len(synced), len(whole)
    store.sync()
    assert (len(synced), len(whole)) == (flushed, flushed_whole)  # nothing left to flush
    store.record_check(CheckRecord("acme", at, "error", meta.snapshot_id, error="x"))
    assert len(synced) == flushed + 1  # any other record is flushed before the append returns
    assert verify(store).ok
    assert [r["seq"] for r in store.records("acme")] == [1, 2, 3, 4]


def test_a_failed_syncfs_fails_the_sync_and_an_unsupported_one_falls_back_to_fsync(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno
    import os

    from tracker.store import flusher

    answers = {"code": errno.EIO}
    synced: list[str] = []
    real_fsync = os.fsync
    monkeypatch.setattr(os, "fsync", lambda fd: (synced.append(os.readlink(f"/proc/self/fd/{fd}")), real_fsync(fd))[1])

    def failing(fd: int) -> None:
        raise OSError(answers["code"], "syncfs: test")

    monkeypatch.setattr(flusher, "load_syncfs", lambda: failing)
    at = "2026-01-01T00:00:00Z"
    with pytest.raises(OSError):  # a write-back error on the first try is the append's failure
        Store(tmp_path / "a").record_check(CheckRecord("acme", at, "not_modified"), durable=False)
    answers["code"] = errno.ENOSYS  # not callable here (a seccomp filter): fsync each log instead
    store = Store(tmp_path / "b")
    for pid in ("acme", "beta"):
        store.record_check(CheckRecord(pid, at, "not_modified"), durable=False)
    store.sync()
    assert sorted(p for p in synced if p.endswith(".jsonl")) == sorted(
        str(store.log_path(pid).resolve()) for pid in ("acme", "beta")
    )


def test_an_append_by_another_writer_is_seen_before_the_next_one(tmp_path: Path) -> None:
    """The store remembers each log's tail; a log that another writer appended to (or whose torn
    tail was cut) is read again, so the chain never forks."""
    from tracker.evidence.verify import verify

    at = "2026-01-01T00:00:00Z"
    mine, theirs = Store(tmp_path / "s"), Store(tmp_path / "s")
    meta = mine.save_snapshot("acme", make_fetch(at), make_doc("Hello there, general."), "x1")
    mine.record_check(CheckRecord("acme", at, "unchanged", meta.snapshot_id))
    theirs.record_check(CheckRecord("acme", at, "unchanged", meta.snapshot_id))
    with open(mine.log_path("acme"), "ab") as fh:  # a torn append, cut short by a crash
        fh.write(b'{"seq": 4, "ty')
    mine.record_check(CheckRecord("acme", at, "not_modified", meta.snapshot_id), durable=False)
    mine.sync()
    records = mine.records("acme")
    assert [r["seq"] for r in records] == [1, 2, 3, 4]
    assert all(b["prev"] == a["hash"] for a, b in zip(records, records[1:], strict=False))
    assert verify(mine).ok


def test_log_view_is_last_record_and_snapshots_from_one_read(tmp_path: Path) -> None:
    store = Store(tmp_path / "s")
    first = store.save_snapshot("acme", make_fetch("2026-01-01T00:00:00Z"), make_doc("Hello there, general."), "x1")
    store.record_check(CheckRecord("acme", "2026-01-01T00:00:00Z", "new", first.snapshot_id))
    second = store.save_snapshot("acme", make_fetch("2026-01-02T00:00:00Z"), make_doc("Hello there, again."), "x1")
    store.record_check(CheckRecord("acme", "2026-01-02T00:00:00Z", "changed", second.snapshot_id, error="snapshot"))
    last, metas = Store(store.root).log_view("acme")  # a fresh store: nothing remembered
    assert last == store.last_record("acme") and metas == store.snapshots("acme")
    assert [m.snapshot_id for m in metas] == [first.snapshot_id, second.snapshot_id]
    log = store.log_path("acme")
    log.write_bytes(log.read_bytes() + b'{"torn')  # an append cut short
    assert Store(store.root).log_view("acme") == (last, metas)
    assert log.read_bytes().endswith(b"}\n")  # cut off, as last_record does
    assert Store(store.root).log_view("nobody") == (None, [])


def test_the_tails_kept_are_bounded_and_a_forgotten_one_is_read_again(tmp_path: Path) -> None:
    """A run of 20,000 policies keeps at most ``KEPT_TAILS`` log tails; a log whose tail was
    forgotten is read again before its next append, so its chain stays whole."""
    from tracker.evidence.verify import verify
    from tracker.store.log import Tails

    store = Store(tmp_path / "s")
    store._tails = Tails(size=2)
    at = "2026-01-01T00:00:00Z"
    for pid in ("p1", "p2", "p3", "p1", "p3", "p2"):
        store.record_check(CheckRecord(pid, at, "not_modified"), durable=False)
        assert len(store._tails._known) <= 2
    store.sync()
    assert verify(store).ok
    for pid in ("p1", "p2", "p3"):
        records = store.records(pid)
        assert [r["seq"] for r in records] == [1, 2] and records[1]["prev"] == records[0]["hash"]


def test_a_snapshots_files_and_hashes_are_its_texts_as_written_before(tmp_path: Path) -> None:
    """The Markdown and JSON are encoded once for their file and their hash: the bytes and the
    recorded hashes are what encoding each text for its file, and again for its hash, gave."""
    import hashlib

    from tests.corpus_data import corpus_pages, read_page
    from tracker.extract import EXTRACTOR_VERSION, extract

    store = Store(tmp_path)
    texts: list[str] = []
    for k, page in enumerate(corpus_pages()[:4]):
        body = read_page(page)
        document = extract(body, "text/html; charset=utf-8", url="http://127.0.0.1/p", name="Policy")
        fetched = make_fetch(f"2026-01-05T10:00:0{k}Z", body)
        meta = store.save_snapshot(f"p{k}", fetched, document, EXTRACTOR_VERSION)
        folder = store.snapshot_dir(f"p{k}", meta.snapshot_id)
        expected = {
            "raw.html": body,
            "policy.md": document.to_markdown().encode("utf-8"),
            "policy.json": json.dumps(document.to_dict(), ensure_ascii=False).encode("utf-8"),
            "meta.json": json.dumps(meta.to_dict(), ensure_ascii=False, indent=1).encode("utf-8"),
        }
        assert {p.name: p.read_bytes() for p in folder.iterdir()} == expected
        record = store.records(f"p{k}")[-1]
        assert record["files"] == {name: hashlib.sha256(data).hexdigest() for name, data in expected.items()}
        assert meta.normalized_sha256 == hashlib.sha256(expected["policy.md"]).hexdigest()
        texts.append(document.to_markdown())
    assert any(not text.isascii() for text in texts)  # encoding matters: some text is not ASCII


def test_load_reads_the_log_once_and_finds_each_snapshots_newest_extraction(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = Store(tmp_path)
    first = store.save_snapshot("acme", make_fetch("2026-01-05T10:00:00Z"), make_doc("first text"), "x1")
    second = store.save_snapshot("acme", make_fetch("2026-01-06T10:00:00Z"), make_doc("second text"), "x1")
    store.add_extraction("acme", first.snapshot_id, make_doc("first, again"), "x2")
    store.add_extraction("acme", first.snapshot_id, make_doc("first, newest"), "x3")
    import tracker.store.core as core

    reads = []
    real = core.read_records
    monkeypatch.setattr(core, "read_records", lambda *a: reads.append(a) or real(*a))
    old, new = store.load("acme", first.snapshot_id), store.load("acme", second.snapshot_id)
    assert len(reads) == 2  # one read of the log per load (its snapshots and re-extractions from it)
    assert old.document.sections[0].clauses[0].text == "first, newest"
    assert old.meta.extractor_version == "x3" and old.meta == store.snapshots("acme")[0]
    assert new.document.sections[0].clauses[0].text == "second text" and new.meta.extractor_version == "x1"
    with pytest.raises(StoreError, match="no snapshot"):
        store.load("acme", "20260107T000000Z")
