"""The heading a report, an alert or a preview shows for a section or a change of one.

A section with no heading is the text before the policy's first heading (``Section.heading`` is
"" only there), so it is named by where it is rather than shown as an empty or "untitled" title.
"""

from __future__ import annotations

from tracker.models import OPENING_SECTION, SectionChange

OPENING_LABEL = f"({OPENING_SECTION})"


def shown_heading(change: SectionChange) -> str:
    """The change's new heading, else its old one, else where the untitled text sits."""
    return change.heading or OPENING_LABEL
