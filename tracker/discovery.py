"""Which config file a command reads: ``--config``, ``$POLICY_TRACKER_CONFIG``, ``./policies.toml``,
then the per-user one — decided here, once, for every command — and how its text is read."""

from __future__ import annotations

import os
from pathlib import Path

from tracker.errors import ConfigError

CONFIG_NAME = "policies.toml"
CONFIG_ENV = "POLICY_TRACKER_CONFIG"


def user_config_path() -> Path:
    """The per-user config file (platformdirs: ``~/.config/policy-tracker/policies.toml`` on
    Linux, ``~/Library/Application Support/policy-tracker/`` on macOS, ``%APPDATA%`` on Windows)."""
    import platformdirs

    return platformdirs.user_config_path("policy-tracker") / CONFIG_NAME


def find_config(explicit: str | Path | None = None) -> Path | None:
    """Which config file to read, first match wins: ``explicit`` (``--config``), then
    ``$POLICY_TRACKER_CONFIG``, then ``./policies.toml``, then ``user_config_path()``; None when
    there is none. A file named by the first two must exist (``load_config`` says so if not); of
    the last two, the first that exists is taken, file or not, so that one that is a folder is
    named in the error instead of passed over."""
    if explicit:
        return Path(explicit)
    named = os.environ.get(CONFIG_ENV)
    if named:
        return Path(named)
    for candidate in (Path(CONFIG_NAME), user_config_path()):
        if candidate.exists():  # a folder of that name too, so that ``load_config`` names it
            return candidate
    return None


def read_config_text(path: Path) -> str:
    """The text of the config file at ``path``; ``ConfigError`` naming it when it is missing, a
    folder, unreadable or not UTF-8."""
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"{path}: config file not found") from None
    except IsADirectoryError:
        raise ConfigError(f"{path}: config is a folder, not a file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read config: {exc}") from None
