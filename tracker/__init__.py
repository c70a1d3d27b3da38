"""policy-tracker: watch published privacy policies and report precisely when and how they change.

The pipeline's steps are subpackages (``tracker.fetch``, ``tracker.extract``, ``tracker.diff``,
``tracker.classify``, ``tracker.report``, ``tracker.check``, ...), each with its public names in
``__all__``. The shortest way in is ``tracker.diff_text(old, new)`` or ``tracker.diff_files(a, b)``
(see docs/api.md); they are loaded on first use, so ``import tracker`` stays cheap.
"""

from __future__ import annotations

import sys
from typing import Any

__version__ = "0.1.0"

# httpx's package imports its own command-line client whenever click and rich are installed (both
# are here): rich and pygments, ~0.3 s of every run that makes a request through httpx. Nothing
# here runs httpx's CLI; without the module, httpx defines a stub ``main`` in its place.
sys.modules.setdefault("httpx._main", None)  # type: ignore[arg-type]

_API = ("diff_files", "diff_text")


def __getattr__(name: str) -> Any:
    if name in _API:
        from tracker import api

        return getattr(api, name)
    raise AttributeError(f"module 'tracker' has no attribute {name!r}")


__all__ = ["__version__", *_API]
