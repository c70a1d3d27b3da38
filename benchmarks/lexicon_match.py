"""CPU of matching the lexicon's topics against the labelled clauses' texts.

    PYTHONPATH=<code> .venv/bin/python benchmarks/lexicon_match.py

Every topic of a clause's language is matched against each text of
``tests/data/classify/clause_labels.toml`` (both versions), with the match caches emptied before
each text as ``classify`` empties them; the lexicons are loaded before the clock starts. Prints
the minimum of five rounds, in ms of process CPU.
"""

from __future__ import annotations

import time
import tomllib
from pathlib import Path

from tracker.classify.lexicon import clear_match_caches, default_lexicon, matches

LABELS = Path(__file__).resolve().parent.parent / "tests" / "data" / "classify" / "clause_labels.toml"


def main() -> int:
    """Print the CPU of one round of matching, the minimum of five."""
    items = tomllib.loads(LABELS.read_text(encoding="utf-8"))["item"]
    texts = [(item["lang"], item[side]) for item in items for side in ("old", "new") if item[side]]
    topics = {lang: default_lexicon(lang).topics for lang in {lang for lang, _ in texts}}
    best = float("inf")
    for _ in range(5):
        start = time.process_time()
        for lang, text in texts:
            clear_match_caches()
            for topic in topics[lang]:
                matches(topic, text)
        best = min(best, time.process_time() - start)
    print(f"{len(texts)} texts: {best * 1000:.1f} ms CPU (min of 5)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
