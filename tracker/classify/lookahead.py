"""A lexicon pattern that opens with look-behinds made to fail fast where it cannot match.

``re`` tries every alternative of a topic's regex at every position of a text. A pattern such
as ``(?:(?<=\\bcookie )|(?<=\\bprivacy )|…)preferences\\b`` runs its ~45 look-behinds at each
position before it reads the one word it needs. Its zero-width opening (look-arounds, ``\\b``,
groups of them) consumes nothing, so the literal that follows must start where it stands:
``with_lookahead`` puts ``(?=preferences)`` in front, which fails at the first letter almost
everywhere. The pattern matches exactly the same spans (a look-ahead of what the pattern reads
next at the same position, under the same flags, without groups of its own).
"""

from __future__ import annotations

import importlib
import re
from typing import Any

_sre: Any = importlib.import_module("re._parser")  # the standard library's own pattern parser
_ASSERTS = {_sre.ASSERT, _sre.ASSERT_NOT}
_MIN_LITERAL = 3  # a shorter literal barely fails faster than the opening it guards


def _zero_width(items: Any) -> tuple[bool, bool]:
    """(whether ``items`` — a parsed sequence — consume nothing, whether any is a look-around)."""
    looks = False
    for op, av in items:
        if op is _sre.AT:
            continue
        if op in _ASSERTS:
            looks = True
        elif op is _sre.SUBPATTERN:
            zero, inner = _zero_width(av[-1])
            if not zero:
                return False, looks
            looks = looks or inner
        elif op is _sre.BRANCH:
            for branch in av[1]:
                zero, inner = _zero_width(branch)
                if not zero:
                    return False, looks
                looks = looks or inner
        else:
            return False, looks
    return True, looks


def opening_literal(pattern: str, flags: int = re.IGNORECASE) -> str | None:
    """The literal a pattern reads first, when a zero-width opening with a look-around comes
    before it (else None: nothing to gain)."""
    try:
        parsed = list(_sre.parse(pattern, flags))
    except Exception:  # noqa: BLE001 - an invalid pattern is reported by the lexicon's own compile
        return None
    start = next((i for i, (op, _av) in enumerate(parsed) if op is _sre.LITERAL), None)
    if start is None:
        return None
    zero, looks = _zero_width(parsed[:start])
    if not (zero and looks):
        return None
    chars = []
    for op, av in parsed[start:]:
        if op is not _sre.LITERAL:
            break
        chars.append(chr(av))
    return "".join(chars) if len(chars) >= _MIN_LITERAL else None


def with_lookahead(pattern: str, flags: int = re.IGNORECASE) -> str:
    """``pattern`` with a look-ahead of its opening literal in front, when it opens with
    look-arounds before that literal (else unchanged)."""
    literal = opening_literal(pattern, flags)
    return pattern if literal is None else f"(?={re.escape(literal)}){pattern}"
