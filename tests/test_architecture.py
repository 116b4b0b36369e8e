"""The package's shape: its import graph has no cycle, and no module or function is too long.

The import graph is read from the source with ``ast``, imports inside functions and under
``TYPE_CHECKING`` included (an import inside a function is still a dependency, only a later
one). What is not yet right is listed below; the lists may only shrink: an entry that is no
longer needed fails the test too, so that it is taken out the day it stops being true.
"""

from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx

PACKAGE = Path(__file__).resolve().parents[1] / "graph"

#: Import cycles not broken yet: each one a strongly connected component of the import graph
#: (none left; the list stays, empty, for the tests below).
ALLOWED_CYCLES: list[frozenset[str]] = []

MAX_MODULE_LINES = 600
MAX_FUNCTION_LINES = 80

#: Modules and functions still over those lengths, with the length they may not exceed (none
#: left; the table stays, empty, for the tests below).
ALLOWED_LONG: dict[str, int] = {}


def _modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def _target(name: str, modules: dict[str, Path]) -> str:
    """The module ``name`` (a module, or a name in one) is found in."""
    while name not in modules:
        name = name.rpartition(".")[0]
    return name


def import_graph() -> nx.DiGraph:
    """Module -> the modules of the package it imports."""
    modules = _modules()
    graph = nx.DiGraph()
    for module, path in modules.items():
        graph.add_node(module)
        package = module if path.name == "__init__.py" else module.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                source = node.module or ""
                if node.level:
                    parts = package.split(".")
                    base = ".".join(parts[: len(parts) - node.level + 1])
                    source = f"{base}.{source}" if source else base
                names = [f"{source}.{a.name}" for a in node.names]
            for name in names:
                if name == "graph" or name.startswith("graph."):
                    target = _target(name, modules)
                    if target != module:
                        graph.add_edge(module, target)
    return graph


def _cycles() -> list[frozenset[str]]:
    return [frozenset(c) for c in nx.strongly_connected_components(import_graph()) if len(c) > 1]


def test_the_import_graph_reads_imports_inside_functions():
    edges = import_graph().edges
    assert ("graph.pipeline", "graph._gazetteer") in edges  # at the top
    assert ("graph.cli", "graph.registry") in edges  # inside a function


def test_the_package_has_no_import_cycle_but_the_listed_ones():
    new = [sorted(c) for c in _cycles() if not any(c <= allowed for allowed in ALLOWED_CYCLES)]
    assert not new, f"new import cycles: {new}"


def test_the_listed_cycles_are_still_there():
    """A cycle broken (or made smaller) is taken out of ``ALLOWED_CYCLES``."""
    cycles = _cycles()
    stale = [sorted(a) for a in ALLOWED_CYCLES if a not in cycles]
    assert not stale, f"update ALLOWED_CYCLES, these are gone or smaller: {stale}"


def _functions(node: ast.AST, prefix: str, out: dict[str, int]) -> None:
    """Lines of each function under ``node`` (methods and nested ones named by their path)."""
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            name = f"{prefix}{child.name}"
            if not isinstance(child, ast.ClassDef) and child.end_lineno is not None:
                out[name] = child.end_lineno - child.lineno + 1
            _functions(child, f"{name}.", out)
        else:
            _functions(child, prefix, out)


def _lengths() -> dict[str, int]:
    """Lines of every module, and of every function (``module:qualified name``)."""
    lengths = {}
    for module, path in _modules().items():
        text = path.read_text(encoding="utf-8")
        lengths[module] = len(text.splitlines())
        functions: dict[str, int] = {}
        _functions(ast.parse(text), "", functions)
        lengths.update((f"{module}:{name}", n) for name, n in functions.items())
    return lengths


def _limit(name: str) -> int:
    return MAX_FUNCTION_LINES if ":" in name else MAX_MODULE_LINES


def test_no_module_or_function_is_too_long_but_the_listed_ones():
    too_long = {name: n for name, n in _lengths().items()
                if n > _limit(name) and n > ALLOWED_LONG.get(name, 0)}
    assert not too_long, f"over {MAX_MODULE_LINES} lines a module, {MAX_FUNCTION_LINES} a " \
                         f"function: {too_long}"


def test_the_listed_long_ones_are_still_long():
    """A module or function made short enough is taken out of ``ALLOWED_LONG``."""
    lengths = _lengths()
    stale = sorted(name for name in ALLOWED_LONG if lengths.get(name, 0) <= _limit(name))
    assert not stale, f"update ALLOWED_LONG, these are short enough now: {stale}"
