"""Importing Open Terms Archive service declarations into ``policies.toml``.

A declaration (``<Service>.json``) names a service and, for each terms type ("Privacy Policy",
"Terms of Service" …), where the document lives (``fetch``), which parts of the page hold it
(``select``) and which to drop (``remove``), optional ``filter`` function names,
``executeClientScripts``, and for documents spread over several pages a ``combine`` list whose
items inherit the document's own properties.

Mapping to our config:

- each terms type becomes one ``[[policy]]`` (id ``<service>-<terms-type>``, slugged); a
  ``combine`` document becomes one policy whose ``urls`` lists its pages in order (a page whose
  own ``select``/``remove`` differ from the first page's becomes a ``{url, select, remove}``
  table), so it has one history; one page needing its scripts run reads them all in the browser;
- CSS selectors in ``select``/``remove`` map one to one; range selectors
  (``{startBefore, endBefore, startAfter, endAfter}``) and selectors our CSS engine rejects have
  no equivalent and are reported (when nothing is left of ``select`` the whole page is tracked,
  and that is reported too);
- filters that only rewrite link URLs or tracking ids (``removeLinks`` among them: it turns
  links into their text) are covered by our extraction, which keeps link text and no URLs;
  every other filter (they are per-service JavaScript) is reported;
- ``executeClientScripts: true`` becomes ``render = "browser"`` (the page is read in Chromium,
  see docs/extraction.md);
- history files (``*.history.json``) hold selectors of past versions and are reported, not imported.

Nothing that cannot be mapped is dropped silently: each is a line in ``ImportReport.unmapped``.
Policies whose id is already in the config are left as they are and listed in ``skipped``.
"""

from __future__ import annotations

import json
import re
import tomllib
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import soupsieve
import tomli_w

from tracker.config import is_valid_policy_id, load_config, parse_config
from tracker.errors import ConfigError
from tracker.extract.document import slugify
from tracker.store import atomic_write

# Open Terms Archive filters whose whole effect is on link URLs / tracking ids: our normalised
# text keeps no URLs, so these changes never reach it anyway.
COVERED_FILTERS = frozenset(
    {
        "cleanUrls",
        "removeTrackingIDs",
        "removeTrackingIDsE",
        "removeQueryParams",
        "removePDFBlinkingQueryParam",
        "removeDownloadedForUseLinkExtension",
        "removeLinks",  # links replaced by their text: our text keeps link text and drops link targets
    }
)
DOCUMENT_KEYS = frozenset({"fetch", "select", "remove", "filter", "executeClientScripts", "combine"})


@dataclass
class ImportReport:
    """What ``import_declarations`` added, left alone, and could not map."""

    added: list[dict[str, Any]] = field(default_factory=list)  # the [[policy]] tables written
    skipped: list[str] = field(default_factory=list)  # ids already in the config
    unmapped: list[str] = field(default_factory=list)  # one line each: file, document, what, why
    written: str | None = None  # the config file written (None on a dry run or nothing new)

    def to_dict(self) -> dict[str, Any]:
        """The ``import-declarations --json`` document (schema ``policy-tracker/import/1``)."""
        return {"schema": "policy-tracker/import/1", **self.__dict__}


def read_declaration(path: Path) -> dict[str, Any]:
    """A declaration file's JSON; ``ConfigError`` naming the file when it is not one."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: declaration file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read declaration: {exc}") from None
    except json.JSONDecodeError as exc:
        raise ConfigError(f"{path}: invalid JSON: {exc}") from None
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: a declaration must be a JSON object")
    return data


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _map_selectors(value: Any, what: str, where: str, unmapped: list[str]) -> list[str]:
    kept = []
    for item in _as_list(value):
        if isinstance(item, dict):
            unmapped.append(f"{where}: {what} {json.dumps(item, sort_keys=True)}: range selectors have no equivalent")
            continue
        if not isinstance(item, str):
            unmapped.append(f"{where}: {what} {item!r}: not a CSS selector")
            continue
        try:
            soupsieve.compile(item)
        except Exception as exc:  # soupsieve raises SelectorSyntaxError and friends
            unmapped.append(f"{where}: {what} {item!r}: not supported by our CSS engine ({str(exc).splitlines()[0]})")
            continue
        kept.append(item)
    return kept


def _map_page(
    page: dict[str, Any], policy_id: str, name: str, where: str, unmapped: list[str]
) -> dict[str, Any] | None:
    url = page.get("fetch")
    if not isinstance(url, str) or not url.startswith(("http://", "https://")):
        unmapped.append(f"{where}: fetch {url!r}: not an http(s) URL, document not imported")
        return None
    table: dict[str, Any] = {"id": policy_id, "name": name, "url": url}
    select = _map_selectors(page.get("select"), "select", where, unmapped)
    if page.get("select") is not None and not select:
        unmapped.append(f"{where}: no usable select left, the whole page will be tracked")
    remove = _map_selectors(page.get("remove"), "remove", where, unmapped)
    if select:
        table["select"] = select
    if remove:
        table["remove"] = remove
    for name_ in _as_list(page.get("filter")):
        if name_ not in COVERED_FILTERS:
            unmapped.append(f"{where}: filter {name_!r}: a per-service script with no equivalent here")
    if page.get("executeClientScripts") is True:
        table["render"] = "browser"
    return table


def _map_combined(
    document: dict[str, Any], base_id: str, base_name: str, where: str, unmapped: list[str]
) -> list[dict[str, Any]]:
    """A ``combine`` document as one policy with ``urls``: its pages inherit the document's
    properties; a page whose ``select``/``remove`` differ from the first page's carries its own.
    One page needing its scripts run (``executeClientScripts``) reads them all in the browser
    (the others read the same there)."""
    shared = {k: v for k, v in document.items() if k != "combine"}
    mapped: list[dict[str, Any]] = []
    for number, page in enumerate(_as_list(document.get("combine")), start=1):
        if not isinstance(page, dict):
            unmapped.append(f"{where} page {number}: not an object, not imported")
            continue
        merged = {**shared, **page}  # a page's own properties override the document's
        table = _map_page(merged, base_id, base_name, f"{where} page {number}", unmapped)
        if table:
            mapped.append(table)
    if len(mapped) <= 1:
        return mapped
    first = mapped[0]
    policy: dict[str, Any] = {"id": base_id, "name": base_name}
    policy.update({k: first[k] for k in ("select", "remove") if k in first})
    if any(t.get("render") == "browser" for t in mapped):
        policy["render"] = "browser"
    urls: list[Any] = []
    for table in mapped:
        own = {k: table.get(k, []) for k in ("select", "remove") if table.get(k) != first.get(k)}
        urls.append({"url": table["url"], **own} if own else table["url"])
    policy["urls"] = urls
    return [policy]


def _has_ascii_letters(text: str) -> bool:
    return bool(re.search(r"[A-Za-z0-9]", unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()))


def _policy_id(service: str, terms_type: str, source: str) -> str:
    # a name with no Latin letters (e.g. "微信") slugs to nothing: the file name stands in for it
    service_slug = slugify(service) if _has_ascii_letters(service) else slugify(Path(source).stem)
    type_slug = slugify(terms_type) if _has_ascii_letters(terms_type) else "terms"
    return f"{service_slug}-{type_slug}"[:90].strip("-")


def map_declaration(
    data: dict[str, Any], source: str, *, terms_types: Sequence[str] | None = None
) -> tuple[list[dict[str, Any]], list[str]]:
    """The ``[[policy]]`` tables a declaration maps to, and a line for each part that does not map.

    ``source`` names the file in the report lines; ``terms_types`` keeps only those types.
    """
    unmapped: list[str] = []
    service = data.get("name")
    terms_key = "terms" if "terms" in data else "documents"  # "documents" in declarations before 2022
    terms = data.get(terms_key)
    if not isinstance(service, str) or not service.strip() or not isinstance(terms, dict):
        raise ConfigError(f"{source}: not a service declaration (needs a 'name' and a 'terms' object)")
    for key in sorted(set(data) - {"name", terms_key}):
        unmapped.append(f"{source}: {key!r}: not used")
    tables: list[dict[str, Any]] = []
    for terms_type, document in terms.items():
        if terms_types and terms_type not in terms_types:
            continue
        where = f"{source}: {terms_type!r}"
        if not isinstance(document, dict):
            unmapped.append(f"{where}: not an object, not imported")
            continue
        for key in sorted(set(document) - DOCUMENT_KEYS):
            unmapped.append(f"{where}: {key!r}: not used")
        base_id = _policy_id(service, terms_type, source)
        base_name = f"{service} {terms_type}"
        pages = document.get("combine")
        if pages is None:
            table = _map_page(document, base_id, base_name, where, unmapped)
            tables.extend([table] if table else [])
            continue
        tables.extend(_map_combined(document, base_id, base_name, where, unmapped))
    for table in tables:
        if not is_valid_policy_id(table["id"]):
            raise ConfigError(f"{source}: cannot make a policy id from {service!r} ({table['id']!r})")
    return tables, unmapped


def _declaration_files(paths: Sequence[Path]) -> list[tuple[Path, bool]]:
    """Each file to read, and whether it was named explicitly (rather than found in a folder)."""
    files: list[tuple[Path, bool]] = []
    for path in paths:
        if path.is_dir():
            files.extend((p, False) for p in sorted(path.rglob("*.json")) if p.is_file())
        else:
            files.append((path, True))
    return files


def import_declarations(
    paths: Sequence[str | Path],
    config_path: str | Path,
    *,
    terms_types: Sequence[str] | None = None,
    dry_run: bool = False,
) -> ImportReport:
    """Add the documents declared in Open Terms Archive declaration files to ``config_path``.

    ``paths`` are declaration files or folders of them. New ``[[policy]]`` tables are appended to
    the config (created if missing; existing text and comments kept) after the whole result has
    been validated; ``dry_run`` writes nothing. Raises ``ConfigError`` naming the file for a file
    that is not a declaration, or when the existing config is invalid.
    """
    config_file = Path(config_path)
    existing_text = config_file.read_text(encoding="utf-8") if config_file.exists() else ""
    known = {p.id for p in load_config(config_file).policies} if existing_text else set()
    report = ImportReport()
    blocks: list[str] = []
    for file, explicit in _declaration_files([Path(p) for p in paths]):
        if file.name.endswith(".history.json"):
            report.unmapped.append(f"{file}: history file (selectors of past versions), not imported")
            continue
        data = read_declaration(file)
        if not explicit and not ("name" in data and ("terms" in data or "documents" in data)):
            report.unmapped.append(f"{file}: not a service declaration, skipped")
            continue
        tables, unmapped = map_declaration(data, str(file), terms_types=terms_types)
        report.unmapped.extend(unmapped)
        for table in tables:
            if table["id"] in known:
                report.skipped.append(table["id"])
                continue
            known.add(table["id"])
            report.added.append(table)
            blocks.append(f"\n# imported from {str(file)!r} (Open Terms Archive declaration)\n")
            blocks.append(tomli_w.dumps({"policy": [table]}))
    if not blocks:
        return report
    new_text = existing_text.rstrip("\n") + ("\n" if existing_text else "") + "".join(blocks)
    parse_config(tomllib.loads(new_text), config_file)  # never write a config that does not load
    if not dry_run:
        atomic_write(config_file, new_text)
        report.written = str(config_file)
    return report
