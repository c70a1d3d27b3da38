"""The labelled change set (``tests/data/classify_labels.toml``): build each version pair,
classify it, and find the labelled change record. Used by the tests and ``benchmarks/classify.py``."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from tests.corpus_data import CORPUS, DATA, SEED
from tracker.classify import classify
from tracker.diff import diff_documents
from tracker.extract import extract
from tracker.models import DiffResult, DocumentRef, PolicyDocument, SectionChange

LABELS = DATA / "classify_labels.toml"


@dataclass(frozen=True)
class Label:
    """One labelled change: where it comes from and what a reader says it is."""

    id: str
    source: str
    section: str
    materiality: str
    topics: frozenset[str]
    rule: str
    split: str = "tuning"
    document: str = ""
    old: str = ""
    new: str = ""
    base: tuple[tuple[str, str], ...] = ()
    edit: tuple[tuple[str, str], ...] = ()


def load_labels(path: Path = LABELS) -> list[Label]:
    """Every labelled change, in file order."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    labels = []
    for raw in data["change"]:
        labels.append(
            Label(
                id=raw["id"], source=raw["source"], section=raw["section"], materiality=raw["materiality"],
                topics=frozenset(raw["topics"]), rule=raw["rule"], split=raw.get("split", "tuning"),
                document=raw.get("document", ""), old=raw.get("old", ""), new=raw.get("new", ""),
                base=tuple(tuple(p) for p in raw.get("base", ())), edit=tuple(tuple(p) for p in raw.get("edit", ())),
            )
        )  # fmt: skip
    return labels


def apply_edits(text: str, edits: tuple[tuple[str, str], ...], label_id: str) -> str:
    """``text`` with each (find, replace) applied; each find must occur exactly once."""
    for find, replace in edits:
        count = text.count(find)
        if count != 1:
            raise ValueError(f"{label_id}: {find[:60]!r} occurs {count} times in the text")
        text = text.replace(find, replace)
    return text


def _markdown(text: str) -> PolicyDocument:
    return extract(text.encode("utf-8"), "text/markdown")


@lru_cache(maxsize=64)
def _corpus_diff(document: str, old: str, new: str) -> DiffResult:
    folder = CORPUS / document / "versions"
    a = _markdown((folder / old).read_text(encoding="utf-8"))
    b = _markdown((folder / new).read_text(encoding="utf-8"))
    return classify(diff_documents(a, b, old_ref=DocumentRef(old), new_ref=DocumentRef(new), policy_id="x"), a, b)


def label_diff(label: Label) -> DiffResult:
    """The classified diff of the version pair a label comes from."""
    if label.source == "corpus":
        return _corpus_diff(label.document, label.old, label.new)
    seed = SEED.read_text(encoding="utf-8")
    old_text = apply_edits(seed, label.base, label.id)
    new_text = apply_edits(old_text, label.edit, label.id)
    a, b = _markdown(old_text), _markdown(new_text)
    refs = {"old_ref": DocumentRef("seed"), "new_ref": DocumentRef(label.id)}
    return classify(diff_documents(a, b, **refs, policy_id="seed"), a, b)  # type: ignore[arg-type]


def labelled_change(label: Label) -> SectionChange | None:
    """The change record the label names (by its section heading), or None if the diff has none."""
    for change in label_diff(label).changes:
        headings = {change.new_heading or "", change.old_heading or ""}
        if label.section in headings:
            return change
    return None
