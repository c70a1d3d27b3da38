"""Reading and validating ``policies.toml``.

Errors are ``ConfigError`` with one line naming the file, the policy and the field.
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tracker.errors import ConfigError

CONFIG_NAME = "policies.toml"
CONFIG_ENV = "POLICY_TRACKER_CONFIG"
POLICY_ID_RE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,99}$")
DEFAULT_USER_AGENT = (
    "policy-tracker/{version} (+https://pypi.org/project/policy-tracker/; privacy policy change monitor)"
)


def is_valid_policy_id(policy_id: str) -> bool:
    """True when ``policy_id`` is safe to use as a directory name (lower-case slug)."""
    return bool(POLICY_ID_RE.match(policy_id))


@dataclass(frozen=True)
class NoticeSettings:
    """How change notices are drafted for one policy."""

    company: str | None = None
    contact: str | None = None
    period_days: int = 30
    policy_url: str | None = None  # public URL of the policy, if not the fetched one
    report_base_url: str | None = None  # where published redlines live, for links


@dataclass(frozen=True)
class PolicyConfig:
    """One tracked policy."""

    id: str
    name: str
    url: str
    select: tuple[str, ...] = ()
    remove: tuple[str, ...] = ()
    notice: NoticeSettings = field(default_factory=NoticeSettings)
    alerts: tuple[str, ...] = ()  # apprise URLs
    user_agent: str | None = None
    timeout: float | None = None
    max_shrink: float | None = None  # fraction; None means the global setting
    alert_on: str | None = None  # material | review | any; None means the global setting
    respect_robots: bool | None = None  # None means the global setting


ALERT_ON = ("material", "review", "any")
ALERT_MODES = ("each", "digest")


@dataclass(frozen=True)
class Settings:
    """Global settings (the ``[settings]`` table); every field has a default."""

    store: str = "snapshots"
    user_agent: str | None = None
    timeout: float = 30.0
    concurrency: int = 8
    per_host: int = 2
    host_delay: float = 0.0
    retries: int = 3
    respect_robots: bool = True
    max_shrink: float = 0.5
    alert_after_failures: int = 3
    alerts: tuple[str, ...] = ()
    alert_on: str = "review"  # the least serious change that alerts: material | review | any
    alert_mode: str = "each"  # each: one message per policy; digest: one per run
    templates: str | None = None  # a directory whose templates override the shipped ones


@dataclass(frozen=True)
class EffectiveSettings:
    """What applies to one policy: its own setting where it has one, else the global one."""

    alert_on: str
    respect_robots: bool
    max_shrink: float
    alerts: tuple[str, ...]  # the global alert URLs, then the policy's own (no duplicates)


@dataclass(frozen=True)
class EvidenceSettings:
    """The ``[evidence]`` table: who signs the store's heads and which TSA time-stamps them."""

    signing_key: Path | None = None  # Ed25519 private key (PEM), kept outside the store
    tsa_url: str | None = None  # an RFC 3161 Time-Stamping Authority
    tsa_certificates: Path | None = None  # PEM roots that the TSA's tokens must chain to


@dataclass(frozen=True)
class Config:
    """The whole configuration file."""

    path: Path
    settings: Settings
    policies: tuple[PolicyConfig, ...]
    evidence: EvidenceSettings = field(default_factory=EvidenceSettings)

    def policy(self, policy_id: str) -> PolicyConfig:
        """The policy with this id; ``ConfigError`` if there is none."""
        for policy in self.policies:
            if policy.id == policy_id:
                return policy
        known = ", ".join(p.id for p in self.policies) or "none"
        raise ConfigError(f"{self.path}: no policy with id {policy_id!r} (known: {known})")

    def effective(self, policy: PolicyConfig) -> EffectiveSettings:
        """The settings that apply to ``policy`` (the one place per-policy overrides are resolved;
        fetch settings: ``tracker.fetch.options``)."""
        s = self.settings
        return EffectiveSettings(
            alert_on=policy.alert_on or s.alert_on,
            respect_robots=s.respect_robots if policy.respect_robots is None else policy.respect_robots,
            max_shrink=s.max_shrink if policy.max_shrink is None else policy.max_shrink,
            alerts=tuple(dict.fromkeys(s.alerts + policy.alerts)),
        )

    @property
    def store_path(self) -> Path:
        """The snapshot store, relative paths resolved against the config file's folder."""
        store = Path(self.settings.store)
        return store if store.is_absolute() else (self.path.parent / store)


def _where(path: Path, policy: str | None, fld: str) -> str:
    return f"{path}: policy {policy!r}, field {fld!r}" if policy else f"{path}: field {fld!r}"


def _str(value: Any, where: str, *, required: bool = False) -> str | None:
    if value is None:
        if required:
            raise ConfigError(f"{where}: missing (required)")
        return None
    if not isinstance(value, str) or (required and not value.strip()):
        raise ConfigError(f"{where}: must be a non-empty string, got {value!r}")
    return value


def _str_list(value: Any, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(value)
    raise ConfigError(f"{where}: must be a string or a list of strings, got {value!r}")


def _number(value: Any, where: str, *, minimum: float = 0.0, maximum: float | None = None) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ConfigError(f"{where}: must be a number, got {value!r}")
    if value < minimum or (maximum is not None and value > maximum):
        bound = f"between {minimum} and {maximum}" if maximum is not None else f">= {minimum}"
        raise ConfigError(f"{where}: must be {bound}, got {value!r}")
    return float(value)


def _bool(value: Any, where: str) -> bool:
    if not isinstance(value, bool):
        raise ConfigError(f"{where}: must be true or false, got {value!r}")
    return value


def _choice(value: Any, choices: tuple[str, ...], where: str) -> str:
    if value not in choices:
        raise ConfigError(f"{where}: must be one of {', '.join(choices)}, got {value!r}")
    return str(value)


def _check_selector(selector: str, where: str) -> None:
    import soupsieve

    try:
        soupsieve.compile(selector)
    except Exception as exc:  # soupsieve raises SelectorSyntaxError and friends
        raise ConfigError(f"{where}: invalid CSS selector {selector!r}: {str(exc).splitlines()[0]}") from None


def _check_url(url: str, where: str) -> None:
    if not re.match(r"^https?://[^\s/]+", url):
        raise ConfigError(f"{where}: must be an http(s) URL, got {url!r}")


_SETTINGS_FIELDS = set(Settings.__dataclass_fields__)
_POLICY_FIELDS = {
    "id", "name", "url", "select", "remove", "notice", "alerts", "user_agent", "timeout", "max_shrink",
    "alert_on", "respect_robots",
}  # fmt: skip
_NOTICE_FIELDS = set(NoticeSettings.__dataclass_fields__)


def _parse_notice(raw: Any, path: Path, pid: str | None, base: NoticeSettings) -> NoticeSettings:
    if raw is None:
        return base
    if not isinstance(raw, dict):
        raise ConfigError(f"{_where(path, pid, 'notice')}: must be a table")
    for key in raw:
        if key not in _NOTICE_FIELDS:
            raise ConfigError(f"{_where(path, pid, 'notice.' + key)}: unknown field")
    period = raw.get("period_days", base.period_days)
    if isinstance(period, bool) or not isinstance(period, int) or period < 0 or period > 3650:
        raise ConfigError(f"{_where(path, pid, 'notice.period_days')}: must be a whole number of days 0-3650")
    return NoticeSettings(
        company=_str(raw.get("company", base.company), _where(path, pid, "notice.company")),
        contact=_str(raw.get("contact", base.contact), _where(path, pid, "notice.contact")),
        period_days=period,
        policy_url=_str(raw.get("policy_url", base.policy_url), _where(path, pid, "notice.policy_url")),
        report_base_url=_str(
            raw.get("report_base_url", base.report_base_url), _where(path, pid, "notice.report_base_url")
        ),
    )


def _parse_settings(raw: Any, path: Path) -> Settings:
    if raw is None:
        return Settings()
    if not isinstance(raw, dict):
        raise ConfigError(f"{path}: [settings] must be a table")
    for key in raw:
        if key not in _SETTINGS_FIELDS:
            raise ConfigError(f"{_where(path, None, 'settings.' + key)}: unknown field")
    d = Settings()

    def num(key: str, default: float, minimum: float = 0.0, maximum: float | None = None) -> float:
        return _number(raw.get(key, default), _where(path, None, f"settings.{key}"), minimum=minimum, maximum=maximum)

    respect = _bool(raw.get("respect_robots", d.respect_robots), _where(path, None, "settings.respect_robots"))
    return Settings(
        store=_str(raw.get("store", d.store), _where(path, None, "settings.store"), required=True) or d.store,
        user_agent=_str(raw.get("user_agent"), _where(path, None, "settings.user_agent")),
        timeout=num("timeout", d.timeout, 0.1, 600),
        concurrency=int(num("concurrency", d.concurrency, 1, 1000)),
        per_host=int(num("per_host", d.per_host, 1, 100)),
        host_delay=num("host_delay", d.host_delay, 0, 60),
        retries=int(num("retries", d.retries, 0, 10)),
        respect_robots=respect,
        max_shrink=num("max_shrink", d.max_shrink, 0, 1),
        alert_after_failures=int(num("alert_after_failures", d.alert_after_failures, 1, 1000)),
        alerts=_str_list(raw.get("alerts"), _where(path, None, "settings.alerts")),
        alert_on=_choice(raw.get("alert_on", d.alert_on), ALERT_ON, _where(path, None, "settings.alert_on")),
        alert_mode=_choice(raw.get("alert_mode", d.alert_mode), ALERT_MODES, _where(path, None, "settings.alert_mode")),
        templates=_str(raw.get("templates"), _where(path, None, "settings.templates")),
    )


def _policy_overrides(raw: dict[str, Any], path: Path, pid: str) -> dict[str, Any]:
    """A policy's own values for settings that otherwise come from ``[settings]`` (None: not set)."""
    out: dict[str, Any] = {}
    if raw.get("timeout") is not None:
        out["timeout"] = _number(raw["timeout"], _where(path, pid, "timeout"), minimum=0.1)
    if raw.get("max_shrink") is not None:
        out["max_shrink"] = _number(raw["max_shrink"], _where(path, pid, "max_shrink"), minimum=0, maximum=1)
    if raw.get("alert_on") is not None:
        out["alert_on"] = _choice(raw["alert_on"], ALERT_ON, _where(path, pid, "alert_on"))
    if raw.get("respect_robots") is not None:
        out["respect_robots"] = _bool(raw["respect_robots"], _where(path, pid, "respect_robots"))
    return out


def parse_config(data: dict[str, Any], path: Path) -> Config:
    """Validate an already-parsed TOML mapping; ``path`` is used in error messages."""
    for key in data:
        if key not in {"settings", "notice", "policy", "evidence"}:
            raise ConfigError(f"{path}: unknown top-level key {key!r} (expected settings, notice, policy, evidence)")
    settings = _parse_settings(data.get("settings"), path)
    default_notice = _parse_notice(data.get("notice"), path, None, NoticeSettings())
    raw_policies = data.get("policy", [])
    if not isinstance(raw_policies, list):
        raise ConfigError(f"{path}: 'policy' must be an array of tables ([[policy]])")
    policies: list[PolicyConfig] = []
    seen: set[str] = set()
    for index, raw in enumerate(raw_policies):
        label = f"#{index + 1}"
        if not isinstance(raw, dict):
            raise ConfigError(f"{path}: policy {label}: must be a table")
        pid = raw.get("id")
        if pid is None:
            raise ConfigError(f"{path}: policy {label}, field 'id': missing (required)")
        if not isinstance(pid, str) or not is_valid_policy_id(pid):
            raise ConfigError(
                f"{path}: policy {label}, field 'id': {pid!r} is not a valid id "
                "(lower-case letters, digits, '-' and '_', at most 100 characters)"
            )
        if pid in seen:
            raise ConfigError(f"{_where(path, pid, 'id')}: duplicate id")
        seen.add(pid)
        for key in raw:
            if key not in _POLICY_FIELDS:
                raise ConfigError(f"{_where(path, pid, key)}: unknown field")
        name = _str(raw.get("name"), _where(path, pid, "name"), required=True) or pid
        url = _str(raw.get("url"), _where(path, pid, "url"), required=True) or ""
        _check_url(url, _where(path, pid, "url"))
        select = _str_list(raw.get("select"), _where(path, pid, "select"))
        remove = _str_list(raw.get("remove"), _where(path, pid, "remove"))
        for selector in select:
            _check_selector(selector, _where(path, pid, "select"))
        for selector in remove:
            _check_selector(selector, _where(path, pid, "remove"))
        policies.append(
            PolicyConfig(
                id=pid,
                name=name,
                url=url,
                select=select,
                remove=remove,
                notice=_parse_notice(raw.get("notice"), path, pid, default_notice),
                alerts=_str_list(raw.get("alerts"), _where(path, pid, "alerts")),
                user_agent=_str(raw.get("user_agent"), _where(path, pid, "user_agent")),
                **_policy_overrides(raw, path, pid),
            )
        )
    evidence = _parse_evidence(data.get("evidence"), path)
    return Config(path=path, settings=settings, policies=tuple(policies), evidence=evidence)


def _parse_evidence(raw: Any, path: Path) -> EvidenceSettings:
    """The ``[evidence]`` table; paths resolve against the config file's folder (``~`` expanded)."""
    if raw is None:
        return EvidenceSettings()
    if not isinstance(raw, dict):
        raise ConfigError(f"{path}: [evidence] must be a table")
    for key in raw:
        if key not in {"signing_key", "tsa_url", "tsa_certificates"}:
            raise ConfigError(f"{_where(path, None, 'evidence.' + key)}: unknown field")

    def file(key: str) -> Path | None:
        value = _str(raw.get(key), _where(path, None, f"evidence.{key}"))
        if value is None:
            return None
        resolved = Path(value).expanduser()
        return resolved if resolved.is_absolute() else path.parent / resolved

    tsa_url = _str(raw.get("tsa_url"), _where(path, None, "evidence.tsa_url"))
    if tsa_url is not None:
        _check_url(tsa_url, _where(path, None, "evidence.tsa_url"))
    return EvidenceSettings(signing_key=file("signing_key"), tsa_url=tsa_url, tsa_certificates=file("tsa_certificates"))


def load_config(path: str | Path) -> Config:
    """Read and validate a ``policies.toml`` file."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"{path}: config file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read config: {exc}") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    return parse_config(data, path)


def user_config_path() -> Path:
    """The per-user config file (platformdirs: ``~/.config/policy-tracker/policies.toml`` on
    Linux, ``~/Library/Application Support/policy-tracker/`` on macOS, ``%APPDATA%`` on Windows)."""
    import platformdirs

    return platformdirs.user_config_path("policy-tracker") / CONFIG_NAME


def find_config(explicit: str | Path | None = None) -> Path | None:
    """Which config file to read, first match wins: ``explicit`` (``--config``), then
    ``$POLICY_TRACKER_CONFIG``, then ``./policies.toml``, then ``user_config_path()``; None when
    there is none. A file named by the first two must exist (``load_config`` says so if not)."""
    if explicit:
        return Path(explicit)
    named = os.environ.get(CONFIG_ENV)
    if named:
        return Path(named)
    for candidate in (Path(CONFIG_NAME), user_config_path()):
        if candidate.is_file():
            return candidate
    return None
