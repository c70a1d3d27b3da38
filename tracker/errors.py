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


# Every anomaly cause a check can record (``status: anomaly``, ``cause`` in the log and in
# ``check --json``), with what it means: the one list, documented in docs/checks.md. An anomaly
# never becomes a version and never drafts a notice; its body is kept as evidence beside the
# policy (``Store.save_anomaly``) for ``policy-tracker accept`` to take if a person says it is
# the policy after all.
ANOMALY_CAUSES: dict[str, str] = {
    "challenge": "a bot-challenge or captcha interstitial instead of the policy",
    "shrank": "the body lost more than max_shrink of its words",
    "binary": "the body is not text (random or binary bytes, an image, an archive), whatever its Content-Type",
    "truncated": "the body ends early: HTML cut before </body>/</html> without a Content-Length, "
    "or shorter than its Content-Length",
    "script_shell": 'a first snapshot that is a JavaScript shell ("Loading...", "please enable JavaScript")',
    "not_policy_like": "a first snapshot with too little text to be a policy",
    "login_wall": "a sign-in page instead of the policy",
    "error_page": "an error page (not found, server error) served with a success status",
    "cookie_wall": "a cookie-consent wall instead of the policy",
    "different_document": "neither the text nor the vocabulary of the previous version: another document",
    "lost_sections": "most of the previous version's sections are gone",
    "too_slow": "diffing and classifying the page took longer than the time_budget setting",
    "empty": "no policy text found (empty page, or the selector matched nothing)",
    "unsupported_content_type": "a content type the extractor cannot read",
    "malformed": "a document nested too deeply to extract",
    "bad_pdf": "a PDF the extractor cannot read",
    "bad_selector": "the policy's select/remove CSS selector is invalid",
    "selector_matched_nothing": "the policy's select selector matched nothing on the page",
    "not_modified_unknown": "304 Not Modified, but nothing is stored yet",
}


class Anomaly(TrackerError):
    """A page that is not a usable policy: recorded with its ``cause`` (one of
    ``ANOMALY_CAUSES``), never stored as a version."""

    def __init__(self, message: str, cause: str) -> None:
        super().__init__(message)
        self.cause = cause


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
