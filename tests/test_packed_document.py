"""A document packed by an extraction worker (``tracker.extract.packed``) and the challenge scan in
the worker's job (``screen_and_extract``): the same answers and stored bytes as the plain document
and the scan in the run's process."""

from __future__ import annotations

import asyncio
import gzip
import json
import pickle
from pathlib import Path

import pytest

from tests.checks_helpers import FAST, policy_page, write_config
from tests.conftest import LocalServer, Response
from tracker.check import run_check
from tracker.config import load_config
from tracker.extract import extract, make_pool
from tracker.extract.packed import PackedDocument, pack
from tracker.extract.pool import SCREENED, extract_job, screen_and_extract
from tracker.fetch.challenge import challenge_in
from tracker.models import FetchResult, PolicyDocument
from tracker.store import Store

CORPUS = Path(__file__).parent / "data" / "corpus"
HTML = {"Content-Type": "text/html; charset=utf-8"}
CHALLENGE = b"<html><head><title>Just a moment...</title></head><body>Checking your browser</body></html>"


def _pages(count: int = 12) -> list[bytes]:
    paths = sorted(CORPUS.glob("*/snapshots/*.html.gz"))[::4][:count]
    assert len(paths) == count
    return [gzip.decompress(p.read_bytes()) for p in paths]


def _documents() -> list[PolicyDocument]:
    return [extract(body, "text/html", url="https://example.org/privacy") for body in _pages()]


@pytest.mark.parametrize("structured", [True, False])
def test_a_packed_document_sent_through_pickle_answers_as_the_plain_one(structured: bool) -> None:
    for plain in _documents():
        packed = pickle.loads(pickle.dumps(pack(plain, structured=structured)))
        assert type(packed) is PackedDocument
        # what a first snapshot asks of it, answered without unpickling its sections
        assert packed.markdown_sha256 == plain.markdown_sha256
        assert packed.word_count == plain.word_count
        assert packed.section_count == plain.section_count == len(plain.sections)
        assert packed.markdown_utf8() == plain.markdown_utf8()
        assert packed.to_markdown() == plain.to_markdown()
        assert (packed.title, packed.last_updated) == (plain.title, plain.last_updated)
        if structured:
            assert packed.structured_utf8() == plain.structured_utf8()
            assert packed.__dict__["_blob"] is None and "sections" not in packed.__dict__  # no pickled copy
        # then read like any document
        assert packed.structured_utf8() == plain.structured_utf8()
        assert packed.sections == plain.sections and "_blob" not in packed.__dict__
        assert packed == plain and plain == packed and hash(packed) == hash(plain)
        assert packed.to_dict() == plain.to_dict()
        again = pickle.loads(pickle.dumps(packed))  # unpacked: sent on as the plain document
        assert type(again) is PolicyDocument and again == plain


@pytest.mark.parametrize("structured", [True, False])
def test_threads_reading_a_packed_documents_sections_at_once_get_the_same_sections(structured: bool) -> None:
    from concurrent.futures import ThreadPoolExecutor
    from threading import Barrier

    plain = _documents()[0]
    for _ in range(20):
        packed = pickle.loads(pickle.dumps(pack(plain, structured=structured)))
        start = Barrier(4)

        def read(_: int, packed: PolicyDocument = packed, start: Barrier = start) -> object:
            start.wait()
            return packed.sections

        with ThreadPoolExecutor(4) as threads:
            seen = list(threads.map(read, range(4)))
        assert all(s is seen[0] for s in seen) and seen[0] == plain.sections


def test_a_packed_document_made_anew_by_dataclasses_replace_is_a_whole_document() -> None:
    import dataclasses

    plain = _documents()[0]
    packed = pickle.loads(pickle.dumps(pack(plain, structured=True)))
    renamed = dataclasses.replace(packed, title="Another title")
    expected = dataclasses.replace(plain, title="Another title")
    assert renamed == expected and renamed.markdown_utf8() == expected.markdown_utf8()
    assert renamed.structured_utf8() == expected.structured_utf8()
    assert renamed.markdown_sha256 == expected.markdown_sha256 and renamed.section_count == expected.section_count
    assert type(pickle.loads(pickle.dumps(renamed))) is PolicyDocument


def test_a_packed_document_differs_where_the_plain_one_does() -> None:
    first, second = _documents()[:2]
    assert pickle.loads(pickle.dumps(pack(first, structured=True))) != second
    assert second != pickle.loads(pickle.dumps(pack(first, structured=True)))


def _fetched(body: bytes) -> FetchResult:
    return FetchResult(
        "https://example.org/p", "https://example.org/p", 200, {}, body, "text/html", "utf-8", "2026-12-04T10:00:00Z"
    )


def test_a_snapshot_of_a_packed_document_is_the_snapshot_of_the_plain_one(tmp_path: Path) -> None:
    for number, plain in enumerate(_documents()[:4]):
        fetched = _fetched(b"<html>page</html>")
        stores = []
        for label, document in (("plain", plain), ("packed", pickle.loads(pickle.dumps(pack(plain, structured=True))))):
            store = Store(tmp_path / f"{label}{number}")
            meta = store.save_snapshot("p", fetched, document, "v1")
            stores.append((store, meta))
        (a, meta_a), (b, meta_b) = stores
        folder_a, folder_b = a.snapshot_dir("p", meta_a.snapshot_id), b.snapshot_dir("p", meta_b.snapshot_id)
        assert sorted(p.name for p in folder_a.iterdir()) == ["meta.json", "policy.json", "policy.md", "raw.html"]
        for name in ("policy.md", "policy.json", "raw.html", "meta.json"):
            assert (folder_a / name).read_bytes() == (folder_b / name).read_bytes()
        assert a.records("p")[0]["files"] == b.records("p")[0]["files"]
        assert a.load("p", meta_a.snapshot_id).document == plain


def test_the_worker_job_screens_a_challenge_page_before_extracting() -> None:
    body = _pages(1)[0]
    document, message, cause = extract_job(CHALLENGE, "text/html", "https://e.org/p", (), (), None, True, challenge_in)
    assert document is None and cause == SCREENED and message == challenge_in(CHALLENGE)
    document, message, cause = extract_job(body, "text/html", "https://e.org/p", (), (), None, True, challenge_in)
    assert isinstance(document, PackedDocument) and message is None and cause is None
    plain, _, _ = extract_job(body, "text/html", "https://e.org/p", (), ())
    assert type(plain) is PolicyDocument and document == plain
    # without a screen a challenge page is extracted as before (the caller asked for no scan)
    assert extract_job(CHALLENGE, "text/html", "https://e.org/p", (), (), screen=None)[2] != SCREENED


def test_screen_and_extract_in_a_pool_answers_as_inline() -> None:
    pool = make_pool(1)
    assert pool is not None
    try:
        for body in [CHALLENGE, *_pages(3)]:
            fetched = _fetched(body)
            inline = asyncio.run(screen_and_extract(None, fetched, (), (), None, screen=challenge_in))
            pooled = asyncio.run(screen_and_extract(pool, fetched, (), (), None, first=True, screen=challenge_in))
            assert pooled == inline
            assert (inline[1] is not None) == (body is CHALLENGE)
            if inline[0] is not None:
                assert isinstance(pooled[0], PackedDocument)
                assert pooled[0].structured_utf8() == inline[0].structured_utf8()
    finally:
        pool.shutdown()


def test_a_pooled_first_check_stores_what_an_inline_one_stores(tmp_path: Path, http_server: LocalServer) -> None:
    bodies = _pages(3)
    policies = []
    for n, body in enumerate(bodies):
        http_server.routes[f"/p{n}"] = Response(body, headers=HTML)
        policies.append({"id": f"p{n}", "name": f"P{n}", "url": http_server.url(f"/p{n}")})
    http_server.routes["/c"] = Response(CHALLENGE, headers=HTML)
    http_server.routes["/small"] = Response(policy_page(), headers=HTML)
    policies += [
        {"id": "c", "name": "C", "url": http_server.url("/c")},
        {"id": "small", "name": "S", "url": http_server.url("/small")},
    ]
    stores = {}
    for label, workers in (("pooled", 2), ("inline", 0)):
        (tmp_path / label).mkdir()
        cfg = write_config(tmp_path / label, policies)
        run = run_check(load_config(cfg), fetch_options=FAST, extract_workers=workers, send_alerts=False)
        assert [o.status for o in run.outcomes] == ["new", "new", "new", "anomaly", "new"]
        assert run.outcomes[3].cause == "challenge"
        assert run.outcomes[0].summary and run.outcomes[0].summary.startswith("first snapshot: ")
        stores[label] = (Store(tmp_path / label / "snapshots"), run)
    (pooled, run_a), (inline, run_b) = stores["pooled"], stores["inline"]
    assert [o.summary for o in run_a.outcomes] == [o.summary for o in run_b.outcomes]
    for policy in ("p0", "p1", "p2", "small"):
        meta_a, meta_b = pooled.snapshots(policy)[-1], inline.snapshots(policy)[-1]
        files_a, files_b = pooled.records(policy)[0]["files"], inline.records(policy)[0]["files"]
        assert files_a.pop("meta.json") != files_b.pop("meta.json")  # its fetch time
        assert files_a == files_b
        for name in ("policy.md", "policy.json", "raw.html"):
            a = (pooled.snapshot_dir(policy, meta_a.snapshot_id) / name).read_bytes()
            assert a == (inline.snapshot_dir(policy, meta_b.snapshot_id) / name).read_bytes()
        json.loads((pooled.snapshot_dir(policy, meta_a.snapshot_id) / "policy.json").read_bytes())


def test_a_packed_first_snapshot_is_written_and_flushed_as_a_plain_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The durability contract (docs/store.md): every file of the snapshot and both folders are
    flushed before its record is appended, and the record itself; a packed document skips none."""
    import os

    synced: list[list[str]] = []
    recording: list[bool] = []
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        name = os.readlink(f"/proc/self/fd/{fd}").rsplit("/", 1)[-1]
        if recording:  # not the store's marker, written once before
            synced[-1].append(".tmp-" if name.startswith(".tmp-") else name)  # the folder's temporary name
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    plain = _documents()[0]
    for label, document in (("plain", plain), ("packed", pickle.loads(pickle.dumps(pack(plain, structured=True))))):
        store = Store(tmp_path / label)
        store.ensure_writable()  # the store's marker, written once
        synced.append([])
        recording.append(True)
        store.save_snapshot("p", _fetched(b"<html>page</html>"), document, "v1")
        recording.clear()
    assert synced[0] == synced[1]
    names = synced[1]
    assert names[:4] == ["raw.html", "policy.md", "policy.json", "meta.json"]
    assert names[4:] == [".tmp-", "snap", "log.jsonl"]  # the folder before its rename, then snap/, the record last
