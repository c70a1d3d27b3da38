"""The three-line Python API: diff two texts or two files, classified, in the format you want.

    >>> import tracker
    >>> result = tracker.diff_text("# Sharing\\n\\nWe do not sell data.", "# Sharing\\n\\nWe sell data.")
    >>> result.changes[0].materiality
    'material'

``format=None`` returns the ``DiffResult`` (see docs/json.md for its fields); ``"json"``,
``"markdown"`` or ``"html"`` return the rendered text, exactly as ``policy-tracker diff`` prints it.
"""

from __future__ import annotations

from os import PathLike
from pathlib import Path
from typing import overload

from tracker.extract import extract
from tracker.models import DiffResult, DocumentRef
from tracker.report.compare import OutputFormat, compare_versions, format_diff
from tracker.sources import LoadedVersion, load_file, not_a_file

FORMATS = ("json", "markdown", "html")
CONTENT_TYPES = {"markdown": "text/markdown", "html": "text/html", "text": "text/plain"}


def _check_format(fmt: str | None) -> None:
    if fmt is not None and fmt not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)} or None, not {fmt!r}")


def _render(old: LoadedVersion, new: LoadedVersion, fmt: OutputFormat | None) -> DiffResult | str:
    diff = compare_versions(old, new).diff
    return diff if fmt is None else format_diff(diff, fmt)


@overload
def diff_text(old: str, new: str, *, format: None = None, kind: str = "markdown") -> DiffResult: ...
@overload
def diff_text(old: str, new: str, *, format: OutputFormat, kind: str = "markdown") -> str: ...
def diff_text(old: str, new: str, *, format: OutputFormat | None = None, kind: str = "markdown") -> DiffResult | str:
    """Diff and classify two versions of a policy given as text.

    ``kind`` says what the texts are: ``"markdown"`` (the default; ``#`` headings make sections),
    ``"html"`` (a whole page: the policy body is found in it) or ``"text"``. Raises ``TypeError``
    when either side is not a ``str``, ``TrackerError`` when a side holds no policy text.
    """
    for side, value in (("old", old), ("new", new)):
        if not isinstance(value, str):
            raise TypeError(f"diff_text: {side} must be the policy text as str, not {type(value).__name__}")
    if kind not in CONTENT_TYPES:
        raise ValueError(f"kind must be one of {', '.join(CONTENT_TYPES)}, not {kind!r}")
    _check_format(format)
    content_type = CONTENT_TYPES[kind]
    versions = []
    for label, text in (("old", old), ("new", new)):
        document = extract(text.encode("utf-8"), content_type)
        versions.append(LoadedVersion(document, DocumentRef(label=label, last_updated=document.last_updated)))
    return _render(versions[0], versions[1], format)


@overload
def diff_files(old: str | PathLike[str], new: str | PathLike[str], *, format: None = None) -> DiffResult: ...
@overload
def diff_files(old: str | PathLike[str], new: str | PathLike[str], *, format: OutputFormat) -> str: ...
def diff_files(
    old: str | PathLike[str], new: str | PathLike[str], *, format: OutputFormat | None = None
) -> DiffResult | str:
    """Diff and classify two local files (``.html``, ``.md``, ``.pdf``, ``.txt``, by extension).

    Raises ``TypeError`` for anything but a path (``str`` or ``os.PathLike``), ``TrackerError``
    naming the file when one is missing or holds no policy text.
    """
    for side, value in (("old", old), ("new", new)):
        if not isinstance(value, str | PathLike):
            raise TypeError(f"diff_files: {side} must be a path (str or os.PathLike), not {type(value).__name__}")
    paths = [Path(old), Path(new)]
    for path in paths:
        if not path.is_file():
            raise not_a_file(path)
    _check_format(format)
    return _render(load_file(paths[0]), load_file(paths[1]), format)


__all__ = ["diff_files", "diff_text"]
