"""The labelled clause-change set (``tests/data/classify/clause_labels.toml``).

Each item is one changed passage (old clause text → new clause text) with a lawyer's label.
Used by ``tests/test_clause_labels.py`` and ``benchmarks/classify_clauses.py``. The file embeds
every text, so nothing here reads the development corpus.
"""

from __future__ import annotations

import hashlib
import json
import tomllib
from dataclasses import asdict, dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CLAUSE_LABELS = REPO / "tests" / "data" / "classify" / "clause_labels.toml"

LEVELS = ("material", "review", "editorial")
LANGS = ("en", "fr", "de")
KINDS = ("modified", "added", "removed", "moved")
SPLITS = ("tuning", "evaluation", "evaluation-2", "evaluation-3", "evaluation-4")
# The parts never tuned on: the first frozen evaluation part, the second (h17b), the third (own
# passages of six new families, stop 37) and the fourth (every clause change of 14 real version
# pairs, taken whole, stop 38).
EVALUATION_SPLITS = ("evaluation", "evaluation-2", "evaluation-3", "evaluation-4")


@dataclass(frozen=True)
class ClauseLabel:
    """One labelled clause change: where it comes from, its texts, and what a lawyer says it is."""

    id: str
    lang: str
    document: str
    family: str
    heading: str
    old: str
    new: str
    materiality: str
    topics: tuple[str, ...]
    why: str
    kind: str
    split: str
    old_version: str = ""
    new_version: str = ""

    @property
    def is_corpus(self) -> bool:
        """True for a passage taken from the development corpus (not an own edit)."""
        return not self.document.startswith("own:")


def load_clause_labels(path: Path = CLAUSE_LABELS) -> list[ClauseLabel]:
    """Every labelled clause change, in file order."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return [
        ClauseLabel(
            id=raw["id"], lang=raw["lang"], document=raw["document"], family=raw["family"],
            heading=raw["heading"], old=raw["old"], new=raw["new"], materiality=raw["materiality"],
            topics=tuple(raw["topics"]), why=raw["why"], kind=raw["kind"], split=raw["split"],
            old_version=raw.get("old_version", ""), new_version=raw.get("new_version", ""),
        )
        for raw in data["item"]
    ]  # fmt: skip


def load_split_table(path: Path = CLAUSE_LABELS) -> dict[str, list[str]]:
    """The ``[split.*]`` table: which documents belong to each part."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return {part: list(data["split"][part]["documents"]) for part in SPLITS}


def items_digest(labels: list[ClauseLabel]) -> str:
    """SHA-256 (hex) of the items in order, as canonical JSON: any edit of any field changes it."""
    canonical = json.dumps([asdict(label) for label in labels], ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()
