"""The watched policies in ``policies.toml``: list them, add one (fetched once first, to show what
would be extracted), remove one. Edits go through tomlkit, so the file keeps its comments, order
and layout; the result is validated as a whole before it is written (atomically)."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import tomlkit

from tracker.config import Config, is_valid_policy_id, parse_config
from tracker.discovery import read_config_text
from tracker.errors import ConfigError
from tracker.models import PolicyDocument
from tracker.report.headings import OPENING_LABEL
from tracker.sources import load_url
from tracker.store import Store, atomic_write

PREVIEW_SECTIONS = 12


@dataclass(frozen=True)
class WatchedPolicy:
    """One configured policy with what the store knows of it."""

    id: str
    name: str
    url: str
    snapshots: int = 0
    last_status: str | None = None
    last_checked: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass(frozen=True)
class Proposal:
    """A policy about to be added: its TOML entry and what one fetch of it extracted."""

    entry: dict[str, Any]
    document: PolicyDocument
    final_url: str | None = None
    warnings: list[str] = field(default_factory=list)

    def preview(self) -> list[str]:
        """The lines that show what would be tracked (title, date, size, the first headings)."""
        doc = self.document
        lines = [f"title: {doc.title or '(none found)'}", f"last updated: {doc.last_updated or '(no date found)'}"]
        lines.append(f"{len(doc.sections)} sections, {doc.word_count} words")
        for section in doc.sections[:PREVIEW_SECTIONS]:
            lines.append(f"  - {section.heading or OPENING_LABEL}")
        if len(doc.sections) > PREVIEW_SECTIONS:
            lines.append(f"  … {len(doc.sections) - PREVIEW_SECTIONS} more")
        return lines


def watched(config: Config, store: Store | None = None) -> list[WatchedPolicy]:
    """The configured policies in order, each with its snapshot count and last check."""
    store = store or Store(config.store_path)
    out = []
    for policy in config.policies:
        checks = store.checks(policy.id) if store.policy_dir(policy.id).is_dir() else []
        last = checks[-1] if checks else None
        snapshots = len(store.snapshots(policy.id)) if checks else 0
        out.append(
            WatchedPolicy(
                id=policy.id,
                name=policy.name,
                url=policy.url,
                snapshots=snapshots,
                last_status=last.status if last else None,
                last_checked=last.checked_at if last else None,
            )
        )
    return out


def suggest_id(url: str, taken: set[str]) -> str:
    """A policy id from the URL's host (``www.acme.example`` → ``acme``), made unique."""
    host = (urlsplit(url).hostname or "policy").lower()
    labels = [label for label in host.split(".") if label not in ("www", "m")]
    named = len(labels) > 1 and not labels[-1].isdigit()  # a name, not an IP address
    base = re.sub(r"[^a-z0-9_-]+", "-", labels[0] if named else host).strip("-")[:90] or "policy"
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def propose_policy(
    url: str,
    config: Config | None,
    *,
    policy_id: str | None = None,
    name: str | None = None,
    select: tuple[str, ...] = (),
    remove: tuple[str, ...] = (),
) -> Proposal:
    """Fetch ``url`` once (nothing stored) and build its ``[[policy]]`` entry; ``ConfigError`` for
    an id that is invalid or already configured. Fetch and extraction errors propagate."""
    taken = {p.id for p in config.policies} if config else set()
    pid = policy_id or suggest_id(url, taken)
    if not is_valid_policy_id(pid):
        raise ConfigError(f"policy id {pid!r}: lower-case letters, digits, '-' and '_' only (at most 100)")
    if pid in taken:
        raise ConfigError(f"policy id {pid!r} is already in {config.path if config else 'the config'}")
    loaded = load_url(url, select=select, remove=remove)
    host = urlsplit(url).hostname or url
    entry: dict[str, Any] = {"id": pid, "name": name or loaded.document.title or host, "url": url}
    if select:
        entry["select"] = list(select)
    if remove:
        entry["remove"] = list(remove)
    warnings = []
    if loaded.ref.url and loaded.ref.url != url:
        warnings.append(f"{url} redirects to {loaded.ref.url}")
    if not loaded.document.sections:
        warnings.append("nothing was extracted: try --select with the CSS selector of the policy's text")
    return Proposal(entry=entry, document=loaded.document, final_url=loaded.ref.url, warnings=warnings)


def _read(path: Path) -> tomlkit.TOMLDocument:
    try:
        return tomlkit.parse(read_config_text(path)) if path.exists() else tomlkit.document()
    except tomlkit.exceptions.ParseError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None


def _write(path: Path, doc: tomlkit.TOMLDocument) -> None:
    text = tomlkit.dumps(doc)
    parse_config(tomllib.loads(text), path)  # the whole file must still be a valid config
    atomic_write(path, text)


def add_policy(path: str | Path, entry: dict[str, Any]) -> None:
    """Append ``entry`` as a ``[[policy]]`` table to the config at ``path`` (created if missing),
    keeping everything else in the file as it was."""
    path = Path(path)
    doc = _read(path)
    if "policy" not in doc:
        doc.append("policy", tomlkit.aot())
    table = tomlkit.table()
    for key, value in entry.items():
        table[key] = value
    doc["policy"].append(table)
    _write(path, doc)


def remove_policy(path: str | Path, policy_id: str) -> None:
    """Remove the ``[[policy]]`` table whose id is ``policy_id`` (its snapshots stay in the store)."""
    path = Path(path)
    doc = _read(path)
    tables = doc.get("policy")
    index = next((i for i, t in enumerate(tables or []) if t.get("id") == policy_id), None)
    if tables is None or index is None:
        raise ConfigError(f"{path}: no policy with id {policy_id!r}")
    del tables[index]
    if not len(tables):
        del doc["policy"]
    _write(path, doc)
