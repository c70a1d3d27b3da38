"""Reading and validating ``policies.toml``.

Errors are ``ConfigError`` with one line naming the file, the policy and the field.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tracker.discovery import read_config_text
from tracker.errors import ConfigError
from tracker.fields import boolean as _bool
from tracker.fields import check_url as _check_url
from tracker.fields import choice as _choice
from tracker.fields import number as _number
from tracker.fields import selectors as _selectors
from tracker.fields import string as _str
from tracker.fields import string_list as _str_list
from tracker.fields import wait_for as _parse_wait_for
from tracker.fields import where as _where
from tracker.request_config import (
    REQUEST_FIELDS,
    PageConfig,
    RequestSettings,
    parse_render,
    parse_request,
)
from tracker.validate import alert_url_problem

POLICY_ID_RE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,99}$")
DEFAULT_USER_AGENT = (
    "policy-tracker/{version} (+https://pypi.org/project/policy-tracker/; privacy policy change monitor)"
)


def is_valid_policy_id(policy_id: str) -> bool:
    """True when ``policy_id`` is safe to use as a directory name (lower-case slug)."""
    return isinstance(policy_id, str) and POLICY_ID_RE.fullmatch(policy_id) is not None


@dataclass(frozen=True, slots=True)
class NoticeSettings:
    """How change notices are drafted for one policy."""

    company: str | None = None
    contact: str | None = None
    period_days: int = 30
    policy_url: str | None = None  # public URL of the policy, if not the fetched one
    report_base_url: str | None = None  # where published redlines live, for links
    continued_use: str = "auto"  # the "continuing to use ... you accept" sentence: auto / always / never
    document: str | None = None  # what the notices call the document; None: see report.notice.document_name


@dataclass(frozen=True, slots=True)
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
    request: RequestSettings = field(default_factory=RequestSettings)  # merged over [settings]
    render: str | None = None  # "static" | "browser" | "auto"; None means the global setting
    wait_for: str | float | None = None  # browser: a CSS selector to wait for, or seconds to wait
    execute_scripts: bool = True  # browser: run the page's scripts (False: the DOM as served)
    pages: tuple[PageConfig, ...] = ()  # a document over several pages (``urls``), in order; url is the first


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
    request: RequestSettings = field(default_factory=RequestSettings)
    render: str = "auto"  # "auto" reads a page in the browser only when its static HTML needs it
    browser_path: str | None = None  # Chromium's executable; default: chromium on PATH
    browser_contexts: int = 4  # browser pages open at once (each is one context)
    time_budget: float = 60.0  # seconds one policy's diff and classification may take (else too_slow)


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

    @property
    def templates_path(self) -> Path | None:
        """The user template folder, a relative path resolved against the config file's folder."""
        folder = Path(self.settings.templates).expanduser() if self.settings.templates else None
        return folder if folder is None or folder.is_absolute() else self.path.parent / folder


def _fail_if(problem: str | None, where: str) -> None:
    if problem:
        raise ConfigError(f"{where}: {problem}")


def _checked_alerts(value: Any, where: str) -> tuple[str, ...]:
    urls = _str_list(value, where)
    _fail_if(alert_url_problem(urls), where)
    return urls


_SETTINGS_FIELDS = (set(Settings.__dataclass_fields__) - {"request"}) | set(REQUEST_FIELDS)
_POLICY_FIELDS = {
    "id", "name", "url", "select", "remove", "notice", "alerts", "user_agent", "timeout", "max_shrink",
    "render", "wait_for", "execute_scripts", "urls", "alert_on", "respect_robots", *REQUEST_FIELDS,
}  # fmt: skip


_NOTICE_FIELDS = set(NoticeSettings.__dataclass_fields__)
CONTINUED_USE = ("auto", "always", "never")


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
    continued_use = raw.get("continued_use", base.continued_use)
    if continued_use not in CONTINUED_USE:
        raise ConfigError(f"{_where(path, pid, 'notice.continued_use')}: must be one of {', '.join(CONTINUED_USE)}")
    return NoticeSettings(
        company=_str(raw.get("company", base.company), _where(path, pid, "notice.company")),
        contact=_str(raw.get("contact", base.contact), _where(path, pid, "notice.contact")),
        period_days=period,
        policy_url=_str(raw.get("policy_url", base.policy_url), _where(path, pid, "notice.policy_url")),
        report_base_url=_str(
            raw.get("report_base_url", base.report_base_url), _where(path, pid, "notice.report_base_url")
        ),
        continued_use=continued_use,
        document=_str(raw.get("document", base.document), _where(path, pid, "notice.document")),
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
        time_budget=num("time_budget", d.time_budget, 0.01, 3600),
        alerts=_checked_alerts(raw.get("alerts"), _where(path, None, "settings.alerts")),
        alert_on=_choice(raw.get("alert_on", d.alert_on), ALERT_ON, _where(path, None, "settings.alert_on")),
        alert_mode=_choice(raw.get("alert_mode", d.alert_mode), ALERT_MODES, _where(path, None, "settings.alert_mode")),
        templates=_str(raw.get("templates"), _where(path, None, "settings.templates")),
        request=parse_request(raw, path, None, RequestSettings()),
        render=parse_render(raw, path, None) or d.render,
        browser_path=_str(raw.get("browser_path"), _where(path, None, "settings.browser_path")),
        browser_contexts=int(num("browser_contexts", d.browser_contexts, 1, 32)),
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


def _parse_policy(
    raw: dict[str, Any], pid: str, path: Path, settings: Settings, default_notice: NoticeSettings
) -> PolicyConfig:
    """One ``[[policy]]`` table (its id already checked), request settings merged over the global ones."""
    for key in raw:
        if key not in _POLICY_FIELDS:
            raise ConfigError(f"{_where(path, pid, key)}: unknown field")
    name = _str(raw.get("name"), _where(path, pid, "name"), required=True) or pid
    pages = _parse_pages(raw.get("urls"), _where(path, pid, "urls"))
    if pages and raw.get("url") is not None:
        raise ConfigError(f"{_where(path, pid, 'url')}: give either url or urls, not both")
    url = pages[0].url if pages else _str(raw.get("url"), _where(path, pid, "url"), required=True) or ""
    _check_url(url, _where(path, pid, "url"))
    select = _selectors(raw.get("select"), _where(path, pid, "select"))
    remove = _selectors(raw.get("remove"), _where(path, pid, "remove"))
    execute_scripts = raw.get("execute_scripts", True)
    if not isinstance(execute_scripts, bool):
        raise ConfigError(f"{_where(path, pid, 'execute_scripts')}: must be true or false")
    return PolicyConfig(
        id=pid,
        name=name,
        url=url,
        select=select,
        remove=remove,
        notice=_parse_notice(raw.get("notice"), path, pid, default_notice),
        alerts=_checked_alerts(raw.get("alerts"), _where(path, pid, "alerts")),
        user_agent=_str(raw.get("user_agent"), _where(path, pid, "user_agent")),
        **_policy_overrides(raw, path, pid),
        request=parse_request(raw, path, pid, settings.request),
        render=parse_render(raw, path, pid),
        wait_for=_parse_wait_for(raw.get("wait_for"), _where(path, pid, "wait_for")),
        execute_scripts=execute_scripts,
        pages=pages,
    )


def _parse_pages(value: Any, where: str) -> tuple[PageConfig, ...]:
    """``urls``: at least two pages, each a URL or a table ``{url, select, remove}``."""
    if value is None:
        return ()
    if not isinstance(value, list) or len(value) < 2:
        raise ConfigError(f"{where}: must be a list of at least two pages (use url for one page)")
    pages = []
    for number, item in enumerate(value, start=1):
        here = f"{where} page {number}"
        table = {"url": item} if isinstance(item, str) else item
        if not isinstance(table, dict):
            raise ConfigError(f"{here}: must be a URL or a table with url, select, remove")
        for key in table:
            if key not in ("url", "select", "remove"):
                raise ConfigError(f"{here}: unknown field {key!r}")
        url = _str(table.get("url"), f"{here}, url", required=True) or ""
        _check_url(url, f"{here}, url")
        select, remove = (_selectors(table.get(key), f"{here}, {key}") for key in ("select", "remove"))
        pages.append(PageConfig(url, select if "select" in table else None, remove if "remove" in table else None))
    return tuple(pages)


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
        policies.append(_parse_policy(raw, pid, path, settings, default_notice))
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
    text = read_config_text(path)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    config = parse_config(data, path)
    if config.templates_path is not None:  # the files, not just the TOML (jinja2 loads only for them)
        from tracker.templating import template_folder_problem

        _fail_if(template_folder_problem(config.templates_path), str(path))
    return config
