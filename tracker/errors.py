"""The tool's own errors. Each carries a one-line message naming the policy (or file) and cause."""

from __future__ import annotations


class TrackerError(Exception):
    """Base class: a clear, one-line, user-facing error."""


class ConfigError(TrackerError):
    """The configuration file is missing or invalid."""


class FetchError(TrackerError):
    """A policy could not be fetched (HTTP error, timeout, refused, too large ...).

    ``cause`` is a short machine-readable code such as ``http_404``, ``timeout``,
    ``connect``, ``too_large``, ``redirect_loop``, ``robots``, ``decode``.
    """

    def __init__(self, message: str, cause: str = "error", status: int | None = None) -> None:
        super().__init__(message)
        self.cause = cause
        self.status = status


class ExtractionError(TrackerError):
    """A page could not be turned into policy text (empty body, unsupported content type ...)."""

    def __init__(self, message: str, cause: str = "extract") -> None:
        super().__init__(message)
        self.cause = cause


class StoreError(TrackerError):
    """The snapshot store is unreadable, locked, or a reference does not resolve."""


class StoreWriteError(StoreError):
    """The store cannot be written (disk full, read-only, permissions): the run stops."""

    def __init__(self, root: object, exc: OSError) -> None:
        super().__init__(f"store {root}: cannot write: {exc.strerror or exc}")
        self.errno = exc.errno


class CheckInterrupted(KeyboardInterrupt):
    """A ``check`` stopped by Ctrl-C (SIGINT); its message says how far it got.

    A ``KeyboardInterrupt``, so anything that does not know it still stops as for Ctrl-C.
    """

    def __init__(self, checked: int, total: int) -> None:
        super().__init__(f"interrupted: {checked} of {total} policies checked")
        self.checked = checked
        self.total = total
