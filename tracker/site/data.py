"""What the static site shows, gathered from a store: per policy its snapshots, checks and changes.

Nothing here renders or writes; ``tracker.site.build`` turns these objects into pages. A change is a
pair of snapshots (each consecutive pair, plus any pair a ``changed`` check names) with its
classified diff: the ``diff.json`` that ``check`` wrote beside its report when its bytes are the
ones the check record chains, else diffed and classified afresh (``tracker.report.compare``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from tracker import __version__
from tracker.classify import changed_topics, default_lexicon, highest_materiality, summarize
from tracker.config import Config
from tracker.errors import TrackerError
from tracker.evidence.changes import current_hashes
from tracker.history import HistoryEntry, policy_history
from tracker.models import CheckRecord, DiffResult, SnapshotMeta, sha256_hex
from tracker.report.compare import compare_versions
from tracker.review import Review, reviews_by_change
from tracker.sources import LoadedVersion, load_snapshot
from tracker.store import Store

GOOD_STATUSES = frozenset({"new", "changed", "unchanged", "not_modified"})
PROBLEM_STATUSES = frozenset({"anomaly", "error"})
DIFF_NAME = "diff.json"
DIFF_SOURCE_NAME = "diff.source"


@dataclass(frozen=True)
class Change:
    """One change between two snapshots of a policy, classified."""

    policy_id: str
    old_id: str
    new_id: str
    diff: DiffResult
    at: str  # when the new version was fetched
    materiality: str | None
    topics: tuple[str, ...]  # topic keys, e.g. "sharing"
    topic_labels: tuple[str, ...]
    summary: str
    reviews: tuple[Review, ...] = ()  # oldest first; the last is in force

    @property
    def key(self) -> str:
        """``<old>__<new>``, the folder name of the change (as in ``Store.report_dir``)."""
        return f"{self.old_id}__{self.new_id}"

    @property
    def review_state(self) -> str:
        """The decision in force (``material``, ``not-material``, ``needs-action``), else ``awaiting``."""
        return self.reviews[-1].decision if self.reviews else "awaiting"


@dataclass(frozen=True)
class TimelineEntry:
    """One line of a policy's timeline: a history entry and the change it stands for, if any."""

    entry: HistoryEntry
    change: Change | None


@dataclass
class PolicyView:
    """Everything the site shows about one policy."""

    policy_id: str
    name: str
    url: str | None
    snapshots: list[SnapshotMeta] = field(default_factory=list)
    versions: dict[str, LoadedVersion] = field(default_factory=dict)  # snapshot id -> document
    changes: list[Change] = field(default_factory=list)  # oldest first
    timeline: list[TimelineEntry] = field(default_factory=list)  # oldest first
    last_checked: str | None = None
    open_anomalies: list[CheckRecord] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # one-line causes of what could not be shown
    missing_raw: set[str] = field(default_factory=set)  # snapshot ids whose raw file is gone

    @property
    def awaiting(self) -> list[Change]:
        """Changes nobody has reviewed yet, oldest first."""
        return [c for c in self.changes if not c.reviews]

    @property
    def last_changed(self) -> Change | None:
        """The newest change, if any."""
        return self.changes[-1] if self.changes else None

    @property
    def last_material(self) -> Change | None:
        """The newest material change, if any."""
        material = [c for c in self.changes if c.materiality == "material"]
        return material[-1] if material else None

    @property
    def topics(self) -> list[str]:
        """Every topic any change touched, in first-seen order."""
        return list(dict.fromkeys(t for c in self.changes for t in c.topics))

    @property
    def materialities(self) -> list[str]:
        """Every materiality level any change reached."""
        return list(dict.fromkeys(c.materiality for c in self.changes if c.materiality))


def diff_source_key(old: SnapshotMeta, new: SnapshotMeta) -> str:
    """What a pair's diff depends on: the tool version and both normalised texts (by hash)."""
    return f"{__version__} {old.normalized_sha256} {new.normalized_sha256}\n"


def _read_diff(path: Path, chained: str | None = None) -> DiffResult | None:
    """The diff in ``path``; with ``chained`` (the SHA-256 the log holds for it) only when its
    bytes still have that hash."""
    try:
        data = path.read_bytes()
        if chained is not None and sha256_hex(data) != chained:
            return None
        return DiffResult.from_dict(json.loads(data.decode("utf-8")))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _cached_diff(cache: Path | None, key: str) -> DiffResult | None:
    """The diff a previous build left in ``cache`` (``diff.json`` + ``diff.source``) if still valid."""
    if cache is None:
        return None
    try:
        if (cache / DIFF_SOURCE_NAME).read_text(encoding="utf-8") != key:
            return None
    except OSError:
        return None
    return _read_diff(cache / DIFF_NAME)


def _change(
    store: Store,
    policy_id: str,
    old: SnapshotMeta,
    new: SnapshotMeta,
    versions: dict[str, LoadedVersion],
    cache_root: Path | None,
    reextracted: set[str],
    reviews: dict[str, list[Review]],
    chained: dict[str, dict[str, str]],
) -> Change:
    old_id, new_id = old.snapshot_id, new.snapshot_id
    cache = cache_root / f"{old_id}__{new_id}" if cache_root else None
    diff = None
    held = chained.get(f"{old_id}__{new_id}", {}).get(DIFF_NAME)
    # check's diff.json is shown only as the chain holds it (an edited or unchained one is derived
    # afresh from the snapshots), and not when a text was re-extracted since (it is of older texts)
    if held and old_id not in reextracted and new_id not in reextracted:
        diff = _read_diff(store.report_dir(policy_id, old_id, new_id) / DIFF_NAME, held)
    diff = diff or _cached_diff(cache, diff_source_key(old, new))
    if diff is None:
        diff = compare_versions(versions[old_id], versions[new_id], policy_id=policy_id).diff
    lexicon = default_lexicon()
    topics = tuple(changed_topics(diff))  # those the summary names: an editorial clause's are not
    return Change(
        policy_id=policy_id,
        old_id=old_id,
        new_id=new_id,
        diff=diff,
        at=new.fetched_at,
        materiality=highest_materiality(diff) or ("editorial" if diff.changes and not diff.has_changes else None),
        topics=topics,
        topic_labels=tuple(lexicon.label(t) for t in topics),
        summary=summarize(diff, lexicon),
        reviews=tuple(reviews.get(f"{old_id}__{new_id}", ())),
    )


def _change_pairs(snapshots: list[SnapshotMeta], checks: list[CheckRecord]) -> list[tuple[str, str]]:
    """Consecutive snapshot pairs, then any other pair a ``changed`` check reported."""
    ids = [m.snapshot_id for m in snapshots]
    pairs = list(zip(ids, ids[1:], strict=False))
    known = set(ids)
    for check in checks:
        pair = (check.previous_snapshot_id or "", check.snapshot_id or "")
        if check.status == "changed" and pair[0] in known and pair[1] in known and pair not in pairs:
            pairs.append(pair)
    order = {sid: n for n, sid in enumerate(ids)}
    return sorted(pairs, key=lambda p: (order[p[1]], order[p[0]]))


def _open_anomalies(checks: list[CheckRecord]) -> list[CheckRecord]:
    """Failed or anomalous checks since the last good one (what still needs a look)."""
    open_: list[CheckRecord] = []
    for check in checks:
        if check.status in GOOD_STATUSES:
            open_ = []
        elif check.status in PROBLEM_STATUSES:
            open_.append(check)
    return open_


def gather_policy(
    store: Store, policy_id: str, config: Config | None = None, *, diff_cache: Path | None = None
) -> PolicyView:
    """Read one policy's snapshots, checks and changes; unreadable snapshots become ``problems``.

    ``diff_cache`` is the folder of a previous build's ``<old>__<new>/diff.json`` files, reused
    when ``diff.source`` shows they were made from the same texts by the same version.
    Raises ``StoreError`` when the policy's log itself cannot be read.
    """
    configured = next((p for p in config.policies if p.id == policy_id), None) if config else None
    snapshots = store.snapshots(policy_id)
    checks = store.checks(policy_id)
    view = PolicyView(
        policy_id=policy_id,
        name=configured.name if configured else policy_id,
        url=configured.url if configured else (snapshots[-1].url if snapshots else None),
    )
    for meta in snapshots:
        try:
            view.versions[meta.snapshot_id] = load_snapshot(store, policy_id, meta.snapshot_id)
        except TrackerError as exc:
            view.problems.append(str(exc))
            continue
        view.snapshots.append(meta)
        if not (store.snapshot_dir(policy_id, meta.snapshot_id) / meta.raw_filename).is_file():
            view.missing_raw.add(meta.snapshot_id)
            view.problems.append(f"policy {policy_id!r}: snapshot {meta.snapshot_id}: {meta.raw_filename} is missing")
    metas = {m.snapshot_id: m for m in view.snapshots}
    records = store.records(policy_id)
    reextracted = {r["snapshot_id"] for r in records if r.get("type") == "extraction"}
    reviews = reviews_by_change(store, policy_id)
    chained = current_hashes(records)
    for old_id, new_id in _change_pairs(view.snapshots, checks):
        pair = (metas[old_id], metas[new_id])
        view.changes.append(_change(store, policy_id, *pair, view.versions, diff_cache, reextracted, reviews, chained))
    by_new = {c.new_id: c for c in view.changes}
    # a configured policy never checked has no log (and so no history) yet
    history = policy_history(store, policy_id) if store.log_path(policy_id).exists() else []
    for entry in history:
        marks_change = entry.kind == "snapshot" or entry.status == "changed"
        change = by_new.get(entry.snapshot_id or "") if marks_change else None
        view.timeline.append(TimelineEntry(entry=entry, change=change))
    times = [c.checked_at for c in checks] + [m.fetched_at for m in snapshots]
    view.last_checked = max(times) if times else None
    view.open_anomalies = _open_anomalies(checks)
    return view
