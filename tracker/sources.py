"""Loading one version of a policy from wherever the user points: a file, a URL, or the store.

Used by ``diff`` and ``normalize``. A version spec is one of:

- a path to a local file (HTML, Markdown, PDF, plain text);
- an ``http(s)://`` URL (fetched once, not stored);
- ``POLICY_ID@REF`` — a stored snapshot, REF being a snapshot id, a date ``YYYY-MM-DD`` (the
  snapshot in force that day), ``latest``, ``previous`` or ``~N``;
- a bare REF when a default policy id is given (``--policy``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from tracker.config import is_valid_policy_id
from tracker.errors import ExtractionError, TrackerError
from tracker.models import DocumentRef, PolicyDocument
from tracker.store import Store
from tracker.validate import url_problem

_STORE_REF = re.compile(r"^(?P<policy>[a-z0-9][a-z0-9_-]{0,99})@(?P<ref>[^@\s]+)$")


@dataclass(frozen=True)
class LoadedVersion:
    """One version of a policy, ready to diff: its document and how to name it in a report."""

    document: PolicyDocument
    ref: DocumentRef
    policy_id: str | None = None


def load_url(url: str, *, select: tuple[str, ...] = (), remove: tuple[str, ...] = ()) -> LoadedVersion:
    """Fetch a URL once (nothing stored) and extract it; ``TrackerError`` for a URL that cannot be fetched as given."""
    from tracker.extract.document import extract
    from tracker.fetch.once import fetch

    problem = url_problem(url)
    if problem:
        raise TrackerError(f"{url}: {problem}")

    fetched = fetch(url)
    document = extract(fetched.content, fetched.content_type, url=fetched.final_url, select=select, remove=remove)
    ref = DocumentRef(
        label=url, fetched_at=fetched.fetched_at, last_updated=document.last_updated, url=fetched.final_url
    )
    return LoadedVersion(document=document, ref=ref)


def not_a_file(spec: str | Path) -> TrackerError:
    """The error for a path given as a file that is not one: a folder, or nothing at all."""
    return TrackerError(f"{spec}: {'a folder, not a file' if Path(spec).is_dir() else 'no such file'}")


def load_file(path: Path, *, select: tuple[str, ...] = (), remove: tuple[str, ...] = ()) -> LoadedVersion:
    """Extract a local file; ``ExtractionError`` (cause ``binary``) for one that is not text, as
    ``check`` holds such a body as an anomaly (a PDF is read as one)."""
    from tracker.extract.document import extract_file
    from tracker.fetch.sniff import SAMPLE, binary_reason

    if path.suffix.lower() != ".pdf":
        try:
            with path.open("rb") as file:
                reason = binary_reason(file.read(SAMPLE))
        except OSError as exc:
            raise ExtractionError(f"{path}: cannot read: {exc.strerror}", cause="io") from None
        if reason:
            raise ExtractionError(f"{path}: {reason}", cause="binary")
    document = extract_file(path, select=select, remove=remove)
    return LoadedVersion(document=document, ref=DocumentRef(label=path.name, last_updated=document.last_updated))


def load_snapshot(store: Store, policy_id: str, ref: str) -> LoadedVersion:
    """A stored snapshot, by any reference ``Store.resolve`` understands."""
    meta = store.resolve(policy_id, ref)
    snapshot = store.load(policy_id, meta.snapshot_id)
    doc_ref = DocumentRef(
        label=f"{policy_id}@{meta.snapshot_id}",
        fetched_at=meta.fetched_at,
        last_updated=snapshot.document.last_updated,
        url=meta.final_url,
    )
    return LoadedVersion(document=snapshot.document, ref=doc_ref, policy_id=policy_id)


def load_version(
    spec: str,
    *,
    store: Store | None = None,
    policy_id: str | None = None,
    select: tuple[str, ...] = (),
    remove: tuple[str, ...] = (),
) -> LoadedVersion:
    """Load the version named by ``spec`` (see the module docstring for the forms)."""
    if spec.startswith(("http://", "https://")):
        return load_url(spec, select=select, remove=remove)
    path = Path(spec)
    if path.is_file():
        return load_file(path, select=select, remove=remove)
    match = _STORE_REF.fullmatch(spec)
    if match:
        if store is None:
            raise TrackerError(f"{spec}: a stored snapshot was named but no store is configured")
        return load_snapshot(store, match.group("policy"), match.group("ref"))
    if policy_id is not None:
        if store is None:
            raise TrackerError(f"{spec}: a stored snapshot was named but no store is configured")
        if not is_valid_policy_id(policy_id):
            raise TrackerError(f"policy {policy_id!r}: not a valid policy id")
        return load_snapshot(store, policy_id, spec)
    if path.suffix or "/" in spec or path.is_dir():
        raise not_a_file(spec)
    raise TrackerError(f"{spec}: not a file, URL or POLICY_ID@REF (or give --policy ID to name a snapshot)")
