"""Rebuild ``tests/data/`` (the compact test corpus, the seed policy, SOURCES.md) from ../shared.

    python3 tools/make_test_corpus.py [--shared ../shared] [--out tests/data] [--check]

The tests read only ``tests/data/``; the full corpus (``../shared/corpus``, 30 documents, 282
pages, 61 MB) stays the input of ``benchmarks/``. This script copies from it the files chosen
below, so the choice is written down and the copy can be rebuilt or checked (``--check``
rebuilds into a temporary folder and compares byte for byte):

- every document's ``declaration.json`` / ``declaration.history.json`` (all 30 documents: 64 KB);
- the snapshots listed in ``SNAPSHOTS`` (HTML, stored gzip-compressed as ``.html.gz``, read back
  by ``tests.corpus_data.read_page``), each with the version text(s) it extracts to
  (``expected_markdown``), so every kept page has its reference text beside it;
- the versions a test names: those of ``tests/data/classify_labels.toml`` (``source = "corpus"``)
  and of ``VERSIONS`` (``tests/test_diff_corpus.py``);
- a ``MANIFEST.json`` holding the full manifest's records for the kept files only (snapshot
  ``file`` names end in ``.html.gz``; ``blob`` and ``bytes`` still describe the page itself);
- the seed policy (``seeds/``), and ``SOURCES.md``, written from the compact manifest
  (``render_sources``; ``tests/test_data.py`` checks it is current).
"""

from __future__ import annotations

import argparse
import filecmp
import gzip
import hashlib
import json
import shutil
import sys
import tempfile
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SEED_NAME = "indiamart-privacy-policy-2024-06-19.md"
SEED_URL = "https://www.indiamart.com/privacy-policy.html"

# Snapshot numbers kept per document, and why. A "noise" snapshot is always kept with its
# "paired" twin (the page whose reference text it shares), so each noise pair is complete.
SNAPSHOTS: dict[str, tuple[str, ...]] = {
    # French; declaration with executeClientScripts
    "adopteunmec__privacy-policy": ("001",),
    # English; all five pages (2 noise pairs); its versions are named by test_diff_corpus
    "brevo__privacy-policy": ("001", "002", "003", "004", "005"),
    # several documents on one page (legal hub); a noise pair; versions named by the labels
    "buffer__privacy-policy": ("001", "002"),
    # legal hub (several documents on one page); a noise pair; the pages of the labelled versions
    "coffee-meets-bagel__privacy-policy": ("003", "004", "010", "012"),
    # legal hub, terms; a noise pair
    "coffee-meets-bagel__terms-of-service": ("003", "004"),
    # French; a noise pair
    "disonsdemain__privacy-policy": ("005", "006"),
    # English; a noise pair
    "eharmony__privacy-policy": ("007", "008"),
    "eharmony__terms-of-service": ("006", "007"),
    # executeClientScripts; a noise pair
    "grindr__privacy-policy": ("002", "003"),
    # executeClientScripts; German clauses (liability under German law); a noise pair
    "grindr__terms-of-service": ("008", "009"),
    # English; a noise pair
    "happn__privacy-policy": ("005", "006"),
    # English; a noise pair
    "her__privacy-policy": ("003", "004"),
    "her__terms-of-service": ("009", "010"),
    # English; a cookie notice and a California notice in the same container
    "jdate__privacy-policy": ("001",),
    # German page (lang="de", German navigation) around the English policy; 2 noise pairs
    "lovoo__privacy-policy": ("008", "009", "010", "011"),
    # French; a noise pair
    "meetic__privacy-policy": ("004", "005"),
    # range selector (startBefore/endBefore); a noise pair; pages of the labelled/diffed versions
    "npm-public-registry__privacy-policy": ("001", "002", "004", "007"),
    # English; every page (a noise pair); versions named by test_diff_corpus and the labels
    "open-terms-archive__privacy-policy": ("001", "002", "003", "004"),
    # French (two documents of one service); noise pairs
    "parship__privacy-policy": ("004", "005"),
    "parship__terms-of-service": ("006", "007"),
    # English; noise pairs; the same service declared in both folders (test_declarations)
    "tinder__privacy-policy": ("003", "004"),
    "tinder__terms-of-service": ("006", "007"),
    # English; every page (a noise pair)
    "zoosk__privacy-policy": ("001", "002", "003"),
}

# Versions named by tests other than the labels (tests/test_diff_corpus.py).
VERSIONS: dict[str, tuple[str, ...]] = {
    "open-terms-archive__privacy-policy": ("001_2023-09-26.md", "002_2023-09-26.md"),
    "npm-public-registry__privacy-policy": ("006_2025-09-22.md", "007_2025-12-12.md"),
    "brevo__privacy-policy": ("001_2023-09-26.md", "002_2023-10-19.md", "003_2023-10-27.md"),
}


def git_blob(data: bytes) -> str:
    """The git blob id of ``data`` (the ``blob`` field of the manifest)."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


def gzip_bytes(data: bytes) -> bytes:
    """``data`` gzip-compressed, the same bytes on every run (no timestamp, no file name)."""
    return gzip.compress(data, compresslevel=9, mtime=0)


def labelled_versions(labels: Path) -> dict[str, set[str]]:
    """The corpus versions the classifier labels read, by document."""
    wanted: dict[str, set[str]] = {}
    for change in tomllib.loads(labels.read_text(encoding="utf-8"))["change"]:
        if change["source"] == "corpus":
            wanted.setdefault(change["document"], set()).update((change["old"], change["new"]))
    return wanted


def chosen_files(manifest: dict, labels: Path) -> dict[str, set[str]]:
    """Per document folder, the manifest ``file`` names to keep."""
    versions = labelled_versions(labels)
    for folder, names in VERSIONS.items():
        versions.setdefault(folder, set()).update(names)
    keep: dict[str, set[str]] = {}
    folders = {d["folder"] for d in manifest["documents"]}
    unknown = (set(SNAPSHOTS) | set(versions)) - folders
    if unknown:
        raise SystemExit(f"not in the corpus manifest: {sorted(unknown)}")
    for document in manifest["documents"]:
        folder = document["folder"]
        files = keep.setdefault(folder, set())
        numbers = set(SNAPSHOTS.get(folder, ()))
        for record in document["files"]:
            name = record["file"]
            if record["role"] == "declaration":
                files.add(name)
            elif record["role"] in ("paired", "noise") and name.split("/")[-1][:3] in numbers:
                files.add(name)
                files.update(record["expected_markdown"])
        files.update(f"versions/{name}" for name in versions.get(folder, ()))
        listed = {r["file"] for r in document["files"]}
        missing = files - listed
        if missing:
            raise SystemExit(f"{folder}: not in the corpus manifest: {sorted(missing)}")
    return keep


def stored_name(name: str) -> str:
    """The name a corpus file has in the compact copy (HTML pages are gzip-compressed)."""
    return name + ".gz" if name.endswith(".html") else name


def compact_manifest(manifest: dict, keep: dict[str, set[str]]) -> dict:
    """The full manifest's records for the kept files only, with compact totals."""
    documents = []
    for document in manifest["documents"]:
        files = []
        for record in document["files"]:
            if record["file"] in keep[document["folder"]]:
                record = dict(record)
                if record["file"].endswith(".html"):
                    record["file"] = stored_name(record["file"])
                    record["stored"] = "gzip"
                files.append(record)
        documents.append({**document, "files": files})
    roles: dict[str, int] = {}
    for document in documents:
        for record in document["files"]:
            roles[record["role"]] = roles.get(record["role"], 0) + 1
    compact = {key: value for key, value in manifest.items() if key not in ("documents", "totals", "built_by")}
    compact["built_by"] = "tools/make_test_corpus.py (a subset of the corpus built by " + manifest["built_by"] + ")"
    compact["compact_note"] = (
        "A subset of the full corpus for the tests: every declaration, the snapshots chosen in "
        "tools/make_test_corpus.py with the versions they extract to, and the versions the tests name. "
        "Snapshot files are stored gzip-compressed ('stored': 'gzip', file name + .gz); their blob and "
        "bytes describe the uncompressed page. Full corpus totals: " + json.dumps(manifest.get("totals", {}))
    )
    compact["totals"] = {"documents": len(documents), **{f"files_{k}": v for k, v in sorted(roles.items())}}
    compact["documents"] = documents
    return compact


def render_sources(compact: dict) -> str:
    """SOURCES.md for the compact corpus (where every file comes from, and its licence)."""
    lines = [
        "# Sources of the test data",
        "",
        "Written by `tools/make_test_corpus.py` from `corpus/MANIFEST.json`; do not edit by hand",
        "(`tests/test_data.py` checks this file is current, and that every file under `corpus/` is",
        "listed in that manifest and has the bytes its `blob` names). Rebuild from the full corpus",
        "with `python3 tools/make_test_corpus.py` (`--check` compares instead of writing).",
        "",
        "## What is here",
        "",
        "- `seeds/`: the seed policy the site, classifier and extraction tests edit and check.",
        "- `corpus/`: a compact copy of the shared corpus of real pages (same layout: `<document>/",
        "  declaration.json`, `snapshots/`, `versions/`, and `MANIFEST.json` with the full manifest's",
        "  records for the kept files). Every document's declarations; the snapshots chosen in",
        "  `SNAPSHOTS` of the tool (English, French and German pages, legal hubs holding several",
        "  documents, complete noise pairs), stored gzip-compressed; the versions each kept page",
        "  extracts to, and the versions `classify_labels.toml` and `tests/test_diff_corpus.py` name.",
        "  Totals: {documents} documents, {files_declaration} declaration files, {files_paired} paired and"
        " {files_noise} noise snapshots, {files_version} versions.".format(**compact["totals"]),
        "- `classify_labels.toml`: written for this project (see its header).",
        "- `classify/clause_labels.toml`: labelled clause changes (issue 17); the corpus passages are",
        "  quoted from the versions of the shared corpus (Open Terms Archive data, ODC-BY 1.0, see",
        "  below), the own edits are written for this project; `classify/README.md` says which is which",
        "  and how the tuning, evaluation and evaluation-2 parts were made.",
        "- `layouts/`: small policy pages written for this project (own work, no third-party text) in the",
        "  layouts automatic extraction got wrong: a consent manager's preferences panel, a layered policy's",
        "  overviews, an appended notice, sibling paragraphs beside the body (`tests/test_extract_layouts.py`);",
        "  a single table of contents in its usual forms, one changed between two versions, and same-page",
        "  link lists that are no contents list (`contents-*.html`, `tests/test_extract_contents.py`).",
        "- `pdf_printers/`: small policy pages written for this project (own work, no third-party text),",
        "  printed to PDF in the test by LibreOffice (Writer's HTML import) or Chromium and read back: plain",
        "  numbered titles, a hub whose documents number their sections, a title wrapped with wide line",
        "  spacing, a table of contents set flush left, bold run-in leads set a size up with a cookie",
        "  notice appended under a centred title (`run_in_appended.html`) (`tests/test_pdf_printers.py`).",
        "",
        "## Licences",
        "",
        "- **Pages and versions** (`corpus/*/snapshots/*.html.gz`, `corpus/*/versions/*.md`): Open Terms",
        "  Archive data under the Open Data Commons Attribution License (ODC-BY 1.0). Attribution: Open",
        "  Terms Archive, with contributions from the Dating Privacy collective; Platform Governance",
        "  Archive data: Katzenbach et al. 2023, doi:10.26092/elib/2373.",
        "- **Declarations** (`corpus/*/declaration.json`, `corpus/*/declaration.history.json`): JSON data",
        "  from Open Terms Archive declaration repositories distributed under the GNU Affero General",
        "  Public Licence v3.0 (AGPL v3).",
        "- **Manifest** (`corpus/MANIFEST.json`): the records of the full corpus manifest for the kept",
        "  files (sources, commits, licences), trimmed by `tools/make_test_corpus.py`.",
        f"- **Seed** (`seeds/{SEED_NAME}`): the IndiaMART privacy policy page ({SEED_URL},",
        '  "Last Updated On: 19 June 2024"; footer "Copyright © 1996-2024 IndiaMART InterMESH Ltd.")',
        f"  as captured in Markdown in `shared/seeds/{SEED_NAME}`; the file has no header of its own.",
        "  No licence is stated; the text is © IndiaMART InterMESH Ltd., kept verbatim as a test",
        "  fixture.",
        "",
        "## Source repositories (commit of the full corpus build)",
        "",
        "| repository | commit | commit date | licence |",
        "|---|---|---|---|",
    ]
    used = {r["repo"] for d in compact["documents"] for r in d["files"]}
    for repo, info in sorted(compact["sources"].items()):
        if repo not in used:
            continue
        licence = info.get("licence", {})
        text = licence.get("README_licence_statement") or licence.get("LICENSE_file_first_line") or ""
        text = " ".join(str(text).split()).replace("|", "\\|")
        lines.append(f"| {repo} | `{info.get('commit', '')}` | {info.get('commit_date', '')} | {text} |")
    lines += ["", "## Files", "", "Each file: the repository, path and commit it was taken from.", ""]
    for document in compact["documents"]:
        lines += [f"### corpus/{document['folder']}/", "", "| file | role | repository | path | commit |",
                  "|---|---|---|---|---|"]  # fmt: skip
        for record in sorted(document["files"], key=lambda r: r["file"]):
            lines.append(
                f"| {record['file']} | {record['role']} | {record['repo']} | {record['path']} | `{record['commit']}` |"
            )
        lines.append("")
    return "\n".join(lines)


def build(shared: Path, out: Path) -> None:
    """Write the compact corpus, the seed and SOURCES.md into ``out`` (replacing corpus/ and seeds/)."""
    corpus = shared / "corpus"
    manifest = json.loads((corpus / "MANIFEST.json").read_text(encoding="utf-8"))
    keep = chosen_files(manifest, out / "classify_labels.toml")
    for sub in ("corpus", "seeds"):
        shutil.rmtree(out / sub, ignore_errors=True)
    for folder, names in keep.items():
        for name in sorted(names):
            data = (corpus / folder / name).read_bytes()
            target = out / "corpus" / folder / stored_name(name)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(gzip_bytes(data) if name.endswith(".html") else data)
    compact = compact_manifest(manifest, keep)
    text = json.dumps(compact, indent=1, ensure_ascii=False, sort_keys=True) + "\n"
    (out / "corpus" / "MANIFEST.json").write_text(text, encoding="utf-8")
    (out / "seeds").mkdir(parents=True)
    shutil.copyfile(shared / "seeds" / SEED_NAME, out / "seeds" / SEED_NAME)
    (out / "SOURCES.md").write_text(render_sources(compact), encoding="utf-8")


def differences(a: Path, b: Path) -> list[str]:
    """Files that differ between two folder trees (relative paths)."""
    names_a = {p.relative_to(a) for p in a.rglob("*") if p.is_file()}
    names_b = {p.relative_to(b) for p in b.rglob("*") if p.is_file()}
    diff = sorted(str(n) for n in names_a ^ names_b)
    diff += sorted(str(n) for n in names_a & names_b if not filecmp.cmp(a / n, b / n, shallow=False))
    return diff


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared", help="the shared data folder")
    parser.add_argument("--out", type=Path, default=REPO / "tests" / "data")
    parser.add_argument("--check", action="store_true", help="rebuild into a temporary folder and compare")
    args = parser.parse_args(argv)
    if not (args.shared / "corpus" / "MANIFEST.json").is_file():
        print(f"make_test_corpus: no corpus at {args.shared / 'corpus'} (pass --shared DIR)", file=sys.stderr)
        return 2
    if args.check:
        with tempfile.TemporaryDirectory() as tmp:
            scratch = Path(tmp) / "data"
            scratch.mkdir()
            shutil.copyfile(args.out / "classify_labels.toml", scratch / "classify_labels.toml")
            build(args.shared, scratch)
            diff = [d for d in differences(scratch, args.out) if d.startswith(("corpus", "seeds", "SOURCES"))]
        for name in diff:
            print(f"differs: {name}")
        print("tests/data is up to date" if not diff else f"{len(diff)} file(s) differ: run without --check")
        return 1 if diff else 0
    build(args.shared, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
