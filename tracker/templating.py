"""The Jinja2 environment shared by every renderer (reports, notices, site).

Policy text is untrusted. HTML templates (and any other kind not named below) are
autoescaped. Plain-text templates (``.txt``) are not HTML-escaped — plain text has no markup to
inject and ``&amp;`` in an email body would be wrong — and Markdown templates (``.md``) must pass
every untrusted value through the ``md`` filter, which backslash-escapes Markdown and HTML
control characters. A user's template directory, when given,
is searched before the shipped ``templates/`` so any shipped template can be overridden by
placing a file of the same name there.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import jinja2

from tracker.errors import TrackerError


def shipped_templates_dir() -> Path:
    """The shipped templates: inside the installed wheel, else the source checkout's ``templates/``."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "templates", here.parent / "templates"):
        if candidate.is_dir():
            return candidate
    raise TrackerError("shipped templates not found (neither tracker/templates nor templates/)")


@lru_cache(maxsize=16)
def _environment(user_dir: str | None) -> jinja2.Environment:
    paths = [user_dir] if user_dir else []
    paths.append(str(shipped_templates_dir()))
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(paths),
        autoescape=jinja2.select_autoescape(disabled_extensions=("txt", "md"), default=True, default_for_string=True),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["md"] = markdown_escape
    return env


_MD_SPECIAL = set("\\`*_{}[]<>()#+-!|~")


def markdown_escape(value: object) -> str:
    """Backslash-escape Markdown and HTML control characters in an untrusted value."""
    return "".join("\\" + c if c in _MD_SPECIAL else c for c in str(value))


def environment(user_dir: str | Path | None = None) -> jinja2.Environment:
    """The Jinja2 environment; ``user_dir`` templates override shipped ones of the same name."""
    if user_dir is not None and not Path(user_dir).is_dir():
        raise TrackerError(f"template directory {user_dir} does not exist")
    return _environment(str(Path(user_dir).resolve()) if user_dir else None)


def render(template_name: str, user_dir: str | Path | None = None, **context: object) -> str:
    """Render one template by name with the given context."""
    try:
        template = environment(user_dir).get_template(template_name)
    except jinja2.TemplateNotFound:
        raise TrackerError(f"template {template_name!r} not found") from None
    return template.render(**context)
