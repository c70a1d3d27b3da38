"""Step 5, classify: every clause change judged on its own — topic tags, materiality (material /
review / editorial) and reasons — and each section summed up from its clauses."""

from __future__ import annotations

from tracker.classify.judge import changed_topics, classify, highest_materiality, judge_clause, summarize
from tracker.classify.lexicon import LEXICON_ENV, Lexicon, default_lexicon, load_lexicon

__all__ = [
    "LEXICON_ENV",
    "Lexicon",
    "changed_topics",
    "classify",
    "default_lexicon",
    "highest_materiality",
    "judge_clause",
    "load_lexicon",
    "summarize",
]
