"""One thing ``verify`` found that does not match the chain (shared by the store and bundle checks)."""

from __future__ import annotations

import re
from dataclasses import dataclass

# a file name a record may name: a plain name inside its folder, never a path
PLAIN_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")


@dataclass(frozen=True)
class Problem:
    """One thing that does not match the chain: a file missing or altered, a record out of place."""

    policy_id: str
    # missing_log, bad_line, altered_record, broken_chain, missing_record, reordered, missing_file, altered_file,
    # bad_review
    kind: str
    file: str  # path relative to the store root
    expected: str | None
    found: str | None
    detail: str = ""

    def line(self) -> str:
        """One human-readable line: ``FILE: detail (expected X, found Y)``."""
        where = f"{self.file}: {self.kind}"
        if self.detail:
            where += f" ({self.detail})"
        if self.expected is not None or self.found is not None:
            where += f": expected {self.expected}, found {self.found}"
        return where
