"""The snapshot store: plain files, append-only, hash-chained, safe against interrupted runs.

Layout (``<root>`` is ``snapshots/`` by default)::

    <root>/<policy-id>/log.jsonl                 append-only history, one JSON record a line
    <root>/<policy-id>/snap/<snapshot-id>/raw.html   the response body as fetched (raw.pdf, raw.txt)
                                        /meta.json   SnapshotMeta
                                        /policy.md   canonical normalised Markdown
                                        /policy.json structured form (sections -> clauses)
                                        /x<N>/policy.md, policy.json   later re-extractions
    <root>/<policy-id>/state.json                conditional-request cache, failure streak (derived)
    <root>/<policy-id>/reports/<old>__<new>/     rendered report, diff JSON, notice drafts (derived)
    <root>/<policy-id>/anomalies/<id>/raw.*, meta.json   bodies held as anomalies (evidence, not versions)
    <root>/runs.jsonl                            one line per ``check`` run
    <root>/heads/<n>.json, .sig, .tsr, keys/     signed, time-stamped heads of every log (tracker.evidence.heads)
    <root>/.lock                                 held while a run writes
    <root>/.policy-tracker-store                 marker: this folder is a store (format version)
    <root>/.gitignore                            keeps transient files (.lock, .tmp-*, state.json) out of git

``log.jsonl`` is the source of truth. Each record carries ``seq``, ``type`` (``snapshot``,
``check`` or ``extraction``), ``prev`` (the previous record's ``hash``) and ``hash`` (SHA-256 of
the record's canonical JSON without ``hash``); snapshot and extraction records also carry the
SHA-256 of every file they add. A snapshot directory is first written under a temporary name
and renamed into place, and only then is its record appended, so an interrupted run leaves
either nothing or an unreferenced directory that readers ignore. Nothing once recorded is
rewritten; a torn last line of the log (a write cut short) is dropped before the next append.

Before the first write, a store must be a folder that is new, empty, or already a store (it has
the marker, or, written by an older version, only the layout above: it is adopted); anything
else (``/etc``, a home folder, a file) is refused, so a typo in ``store`` never writes into it.

Modules: ``core`` (the ``Store``), ``log`` (the hash chain), ``files`` (atomic writes),
``layout`` (ids and report folder names), ``refs`` (snapshot references), ``marker`` (which
folders may be written), ``anomalies`` (bodies kept as evidence).
"""

from tracker.models import utc_now
from tracker.store.core import GITIGNORE, Store
from tracker.store.files import atomic_write, atomic_write_files, canonical_json, raw_filename_for
from tracker.store.layout import (
    DIFF_NAME,
    HEADS_DIR,
    REPORT_NAME,
    SNAPSHOT_ID_RE,
    change_key,
    refuse_inside_store,
    report_relpath,
    snapshot_id_for,
)
from tracker.store.log import GENESIS, LOG_NAME, read_last_record, record_hash, record_problem
from tracker.store.marker import MARKER_NAME, STORE_FORMAT

__all__ = [
    "DIFF_NAME",
    "GENESIS",
    "GITIGNORE",
    "HEADS_DIR",
    "LOG_NAME",
    "read_last_record",
    "MARKER_NAME",
    "REPORT_NAME",
    "SNAPSHOT_ID_RE",
    "STORE_FORMAT",
    "Store",
    "atomic_write",
    "atomic_write_files",
    "canonical_json",
    "change_key",
    "raw_filename_for",
    "record_hash",
    "record_problem",
    "refuse_inside_store",
    "report_relpath",
    "snapshot_id_for",
    "utc_now",
]
