"""A change's writes: its files written together (each flushed, its folder once) and the closing
delivery records group-committed, with the same bytes and records as before."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Any

import pytest

from tests.checks_helpers import FAST, SECTIONS, policy_page, write_config
from tests.conftest import LocalServer, Response
from tracker.check import run_check
from tracker.config import load_config
from tracker.store import Store, atomic_write, atomic_write_files
from tracker.store import files as store_files

HTML = {"Content-Type": "text/html; charset=utf-8"}


def _spy_fsyncs(monkeypatch: pytest.MonkeyPatch) -> tuple[list[int], list[Path]]:
    """Count every file fsync and record every folder flushed by ``tracker.store.files``."""
    files: list[int] = []
    folders: list[Path] = []
    real_fsync, real_dir = os.fsync, store_files.fsync_dir

    def fsync(fd: int) -> None:
        files.append(fd)
        real_fsync(fd)

    def fsync_dir(path: Path) -> None:
        folders.append(Path(path))
        real_dir(path)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(store_files, "fsync_dir", fsync_dir)
    return files, folders


def test_files_written_together_are_whole_and_the_folder_flushed_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "a" / "b"  # made, with its parents
    contents: dict[str, bytes | str] = {"report.html": "<p>é</p>\n", "diff.json": b"{}\n", "notice.txt": "x" * 70_000}
    files, folders = _spy_fsyncs(monkeypatch)
    atomic_write_files(folder, contents)
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == {
        "report.html": "<p>é</p>\n".encode(),
        "diff.json": b"{}\n",
        "notice.txt": b"x" * 70_000,
    }
    assert folders == [folder]  # once, after the last rename (one per file before)
    assert len(files) == 3 + 1  # every file's content flushed before its rename, and the folder
    # an existing file is replaced, its neighbours left alone
    atomic_write_files(folder, {"diff.json": '{"a": 1}\n'})
    assert (folder / "diff.json").read_text() == '{"a": 1}\n'
    assert (folder / "report.html").read_text(encoding="utf-8") == "<p>é</p>\n"


def test_same_bytes_as_one_file_at_a_time(tmp_path: Path) -> None:
    contents = {"a.html": "<b>ä</b>", "b.md": "# x\n", "c.bin": b"\x00\xff"}
    atomic_write_files(tmp_path / "together", contents)
    for name, data in contents.items():
        atomic_write(tmp_path / "single" / name, data)
    together = {p.name: p.read_bytes() for p in (tmp_path / "together").iterdir()}
    assert together == {p.name: p.read_bytes() for p in (tmp_path / "single").iterdir()}


def test_a_failed_write_leaves_no_temporary_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real_replace = os.replace
    calls: list[str] = []

    def replace(src: Any, dst: Any) -> None:
        calls.append(str(dst))
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    with pytest.raises(OSError, match="No space"):
        atomic_write_files(tmp_path, {"one.txt": "1", "two.txt": "2", "three.txt": "3"})
    assert sorted(p.name for p in tmp_path.iterdir()) == ["one.txt"]  # whole, and nothing half-written
    assert (tmp_path / "one.txt").read_text() == "1"


def test_a_material_change_flushes_its_folder_once_and_closes_its_delivery_in_one_commit(
    tmp_path: Path, http_server: LocalServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    http_server.routes["/p"] = Response(policy_page(), headers=HTML)
    cfg = write_config(tmp_path, [{"id": "acme", "name": "Acme", "url": http_server.url("/p")}])
    store = Store(tmp_path / "snapshots")
    assert run_check(load_config(cfg), fetch_options=FAST, send_alerts=False).outcomes[0].status == "new"
    sold = [*SECTIONS, ("Selling", "We sell your personal data to advertisers and data brokers.")]
    http_server.routes["/p"] = Response(policy_page(sold), headers=HTML)

    _, folders = _spy_fsyncs(monkeypatch)
    events: list[tuple[str, Any]] = []
    real_append, real_sync = Store.append_record, Store.sync

    def append_record(self: Store, policy_id: str, record: dict[str, Any], *, durable: bool = True) -> Any:
        events.append((f"{record['type']}:{record.get('step', '')}", durable))
        return real_append(self, policy_id, record, durable=durable)

    def sync(self: Store, *, best_effort: bool = False) -> None:
        events.append(("sync", None))
        real_sync(self, best_effort=best_effort)

    monkeypatch.setattr(Store, "append_record", append_record)
    monkeypatch.setattr(Store, "sync", sync)
    outcome = run_check(load_config(cfg), fetch_options=FAST, send_alerts=False).outcomes[0]

    assert outcome.status == "changed" and outcome.materiality == "material"
    report_dir = Path(outcome.report_path or "").parent
    written = sorted(p.name for p in report_dir.iterdir())
    assert len(written) == 7 and "report.html" in written and "diff.json" in written  # with the 5 notices
    assert folders.count(report_dir) == 1  # not once per file
    # the chained hashes are those of the bytes on disk
    assert outcome.change_files == {n: hashlib.sha256((report_dir / n).read_bytes()).hexdigest() for n in written}
    # the closing delivery record waits for the group commit that follows it, not for its own fsync
    done = events.index(("delivery:done", False))
    assert ("sync", None) in events[done + 1 :]
    assert [e for e in events if e[0] == "check:"] == [("check:", True)]  # the change's record stays durable
    last = store.records("acme")[-1]
    assert last["type"] == "delivery" and last["step"] == "done" and last["snapshot_id"] == outcome.snapshot_id
