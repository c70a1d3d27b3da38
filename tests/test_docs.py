"""The documentation is kept true by tests: the CLI reference, every command line and every
config or Python example in README.md and docs/, and the links between the pages."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
import tomllib
from pathlib import Path

import click
import pytest

from tracker.cli import main
from tracker.config import parse_config

REPO = Path(__file__).resolve().parent.parent
PAGES = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]
FENCE = re.compile(r"^```(?P<lang>[\w-]*)[^\n]*\n(?P<body>.*?)^```", re.M | re.S)


def blocks(lang: str) -> list[tuple[Path, str]]:
    """Every fenced code block of ``lang`` in the README and docs/."""
    return [(page, m["body"]) for page in PAGES for m in FENCE.finditer(page.read_text("utf-8")) if m["lang"] == lang]


def test_cli_reference_matches_the_commands() -> None:
    result = subprocess.run(
        [sys.executable, str(REPO / "tools" / "cli_reference.py"), "--check"], capture_output=True, text=True
    )
    assert result.returncode == 0, "docs/cli-reference.md is out of date: run python tools/cli_reference.py"


def test_every_command_is_in_the_guide() -> None:
    guide = (REPO / "docs" / "cli.md").read_text("utf-8")
    missing = [name for name in main.commands if f"policy-tracker {name}" not in guide]
    assert not missing, f"commands missing from docs/cli.md: {missing}"


def _command_lines() -> list[tuple[Path, str]]:
    lines = []
    for lang in ("sh", "console", "bash", "cron", "yaml", ""):
        for page, body in blocks(lang):
            for line in body.splitlines():
                line = line.strip().removeprefix("$ ")
                for part in re.split(r"&&|\|\||;|\|", line):
                    part = part.strip()
                    if part.startswith(("policy-tracker ", ".venv/bin/policy-tracker ")):
                        lines.append((page, part))
    return lines


def _options(command: click.Command) -> set[str]:
    return {name for p in command.params if isinstance(p, click.Option) for name in (*p.opts, *p.secondary_opts)}


@pytest.mark.parametrize(("page", "line"), _command_lines(), ids=lambda v: v if isinstance(v, str) else v.name)
def test_documented_command_lines_use_real_commands_and_options(page: Path, line: str) -> None:
    words = shlex.split(line.split(" #")[0].split(" >")[0])
    name = words[1]
    if name.startswith("-"):
        assert name in _options(main) | {"-h", "--help"}, f"{page.name}: {line}"
        return
    assert name in main.commands, f"{page.name}: unknown command {name!r} in {line!r}"
    known = _options(main.commands[name]) | {"-h", "--help"}
    for word in words[2:]:
        if word.startswith("-") and word != "-":
            assert word.split("=")[0] in known, f"{page.name}: {name} has no option {word!r} ({line!r})"


@pytest.mark.parametrize(("page", "body"), blocks("toml"), ids=lambda v: v if isinstance(v, str) else v.name)
def test_config_examples_load(page: Path, body: str, tmp_path: Path) -> None:
    data = tomllib.loads(body)
    if "policy" not in data:  # a fragment (e.g. a lexicon or one table): it must at least parse
        return
    parse_config(data, tmp_path / "policies.toml")


@pytest.mark.parametrize(("page", "body"), blocks("python"), ids=lambda v: v if isinstance(v, str) else v.name)
def test_python_examples_run(page: Path, body: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    exec(compile(body, f"{page.name}:python", "exec"), {"__name__": "docs_example"})


def test_links_between_pages_resolve() -> None:
    broken = []
    for page in PAGES:
        for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", page.read_text("utf-8")):
            if "://" in target or target.startswith("mailto:"):
                continue
            if not (page.parent / target).exists():
                broken.append(f"{page.relative_to(REPO)} -> {target}")
    assert not broken, "broken links:\n" + "\n".join(broken)


def test_readme_is_a_front_door() -> None:
    lines = (REPO / "README.md").read_text("utf-8").splitlines()
    assert len(lines) <= 150, f"README.md has {len(lines)} lines; the manual belongs in docs/"


def _resolves(dotted: str) -> bool:
    import importlib

    parts = dotted.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        for attr in parts[cut:]:
            if not hasattr(obj, attr):
                return False
            obj = getattr(obj, attr)
        return True
    return False


def test_python_names_in_the_docs_exist() -> None:
    """Every ``tracker.x.y`` the docs name is a real module or attribute (renames break this)."""
    missing = []
    for page in PAGES:
        for dotted in set(re.findall(r"`(tracker(?:\.\w+)+)", page.read_text("utf-8"))):
            if not _resolves(dotted):
                missing.append(f"{page.relative_to(REPO)}: {dotted}")
    assert not missing, "names in the docs that do not exist:\n" + "\n".join(sorted(missing))
