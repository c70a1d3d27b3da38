"""The full shared corpus the benchmarks read, and the one-line exit when it is not there.

The tests carry a compact copy (``tests/data/corpus``); the benchmarks measure on the whole
corpus, which lives beside the repository (``../shared/corpus``) and is not in it.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tracker.models import PolicyDocument

FULL_CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"


def require_corpus(corpus: Path, script: str) -> Path:
    """``corpus`` if it holds a corpus (a MANIFEST.json); otherwise print one line and exit 2."""
    if not (corpus / "MANIFEST.json").is_file():
        print(
            f"{script}: no corpus at {corpus}: this benchmark needs the full shared corpus "
            "(Open Terms Archive pages and versions, see tests/data/SOURCES.md) as ../shared/corpus "
            "beside the repository, or pass --corpus DIR",
            file=sys.stderr,
        )
        raise SystemExit(2)
    return corpus


def corpus_versions(corpus: Path) -> dict[str, list[tuple[str, PolicyDocument]]]:
    """Every corpus document's reference versions (``<document>/versions/*.md``) that extract, in
    order, by document folder name: the one loop the output guards and benchmarks share."""
    from tracker.errors import ExtractionError
    from tracker.extract import extract

    documents: dict[str, list[tuple[str, PolicyDocument]]] = {}
    for folder in sorted(p for p in corpus.glob("*/versions") if p.is_dir()):
        versions = []
        for path in sorted(folder.glob("*.md")):
            try:
                versions.append((path.name, extract(path.read_bytes(), "text/markdown")))
            except ExtractionError:
                continue
        documents[folder.parent.name] = versions
    return documents


def snapshot_pages(corpus: Path) -> Iterator[tuple[str, Path, str | None, str]]:
    """Every corpus snapshot page with a reference or of the noise set (``MANIFEST.json`` roles
    ``paired`` and ``noise``), in the manifest's order: its label (``folder/file``), its path, its
    source URL and the document's name ("<service> <doc_type>")."""
    manifest = json.loads((corpus / "MANIFEST.json").read_text(encoding="utf-8"))
    for document in manifest["documents"]:
        name = f"{document['service']} {document['doc_type']}"
        for record in document["files"]:
            if record.get("role") in {"paired", "noise"}:
                label = f"{document['folder']}/{record['file']}"
                yield label, corpus / label, record.get("source_url"), name
