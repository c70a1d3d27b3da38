"""Step 5, classify: topic tags, materiality (material / review / editorial) and reasons for each change."""

from __future__ import annotations

from tracker.classify.topics import classify, default_lexicon, highest_materiality, load_lexicon, summarize

__all__ = ["classify", "default_lexicon", "highest_materiality", "load_lexicon", "summarize"]
