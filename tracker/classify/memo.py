"""Caches of pure per-text work that serve one classification (``classify`` empties them first).

``per_classification(maxsize)`` is ``functools.lru_cache``: keyed on every argument (the texts
themselves, and the language rules where the answer depends on the language being read), so a
cached answer is only ever the answer for that same call, and bounded to ``maxsize`` entries.
``clear_caches`` (called by ``lexicon.clear_match_caches``) empties every one of them, so memory
stays bounded and a page is not cheaper for having been classified before.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

__all__ = ["clear_caches", "per_classification"]

_F = TypeVar("_F", bound=Callable[..., Any])
_CACHES: list[Any] = []


def per_classification(maxsize: int) -> Callable[[_F], _F]:
    """An ``lru_cache`` of ``maxsize`` entries that ``clear_caches`` empties."""

    def wrap(function: _F) -> _F:
        cached = functools.lru_cache(maxsize=maxsize)(function)
        _CACHES.append(cached)
        return cached  # type: ignore[return-value]

    return wrap


def clear_caches() -> None:
    """Empty every cache made by ``per_classification``."""
    for cached in _CACHES:
        cached.cache_clear()
