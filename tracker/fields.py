"""Validating one field of the configuration: each check raises ``ConfigError`` with one line naming
the file, the policy and the field (``where``). ``tracker.config`` builds its tables from these."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from tracker.errors import ConfigError
from tracker.validate import selector_problem, url_problem

_TOKEN = re.compile(r"^[!#$%&'*+.^_`|~0-9A-Za-z-]+$")  # an HTTP token: header and cookie names
_DELAY = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(ms|s)\s*$")


def where(path: Path, policy: str | None, fld: str) -> str:
    """The "file: policy 'id', field 'name'" prefix of an error line."""
    return f"{path}: policy {policy!r}, field {fld!r}" if policy else f"{path}: field {fld!r}"


def string(value: Any, where: str, *, required: bool = False) -> str | None:
    """A string, or None when absent and not ``required``."""
    if value is None:
        if required:
            raise ConfigError(f"{where}: missing (required)")
        return None
    if not isinstance(value, str) or (required and not value.strip()):
        raise ConfigError(f"{where}: must be a non-empty string, got {value!r}")
    return value


def string_list(value: Any, where: str) -> tuple[str, ...]:
    """A string or a list of strings, as a tuple."""
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(value)
    raise ConfigError(f"{where}: must be a string or a list of strings, got {value!r}")


def number(value: Any, where: str, *, minimum: float = 0.0, maximum: float | None = None) -> float:
    """A number within the bounds."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ConfigError(f"{where}: must be a number, got {value!r}")
    if value < minimum or (maximum is not None and value > maximum):
        bound = f"between {minimum} and {maximum}" if maximum is not None else f">= {minimum}"
        raise ConfigError(f"{where}: must be {bound}, got {value!r}")
    return float(value)


def check_selector(selector: str, where: str) -> None:
    """Refuse a selector our CSS engine (soupsieve) cannot compile (``validate.selector_problem``)."""
    problem = selector_problem(selector)
    if problem:
        raise ConfigError(f"{where}: {problem}")


def selectors(value: Any, where: str) -> tuple[str, ...]:
    """A CSS selector or a list of them, each checked."""
    selectors = string_list(value, where)
    for selector in selectors:
        check_selector(selector, where)
    return selectors


def check_url(url: str, where: str) -> None:
    """Refuse anything but an http(s) URL the fetcher can use (``validate.url_problem``)."""
    problem = url_problem(url)
    if problem:
        raise ConfigError(f"{where}: {problem}, got {url!r}")


def pairs(value: Any, where: str, what: str) -> tuple[tuple[str, str], ...]:
    """A table of header (or cookie) names to one-line values, as (name, value) pairs."""
    if value is None:
        return ()
    if not isinstance(value, dict):
        raise ConfigError(f"{where}: must be a table of {what} names to values")
    for key, val in value.items():
        if not _TOKEN.match(key):
            raise ConfigError(f"{where}: {key!r} is not a valid {what} name")
        if not isinstance(val, str) or any(c in val for c in "\r\n\0") or (what == "cookie" and ";" in val):
            raise ConfigError(f"{where}: {what} {key!r} must be a one-line string, got {val!r}")
    return tuple(value.items())


def wait_for(value: Any, where: str) -> str | float | None:
    """A delay ("2s", "500ms", a number of seconds) as seconds, or a CSS selector to wait for."""
    if value is None:
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return number(value, where, maximum=120)
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f"{where}: must be a CSS selector or a delay such as '2s', got {value!r}")
    delay = _DELAY.match(value)
    if delay:
        seconds = float(delay.group(1)) / (1000 if delay.group(2) == "ms" else 1)
        return number(seconds, where, maximum=120)
    check_selector(value, where)
    return value


def boolean(value: Any, where: str) -> bool:
    """``value`` when it is true or false; ``ConfigError`` naming ``where`` otherwise."""
    if not isinstance(value, bool):
        raise ConfigError(f"{where}: must be true or false, got {value!r}")
    return value


def choice(value: Any, choices: tuple[str, ...], where: str) -> str:
    """``value`` when it is one of ``choices``; ``ConfigError`` naming ``where`` otherwise."""
    if value not in choices:
        raise ConfigError(f"{where}: must be one of {', '.join(choices)}, got {value!r}")
    return str(value)
