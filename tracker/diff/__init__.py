"""Step 4, diff: two ``PolicyDocument``s → a ``DiffResult`` of section and clause changes with word-level
redlines (sections aligned by heading and text; moves, renames, splits and merges recognised)."""

from __future__ import annotations

from tracker.diff.sections import diff_documents
from tracker.diff.words import changed_words, word_diff

__all__ = ["diff_documents", "changed_words", "word_diff"]
