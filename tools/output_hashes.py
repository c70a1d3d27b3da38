"""The byte-identical guard for speed work: SHA-256 of every output on the real corpus.

For every snapshot page of ``<corpus>/*/snapshots/*.html`` (in MANIFEST order): the extracted
document (its JSON: title, date, sections, clauses — the normalised text and its structure) read
the way ``check`` reads it (automatic body, the document's name and URL) and, where the
archive's declaration is CSS, read with its declared ``select``/``remove``; for every consecutive
pair of snapshots of a document, the classified diff JSON; for every consecutive pair of
reference versions (Markdown), the classified diff JSON, as ``tools/diff_hashes.py`` prints it.

Run before a change and keep the output; after it, ``--check`` compares and names every line
that differs (exit 1), so an optimisation that changes one byte of output shows::

    .venv/bin/python tools/output_hashes.py > benchmarks/output_hashes.txt
    .venv/bin/python tools/output_hashes.py --check benchmarks/output_hashes.txt
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import sys
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

from corpus_path import corpus_versions  # noqa: E402

from tracker.classify import classify
from tracker.diff.sections import diff_documents
from tracker.errors import ExtractionError
from tracker.extract.document import extract
from tracker.models import DocumentRef, PolicyDocument

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"


def _sha(data: object) -> str:
    return hashlib.sha256(json.dumps(data, ensure_ascii=False, indent=2).encode()).hexdigest()


def _diff_digest(old: PolicyDocument, new: PolicyDocument) -> str:
    diff = diff_documents(old, new, old_ref=DocumentRef("old"), new_ref=DocumentRef("new"), policy_id="x")
    return _sha(classify(diff, old, new).to_dict())


def _selectors(value: object) -> tuple[str, ...] | None:
    """The declaration's CSS selectors as a tuple; None when they are not plain CSS (ranges)."""
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(value)
    return None


def _read(path: Path, **options: object) -> PolicyDocument | str:
    try:
        return extract(path.read_bytes(), "text/html", **options)  # type: ignore[arg-type]
    except ExtractionError as exc:
        return f"error {exc.cause}"


def _document_lines(corpus: Path, document: dict) -> Iterator[str]:
    folder = corpus / document["folder"]
    name = f"{document['service']} {document['doc_type']}"
    autos: list[tuple[str, PolicyDocument | str]] = []
    for record in document["files"]:
        if record.get("role") not in {"paired", "noise"}:
            continue
        path, label = folder / record["file"], f"{document['folder']}/{record['file']}"
        auto = _read(path, url=record.get("source_url"), name=name)
        autos.append((label, auto))
        yield f"auto {label} {auto if isinstance(auto, str) else _sha(auto.to_dict())}"
        declaration = record.get("declaration_in_force") or {}
        select, remove = _selectors(declaration.get("select")), _selectors(declaration.get("remove"))
        if select is not None and remove is not None:
            declared = _read(path, select=select, remove=remove)
            yield f"declared {label} {declared if isinstance(declared, str) else _sha(declared.to_dict())}"
    autos.sort()
    for (a_label, a), (b_label, b) in zip(autos, autos[1:], strict=False):
        if isinstance(a, PolicyDocument) and isinstance(b, PolicyDocument):
            yield f"diff {a_label}->{b_label.rsplit('/', 1)[1]} {_diff_digest(a, b)}"


def _version_lines(corpus: Path) -> Iterator[str]:
    for name, docs in corpus_versions(corpus).items():
        for (a_name, a), (b_name, b) in itertools.pairwise(docs):
            yield f"versions {name}/{a_name}->{b_name} {_diff_digest(a, b)}"


def output_lines(corpus: Path) -> Iterator[str]:
    """Every output line, ``<kind> <what> <sha256 or error cause>``, in a fixed order."""
    manifest = json.loads((corpus / "MANIFEST.json").read_text(encoding="utf-8"))
    for document in manifest["documents"]:
        yield from _document_lines(corpus, document)
    yield from _version_lines(corpus)


def _check(lines: Iterator[str], baseline: Path) -> int:
    expected = dict(line.rsplit(" ", 1) for line in baseline.read_text().splitlines() if line.strip())
    seen: set[str] = set()
    differ = 0
    for line in lines:
        key, value = line.rsplit(" ", 1)
        seen.add(key)
        if expected.get(key) != value:
            differ += 1
            print(f"differs: {key} (baseline {expected.get(key, 'missing')}, now {value})")
    for key in sorted(set(expected) - seen):
        differ += 1
        print(f"missing now: {key}")
    print(f"{len(seen)} outputs compared, {differ} differ")
    return 1 if differ else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--check", type=Path, metavar="BASELINE", help="compare with a saved output; 1 on a change")
    args = parser.parse_args()
    if not (args.corpus / "MANIFEST.json").is_file():
        print(f"error: corpus {args.corpus} missing: clone it to ../shared/corpus or pass --corpus", file=sys.stderr)
        return 2
    if args.check:
        return _check(output_lines(args.corpus), args.check)
    for line in output_lines(args.corpus):
        print(line, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
