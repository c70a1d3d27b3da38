"""The package's shape: layers import only downward, no import cycles, small modules.

``LAYERS`` is the one place the layering is declared (docs/ARCHITECTURE.md describes it): a module
may import from its own package and from packages of lower layers, never from a higher layer or a
sibling of its own layer. Imports inside functions count too: hiding a cycle there is still a cycle.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import tracker

ROOT = Path(tracker.__file__).resolve().parent

# Lowest first. Each name is a top-level module or subpackage of ``tracker``.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("errors", "exitcodes", "records", "diffmodels", "lazy", "workers"),
    ("models", "discovery"),  # the documents, re-exporting the records below; the config file found and read
    ("templating", "validate"),  # below the config: it checks user templates and values as it loads
    ("fields",),
    ("request_config",),
    ("config", "budget"),
    ("store",),
    ("history", "review", "fetch", "extract"),
    ("sources", "diff"),
    ("classify",),
    ("report",),
    ("evidence",),
    ("check", "watchlist"),
    ("site",),
    ("demo", "api"),
    ("cli",),
    ("__main__",),
)
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60
# Known excess being worked off: each entry must still be over its limit (so a fixed one is
# removed from here) and nothing else may be. Empty is the goal.
OVERSIZE_MODULES: set[str] = set()
LONG_FUNCTIONS: set[str] = set()


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    """Every ``tracker...`` module that ``path`` imports, at any depth of the file."""
    found: set[str] = set()
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("tracker"))
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("tracker"):
            base = node.module
            for alias in node.names:  # ``from tracker.cli import core`` imports the submodule
                candidate = f"{base}.{alias.name}"
                found.add(candidate if _is_module(candidate) else base)
    return found


def _is_module(name: str) -> bool:
    rel = Path(*name.split(".")[1:])
    return (ROOT / rel).with_suffix(".py").is_file() or (ROOT / rel / "__init__.py").is_file()


def _graph() -> dict[str, set[str]]:
    graph = {_module_name(p): _imports(p) for p in ROOT.rglob("*.py")}
    # the root package is the facade: it only loads ``tracker.api`` lazily (PEP 562 __getattr__),
    # so its edges would make every ``from tracker import __version__`` look like a cycle
    graph["tracker"] = set()
    return graph


def _top(name: str) -> str:
    parts = name.split(".")
    return parts[1] if len(parts) > 1 else ""


def _layer(top: str) -> int:
    for index, names in enumerate(LAYERS):
        if top in names:
            return index
    raise AssertionError(f"tracker.{top} is in no layer: add it to LAYERS in {__file__}")


def test_every_module_belongs_to_a_layer() -> None:
    for name in _graph():
        if name != "tracker":
            _layer(_top(name))


def test_imports_point_only_downward() -> None:
    wrong = []
    for name, imports in _graph().items():
        if name == "tracker":
            continue
        own = _top(name)
        for target in imports:
            other = _top(target)
            if other in ("", own):
                continue
            if _layer(other) >= _layer(own):
                wrong.append(f"{name} imports {target} (layer {_layer(other)} >= {_layer(own)})")
    assert not wrong, "\n".join(sorted(wrong))


def test_no_import_cycles() -> None:
    graph = _graph()
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt == node or nxt not in graph:
                continue
            if state.get(nxt) == 1:
                return stack[stack.index(nxt) :] + [nxt]
            if nxt not in state and (cycle := visit(nxt)):
                return cycle
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (cycle := visit(node)):
            pytest.fail("import cycle: " + " -> ".join(cycle))


def test_each_subpackage_has_a_public_face() -> None:
    for init in ROOT.glob("*/__init__.py"):
        module = __import__(_module_name(init), fromlist=["__all__"])
        assert getattr(module, "__all__", None), f"{init} declares no __all__"
        for public in module.__all__:
            assert hasattr(module, public), f"{init}: __all__ names {public!r}, which it does not define"


def test_no_module_is_over_the_size_limit() -> None:
    big = {}
    for path in ROOT.rglob("*.py"):
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if lines > MAX_MODULE_LINES:
            big[str(path.relative_to(ROOT))] = lines
    assert set(big) == OVERSIZE_MODULES, f"modules over {MAX_MODULE_LINES} lines: {big} (known: {OVERSIZE_MODULES})"


def test_long_functions_say_why() -> None:
    """A function over MAX_FUNCTION_LINES lines must say in its docstring why it is not split."""
    long = []
    for path in ROOT.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.end_lineno:
                length = node.end_lineno - node.lineno + 1
                doc = ast.get_docstring(node) or ""
                if length > MAX_FUNCTION_LINES and "long because" not in doc.lower():
                    long.append(f"{path.relative_to(ROOT)}:{node.name}")
    assert set(long) == LONG_FUNCTIONS, f"functions over {MAX_FUNCTION_LINES} lines not saying why: {sorted(long)}"
