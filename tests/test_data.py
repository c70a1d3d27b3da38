"""The test data in tests/data: every corpus file is listed in the compact manifest, with the bytes
its source names, the labels find their versions, and SOURCES.md is the one the tool writes."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

from tests.classify_labels import load_labels
from tests.corpus_data import CORPUS, DATA, SEED, read_page

REPO = Path(__file__).resolve().parent.parent


def _manifest() -> dict:
    return json.loads((CORPUS / "MANIFEST.json").read_text(encoding="utf-8"))


def _tool():  # tools/make_test_corpus.py (not a package): loaded from its path
    spec = importlib.util.spec_from_file_location("make_test_corpus", REPO / "tools" / "make_test_corpus.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_corpus_file_is_listed_in_the_compact_manifest() -> None:
    listed = {f"{d['folder']}/{r['file']}" for d in _manifest()["documents"] for r in d["files"]}
    present = {str(p.relative_to(CORPUS)) for p in CORPUS.rglob("*") if p.is_file()} - {"MANIFEST.json"}
    assert present == listed


def test_corpus_files_have_the_bytes_of_their_source() -> None:
    tool = _tool()
    checked = 0
    for document in _manifest()["documents"]:
        for record in document["files"]:
            if "blob" in record:
                data = read_page(CORPUS / document["folder"] / record["file"])
                assert tool.git_blob(data) == record["blob"], record["file"]
                assert len(data) == record["bytes"], record["file"]
                checked += 1
    assert checked > 100


def test_the_compact_corpus_covers_what_the_tests_need() -> None:
    documents = {d["folder"]: d for d in _manifest()["documents"]}
    roles = [r["role"] for d in documents.values() for r in d["files"]]
    assert roles.count("noise") >= 20 and roles.count("paired") >= 30
    declarations = {f: json.loads((CORPUS / f / "declaration.json").read_text()) for f in documents}
    terms = [t for d in declarations.values() for t in d["terms"].values()]
    assert any("combine" in t for t in terms) and any(t.get("executeClientScripts") for t in terms)
    assert any("combine" not in t and not t.get("executeClientScripts") for t in terms)
    for label in load_labels():
        if label.source == "corpus":
            for name in (label.old, label.new):
                assert (CORPUS / label.document / "versions" / name).is_file(), (label.id, name)
    assert SEED.read_text(encoding="utf-8").count("Last Updated On: 19 June 2024") == 1


def test_sources_md_is_the_one_the_tool_writes() -> None:
    assert (DATA / "SOURCES.md").read_text(encoding="utf-8") == _tool().render_sources(_manifest())
