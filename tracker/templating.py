"""The Jinja2 environment shared by every renderer (reports, notices, site).

Policy text is untrusted. HTML templates (and any other kind not named below) are
autoescaped. Plain-text templates (``.txt``) are not HTML-escaped — plain text has no markup to
inject and ``&amp;`` in an email body would be wrong — and Markdown templates (``.md``) must pass
every untrusted value through the ``md`` filter, which backslash-escapes whatever would be
Markdown or HTML markup (``markdown_escape``). A user's template directory, when given,
is searched before the shipped ``templates/`` so any shipped template can be overridden by
placing a file of the same name there.

User templates are untrusted too: with a user folder every template renders in Jinja2's
``SandboxedEnvironment`` (no ``__class__``, ``__globals__``, ``mro`` ... escapes), and
``check_user_templates`` (run when the config loads) refuses a template that does not parse,
reaches for an underscore attribute, or uses a variable its shipped namesake is never given,
naming the file and line. A template error at render time is one line naming the template.
"""

from __future__ import annotations

import re
import types
from functools import lru_cache
from pathlib import Path

import jinja2
import jinja2.meta
import jinja2.nodes
from jinja2.sandbox import SandboxedEnvironment

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
    env_class = SandboxedEnvironment if user_dir else jinja2.Environment
    env = env_class(
        loader=jinja2.FileSystemLoader(paths),
        autoescape=jinja2.select_autoescape(disabled_extensions=("txt", "md"), default=True, default_for_string=True),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # the shipped templates change only with the package: read once per process, not stat'ed
        # on every render (a check renders a report per change); a user folder is still watched
        auto_reload=user_dir is not None,
    )
    env.filters["md"] = markdown_escape
    return env


# Characters that make markup wherever they stand (code, emphasis, links and images, raw HTML and
# autolinks, tables, strikethrough) and the backslash itself. Brackets escaped, "(", ")" and "!"
# can form no link or image, so they stay as written.
_MD_ANYWHERE = re.compile(r"[\\`*_\[\]<>|~]")
# An entity reference ("&copy;", "&#169;") would be read as the character it names.
_MD_ENTITY = re.compile(r"&(?=#[0-9]{1,7};|#[xX][0-9a-fA-F]{1,6};|[A-Za-z][A-Za-z0-9]{1,31};)")
# Block markers count only at the start of a line: headings, list items, setext underlines.
_MD_LINE_START = re.compile(r"^([ \t]*)(?:([#+=-])|([0-9]{1,9})([.)]))", re.MULTILINE)
# Spaces or tabs ending a line would make the line break after them a hard one (<br>).
_MD_HARD_BREAK = re.compile(r"[ \t]+(?=\n)")


def markdown_escape(value: object) -> str:
    """Backslash-escape what would be Markdown or HTML markup in an untrusted value, so that it reads
    back as exactly its text, and nothing else: the characters that make markup anywhere, an
    entity's ``&``, and a block marker (``#``, ``-``, ``+``, ``=``, ``1.``) at the start of a line.
    Hyphens, parentheses and the like inside a line stay as written ("e-mail", "(see below)")."""
    text = _MD_HARD_BREAK.sub("", str(value))  # two spaces before a line break make a <br>
    text = _MD_ANYWHERE.sub(lambda m: "\\" + m.group(0), text)
    text = _MD_ENTITY.sub("\\\\&", text)

    def marker(m: re.Match[str]) -> str:
        if m.group(2):
            return f"{m.group(1)}\\{m.group(2)}"
        return f"{m.group(1)}{m.group(3)}\\{m.group(4)}"

    return _MD_LINE_START.sub(marker, text)


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
    except jinja2.TemplateSyntaxError as exc:
        raise TrackerError(f"template {exc.filename or template_name}, line {exc.lineno}: {exc.message}") from None
    try:
        return template.render(**context)
    except jinja2.TemplateError as exc:  # SecurityError (sandbox), UndefinedError ...
        where = template.filename or template_name
        line = _template_line(exc.__traceback__, template.filename)
        detail = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise TrackerError(f"template {where}{f', line {line}' if line else ''}: {detail}") from None
    except Exception as exc:
        # a user's template can fail as any Python expression does ({{ 1 / 0 }}, {{ 'a' + 1 }}):
        # bad input, named by its file and line; in a shipped template it is a bug and stays one
        frame = _user_frame(exc.__traceback__, user_dir) if user_dir is not None else None
        if frame is None:
            raise
        cause = f"{type(exc).__name__}: {str(exc).strip().splitlines()[0]}" if str(exc).strip() else type(exc).__name__
        raise TrackerError(f"template {frame[0]}, line {frame[1]}: {cause}") from None


def _user_frame(tb: types.TracebackType | None, user_dir: str | Path) -> tuple[str, int] | None:
    """The file and line of the innermost frame of the traceback that is a template in ``user_dir``."""
    folder = Path(user_dir).resolve()
    found = None
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if not filename.endswith(".py") and Path(filename).is_relative_to(folder):  # a template, not code
            found = (filename, tb.tb_lineno)
        tb = tb.tb_next
    return found


def _template_line(tb: types.TracebackType | None, filename: str | None) -> int | None:
    """The template line an error was raised at (Jinja2 maps its frames to template lines)."""
    line = None
    while tb is not None:
        if filename and tb.tb_frame.f_code.co_filename == filename:
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def _first_line_of(ast: jinja2.nodes.Template, name: str) -> int:
    for node in ast.find_all(jinja2.nodes.Name):
        if node.name == name:
            return int(node.lineno)
    return 1


def _unsafe_access(ast: jinja2.nodes.Template) -> tuple[str, int] | None:
    """The first ``x._private`` / ``x["__dunder__"]`` / ``x|attr("_y")`` in a template: the way
    out of a sandbox."""
    for node in ast.find_all((jinja2.nodes.Getattr, jinja2.nodes.Getitem, jinja2.nodes.Filter)):
        if isinstance(node, jinja2.nodes.Filter):
            if node.name != "attr" or not node.args or not isinstance(node.args[0], jinja2.nodes.Const):
                continue
            attr = str(node.args[0].value)
        elif isinstance(node, jinja2.nodes.Getattr):
            attr = node.attr
        elif isinstance(node, jinja2.nodes.Getitem) and isinstance(node.arg, jinja2.nodes.Const):
            if not isinstance(node.arg.value, str):
                continue
            attr = node.arg.value
        else:
            continue
        if attr.startswith("_") or attr in {"mro", "func_globals", "gi_frame", "cr_frame"}:
            return attr, int(node.lineno)
    return None


# Templates rendered with the same context (by name prefix), and what that context holds beyond
# the variables the shipped templates of the family use (a user template may use those too).
# ``tests/test_config_validation.py`` renders user templates using each of these names.
FAMILIES = ("notice_", "report", "site/")
EXTRA_CONTEXT: dict[str, frozenset[str]] = {
    "notice_": frozenset(
        {
            "subject",
            "company",
            "effective_date",
            "today",
            "period_days",
            "contact",
            "has_material",
            "last_updated",
            "other_count",
            "lang",
            "text",
            "review_items",
            "editorial_count",
            "adds_purpose",
            "continued_use",
        }
    ),  # fmt: skip
}


def _shipped_variables(env: jinja2.Environment, name: str) -> set[str] | None:
    """The variables a template named ``name`` may use: those the shipped templates of its family
    use plus the family's ``EXTRA_CONTEXT``; None when no shipped template has that name (a
    user's own partial: what it is given depends on who includes it)."""
    shipped = shipped_templates_dir()
    if not (shipped / name).is_file():
        return None
    family = next((f for f in FAMILIES if name.startswith(f)), name)
    names = set(EXTRA_CONTEXT.get(family, ()))
    for path in shipped.rglob("*"):
        rel = path.relative_to(shipped).as_posix()
        if path.is_file() and rel.startswith(family) and path.suffix != ".css":
            names |= jinja2.meta.find_undeclared_variables(env.parse(path.read_text(encoding="utf-8")))
    return names


def check_user_templates(user_dir: str | Path) -> None:
    """Refuse, with one line naming the file and line, a user template that does not parse, reaches
    for an underscore attribute, or uses a variable the shipped template it overrides never gets."""
    user_dir = Path(user_dir)
    env = environment(user_dir)
    for path in sorted(p for p in user_dir.rglob("*") if p.is_file() and not p.name.startswith(".")):
        name = path.relative_to(user_dir).as_posix()
        try:
            ast = env.parse(path.read_text(encoding="utf-8"), name, str(path))
        except UnicodeDecodeError:
            raise TrackerError(f"template {path}: not UTF-8 text") from None
        except jinja2.TemplateSyntaxError as exc:
            raise TrackerError(f"template {path}, line {exc.lineno}: {exc.message}") from None
        unsafe = _unsafe_access(ast)
        if unsafe:
            raise TrackerError(
                f"template {path}, line {unsafe[1]}: access to {unsafe[0]!r} is not allowed (templates are sandboxed)"
            )
        given = _shipped_variables(env, name)
        if given is None:
            continue
        unknown = sorted(jinja2.meta.find_undeclared_variables(ast) - given - set(env.globals))
        if unknown:
            raise TrackerError(
                f"template {path}, line {_first_line_of(ast, unknown[0])}: undefined variable {unknown[0]!r} "
                f"(this template is given: {', '.join(sorted(given)) or 'nothing'})"
            )


def template_folder_problem(folder: Path | None) -> str | None:
    """Why the user template ``folder`` cannot be used (missing, or ``check_user_templates``
    refuses a template in it), as one line; None when it is fine or not set."""
    if folder is None:
        return None
    if not folder.is_dir():
        return f"field 'settings.templates': folder {folder} does not exist"
    try:
        check_user_templates(folder)
    except TrackerError as exc:
        return str(exc)
    return None
