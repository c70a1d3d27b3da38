"""A literal every match of a lexicon pattern must contain, to skip the pattern on a text without it.

A topic's regex is its terms (a prefix tree) and its patterns, joined by ``|``, and ``re`` tries
every alternative at every position of a text. Most patterns read a fixed word somewhere
(``\\bopt(?:ed|ing)?[ -]out\\b`` reads "opt", the ``user_choice`` pattern "preferences"): a text
in which that word does not occur cannot match the pattern at any position, so the alternation
finds exactly what the regex without that pattern finds. ``required_literal`` reads such a word
from the parsed pattern; ``literal_search`` is a regex of it under the pattern's own flags, so
"occurs" means what the pattern's engine means by it (case folding included).
"""

from __future__ import annotations

import functools
import importlib
import re
from typing import Any

_sre: Any = importlib.import_module("re._parser")  # the standard library's own pattern parser
_MIN_LITERAL = 3  # a shorter literal occurs in nearly every text: its search costs more than it saves


def _literal_runs(items: Any, runs: list[str]) -> None:
    """Append to ``runs`` every run of consecutive literals that any match of ``items`` reads."""
    current: list[str] = []
    for op, av in items:
        if op is _sre.LITERAL:
            current.append(chr(av))
            continue
        if current:
            runs.append("".join(current))
            current = []
        if op is _sre.SUBPATTERN and not av[1] and not av[2]:  # a group that changes no flags
            _literal_runs(av[-1], runs)
        elif op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT, _sre.POSSESSIVE_REPEAT) and av[0] >= 1:
            _literal_runs(av[2], runs)  # read at least once
        # anything else (branches, classes, look-arounds, optional parts) requires nothing here
    if current:
        runs.append("".join(current))


def _parse(pattern: str, flags: int) -> Any:
    try:
        return _sre.parse(pattern, flags)
    except Exception:  # noqa: BLE001 - an invalid pattern is reported by the lexicon's own compile
        return None


def _longest_literal(parsed: Any) -> str | None:
    runs: list[str] = []
    _literal_runs(list(parsed), runs)
    best = max(runs, key=len, default="")
    return best if len(best) >= _MIN_LITERAL else None


def required_literal(pattern: str, flags: int = re.IGNORECASE) -> str | None:
    """The longest literal every match of ``pattern`` reads (a run of plain characters outside
    any alternation, look-around or optional part), or None when it has none of 3 characters."""
    parsed = _parse(pattern, flags)
    return None if parsed is None else _longest_literal(parsed)


def literal_search(pattern: str, flags: int = re.IGNORECASE) -> re.Pattern[str] | None:
    """A regex finding ``required_literal(pattern)`` under the flags the pattern is read with
    (its own inline flags included), or None when the pattern has no such literal."""
    parsed = _parse(pattern, flags)  # parsed once: its literal and its own inline flags
    literal = None if parsed is None else _longest_literal(parsed)
    if literal is None:
        return None
    return re.compile(re.escape(literal), parsed.state.flags & ~re.VERBOSE)


_casefix: Any = importlib.import_module("re._casefix")  # the case equivalences ``re`` adds to lower()
_sre_c: Any = importlib.import_module("_sre")


@functools.lru_cache(maxsize=4096)
def _folds_simply(char: str) -> bool:
    """Whether ``re`` under IGNORECASE matches ``char`` exactly against what ``char.lower()`` equals."""
    lower = char.lower()
    return (
        len(lower) == 1
        and ord(lower) == _sre_c.unicode_tolower(ord(char))
        and ord(lower) not in _casefix._EXTRA_CASES
        and lower.isalnum() == char.isalnum()
    )


def lowers_like_re(text: str) -> bool:
    """Whether every character of ``text`` is matched case-insensitively by ``re`` as
    ``str.lower`` lowers it, so its lower-cased words are the words a term can match (an ASCII
    text always is; "ſ", "ı" or "İ" are not)."""
    return text.isascii() or all(_folds_simply(c) for c in set(text) if not c.isascii())
