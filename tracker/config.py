"""Reading and validating ``policies.toml``.

Errors are ``ConfigError`` with one line naming the file, the policy and the field. Everything
is checked when the file loads, before anything is fetched or written: ids, URLs (they must be
http(s) URLs httpx can fetch: no spaces, no ``127.000.000.001``), CSS selectors, alert URLs
(apprise must understand them) and the user templates (``tracker.templating.check_user_templates``).
"""

from __future__ import annotations

import ipaddress
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from tracker.errors import ConfigError, TrackerError
from tracker.templating import check_user_templates

POLICY_ID_RE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,99}$")
DEFAULT_USER_AGENT = (
    "policy-tracker/{version} (+https://pypi.org/project/policy-tracker/; privacy policy change monitor)"
)


def is_valid_policy_id(policy_id: str) -> bool:
    """True when ``policy_id`` is safe to use as a directory name (lower-case slug)."""
    return isinstance(policy_id, str) and POLICY_ID_RE.fullmatch(policy_id) is not None


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
    templates: str | None = None  # a directory whose templates override the shipped ones


@dataclass(frozen=True)
class Config:
    """The whole configuration file."""

    path: Path
    settings: Settings
    policies: tuple[PolicyConfig, ...]

    def policy(self, policy_id: str) -> PolicyConfig:
        """The policy with this id; ``ConfigError`` if there is none."""
        for policy in self.policies:
            if policy.id == policy_id:
                return policy
        known = ", ".join(p.id for p in self.policies) or "none"
        raise ConfigError(f"{self.path}: no policy with id {policy_id!r} (known: {known})")

    @property
    def store_path(self) -> Path:
        """The snapshot store, relative paths resolved against the config file's folder."""
        store = Path(self.settings.store)
        return store if store.is_absolute() else (self.path.parent / store)

    @property
    def templates_path(self) -> Path | None:
        """The user template folder, a relative path resolved against the config file's folder."""
        if not self.settings.templates:
            return None
        folder = Path(self.settings.templates).expanduser()
        return folder if folder.is_absolute() else (self.path.parent / folder)


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


def _check_selector(selector: str, where: str) -> None:
    import soupsieve

    try:
        soupsieve.compile(selector)
    except Exception as exc:  # soupsieve raises SelectorSyntaxError and friends
        raise ConfigError(f"{where}: invalid CSS selector {selector!r}: {str(exc).splitlines()[0]}") from None


def url_problem(url: str) -> str | None:
    """Why ``url`` cannot be fetched as given (one phrase), or None when it is a usable http(s) URL."""
    if any(c.isspace() or ord(c) < 32 for c in url):
        return "contains spaces or control characters (percent-encode them)"
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a port out of range
    except ValueError as exc:
        return f"not a valid URL ({exc})"
    if parts.scheme not in ("http", "https"):
        return "must be an http(s) URL"
    host = parts.hostname
    if not host:
        return "has no host"
    if re.fullmatch(r"[0-9.]+", host):
        try:
            ipaddress.IPv4Address(host)
        except ValueError:
            return f"host {host!r} is not a valid IPv4 address (no leading zeros, four parts 0-255)"
    import httpx  # the fetcher's own parser has the last word

    try:
        httpx.URL(url)
    except httpx.InvalidURL as exc:
        return f"not a valid URL ({exc})"
    return None


def _check_url(url: str, where: str) -> None:
    problem = url_problem(url)
    if problem:
        raise ConfigError(f"{where}: {problem}, got {url!r}")


def _redacted(url: str) -> str:
    """An alert URL with any password in it masked, fit for an error line."""
    return re.sub(r"(//[^/:@]*:)[^/@]*@", r"\1***@", url)


def _check_alert_urls(urls: tuple[str, ...], where: str) -> None:
    if not urls:
        return
    import apprise  # only when alerts are configured: it takes a while to import

    for url in urls:
        if apprise.Apprise.instantiate(url, suppress_exceptions=True) is None:
            raise ConfigError(f"{where}: apprise cannot use the alert URL {_redacted(url)!r}")


def _check_templates(config: Config) -> None:
    folder = config.templates_path
    if folder is None:
        return
    if not folder.is_dir():
        raise ConfigError(f"{_where(config.path, None, 'settings.templates')}: folder {folder} does not exist")
    try:
        check_user_templates(folder)
    except TrackerError as exc:
        raise ConfigError(f"{config.path}: {exc}") from None


def _checked_alerts(value: Any, where: str) -> tuple[str, ...]:
    urls = _str_list(value, where)
    _check_alert_urls(urls, where)
    return urls


_SETTINGS_FIELDS = set(Settings.__dataclass_fields__)
_POLICY_FIELDS = {"id", "name", "url", "select", "remove", "notice", "alerts", "user_agent", "timeout", "max_shrink"}
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

    respect = raw.get("respect_robots", d.respect_robots)
    if not isinstance(respect, bool):
        raise ConfigError(f"{_where(path, None, 'settings.respect_robots')}: must be true or false")
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
        alerts=_checked_alerts(raw.get("alerts"), _where(path, None, "settings.alerts")),
        templates=_str(raw.get("templates"), _where(path, None, "settings.templates")),
    )


def parse_config(data: dict[str, Any], path: Path) -> Config:
    """Validate an already-parsed TOML mapping; ``path`` is used in error messages."""
    for key in data:
        if key not in {"settings", "notice", "policy"}:
            raise ConfigError(f"{path}: unknown top-level key {key!r} (expected settings, notice, policy)")
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
        timeout = raw.get("timeout")
        max_shrink = raw.get("max_shrink")
        policies.append(
            PolicyConfig(
                id=pid,
                name=name,
                url=url,
                select=select,
                remove=remove,
                notice=_parse_notice(raw.get("notice"), path, pid, default_notice),
                alerts=_checked_alerts(raw.get("alerts"), _where(path, pid, "alerts")),
                user_agent=_str(raw.get("user_agent"), _where(path, pid, "user_agent")),
                timeout=None if timeout is None else _number(timeout, _where(path, pid, "timeout"), minimum=0.1),
                max_shrink=None
                if max_shrink is None
                else _number(max_shrink, _where(path, pid, "max_shrink"), minimum=0, maximum=1),
            )
        )
    config = Config(path=path, settings=settings, policies=tuple(policies))
    _check_templates(config)
    return config


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
