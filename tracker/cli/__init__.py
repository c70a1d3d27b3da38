"""The ``policy-tracker`` command line: thin click wrappers over the library's public functions.

Each command group lives in its own module and is registered here, once. A command's module is
imported when the command is looked up (``main.commands``), so ``policy-tracker check`` does not
load the modules (and libraries) of the twenty others.
"""

from __future__ import annotations

import importlib
from typing import Any

from tracker.cli.group import EXIT_CHANGED, EXIT_ERROR, EXIT_INTERRUPTED, EXIT_OK, main

# command name → module:attribute of its click command
_WHERE = {
    "diff": "core:diff_command",
    "history": "core:history_command",
    "normalize": "core:normalize_command",
    "demo": "core:demo_command",
    "check": "check:check_command",
    "add": "watchlist:add_command",
    "list": "watchlist:list_command",
    "remove": "watchlist:remove_command",
    "accept": "accept:accept_command",
    "notice": "classify:notice_command",
    "site": "site:site_command",
    "serve": "site:serve_command",
    "reextract": "extraction:reextract_command",
    "verify": "evidence:verify_command",
    "export": "evidence:export_command",
    "backfill": "evidence:backfill_command",
    "import-declarations": "evidence:import_declarations_command",
    "keygen": "signing:keygen_command",
    "sign": "signing:sign_command",
    "review": "review:review_command",
    "report": "review:report_command",
}


class _Commands(dict[str, Any]):
    """``main.commands``: every command's name, its click command imported on first lookup."""

    def __getitem__(self, name: str) -> Any:
        value = super().__getitem__(name)
        if isinstance(value, str):
            module, attr = value.split(":")
            value = getattr(importlib.import_module(f"tracker.cli.{module}"), attr)
            super().__setitem__(name, value)
        return value

    def get(self, name: str, default: Any = None) -> Any:
        return self[name] if name in self else default  # noqa: SIM401 - self.get is this method

    def values(self) -> Any:
        return [self[name] for name in self]

    def items(self) -> Any:
        return [(name, self[name]) for name in self]


main.commands = _Commands(_WHERE)

__all__ = ["EXIT_CHANGED", "EXIT_ERROR", "EXIT_INTERRUPTED", "EXIT_OK", "main"]
