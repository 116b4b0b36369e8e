"""SHACL validation of a graph against the project's shapes (pyshacl, SHACL Core, no inference).

The mapping materialises every class a node has, so no RDFS inference is needed and none is run.
pySHACL is the reference validator. Parallel builds validate each batch of documents with
``engine="turbo"`` (pyshacl-turbo, a pySHACL-compatible engine in Rust) where it is installed:
about 2.5 times less CPU on a batch of 16 synthetic documents, with the same findings
(``tests/test_parallel.py`` checks them against pySHACL's on the fixtures).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from rdflib import BNode, Graph, URIRef
from rdflib.term import Node

from ._errors import ValidationError
from ._namespaces import SH
from .resources import shapes_paths

__all__ = [
    "ENGINES", "ValidationReport", "ValidationResult", "bulk_engine", "copy_result", "load_shapes",
    "validate",
]

#: SHACL engines :func:`validate` can run
ENGINES = ("pyshacl", "turbo")
_SEVERITY_ORDER = {SH.Violation: 0, SH.Warning: 1, SH.Info: 2}


@dataclass(frozen=True, slots=True)
class ValidationResult:
    """One finding: which node, which shape, what is wrong, and the documents behind the node."""

    severity: str  # "Violation", "Warning" or "Info"
    focus: str
    path: str | None
    value: str | None
    message: str
    source_shape: str | None
    documents: tuple[str, ...] = ()

    def describe(self) -> str:
        where = f" (from {', '.join(self.documents)})" if self.documents else ""
        path = f" {self.path}" if self.path else ""
        return f"{self.severity}: <{self.focus}>{path}: {self.message}{where}"


class ValidationReport:
    """The outcome of a validation run: whether the data conforms, the findings, and the SHACL
    report graph. The graph may be given as a function that makes it, called the first time
    :attr:`graph` is read (a build composes it from many documents' findings: most runs only
    count them)."""

    __slots__ = ("_graph", "_make", "conforms", "results")

    def __init__(self, conforms: bool, results: tuple[ValidationResult, ...],
                 graph: Graph | Callable[[], Graph]) -> None:
        self.conforms = conforms
        self.results = results
        self._graph: Graph | None = graph if isinstance(graph, Graph) else None
        self._make: Callable[[], Graph] | None = None if isinstance(graph, Graph) else graph

    @property
    def graph(self) -> Graph:
        if self._graph is None:
            assert self._make is not None
            self._graph, self._make = self._make(), None
        return self._graph

    def count(self, severity: str) -> int:
        return sum(1 for r in self.results if r.severity == severity)

    def __repr__(self) -> str:
        return (f"ValidationReport(conforms={self.conforms}, "
                f"results=<{len(self.results)} findings>)")


@cache
def _load(paths: tuple[Path, ...]) -> Graph:
    shapes = Graph()
    for path in paths:
        try:
            shapes.parse(path, format="turtle")
        except Exception as exc:  # rdflib raises many parser errors
            raise ValidationError(f"cannot read the shapes file {path}: {exc}") from exc
    return shapes


def load_shapes(paths: Sequence[Path] | None = None) -> Graph:
    """The shapes graph (default: every ``ontology/shapes/*.ttl``)."""
    return _load(tuple(paths) if paths is not None else tuple(shapes_paths()))


@cache
def _compiled(shapes: Graph) -> Any:
    """pyshacl-turbo's compiled form of ``shapes`` (compiled once per process and shapes)."""
    from pyshacl_turbo import compile_shapes

    return compile_shapes(shapes)


def bulk_engine() -> str:
    """The engine for validating bulk data: pyshacl-turbo where installed, else pySHACL."""
    import importlib.util

    return "turbo" if importlib.util.find_spec("pyshacl_turbo") else "pyshacl"


def _text(node: Node | None) -> str | None:
    return None if node is None else str(node)


def validate(
    data: Graph | str,
    shapes: Graph | None = None,
    documents_of: dict[str, tuple[str, ...]] | None = None,
    engine: str = "pyshacl",
    focus: Sequence[str] | None = None,
) -> ValidationReport:
    """Validate ``data`` (a graph, or N-Triples text); ``documents_of`` maps a node IRI to the
    source paths it came from. With ``focus`` (IRIs), only the findings about those nodes are
    reported: pyshacl-turbo then validates only them, against the shapes that target them;
    pySHACL validates the whole graph (its ``focus_nodes`` applies every shape to the nodes
    given, targeted or not, which reports other findings).

    ``engine`` is "pyshacl" (the reference) or "turbo" (pyshacl-turbo, where installed)."""
    if engine not in ENGINES:
        raise ValidationError(f"unknown SHACL engine {engine!r}. Available engines: {ENGINES}")
    shapes = shapes if shapes is not None else load_shapes()
    focus_nodes = [URIRef(f) for f in focus] if focus is not None else None
    if focus_nodes == []:
        return ValidationReport(conforms=True, results=(), graph=Graph())
    try:
        if engine == "turbo":
            from pyshacl_turbo import Input

            source = Input(data, "nquads", None, {}) if isinstance(data, str) else data
            conforms, report, _ = _compiled(shapes).validate(source, allow_warnings=True,
                                                             focus_nodes=focus_nodes)
        else:
            from pyshacl import validate as shacl_validate

            if isinstance(data, str):
                data = Graph().parse(data=data, format="nt")
            conforms, report, _ = shacl_validate(
                data, shacl_graph=shapes, inference="none", allow_warnings=True
            )
    except Exception as exc:  # pyshacl reports shape errors with its own classes
        raise ValidationError(f"SHACL validation could not run: {exc}") from exc
    assert isinstance(report, Graph)
    results = []
    documents_of = documents_of or {}
    wanted = set(focus_nodes) if focus_nodes is not None else None
    if wanted is not None:
        conforms = None  # decided below, on the findings about the focus nodes
    for result in report.subjects(SH.resultSeverity, None):
        severity = report.value(result, SH.resultSeverity)
        node = report.value(result, SH.focusNode)
        if wanted is not None and node not in wanted:
            continue
        results.append(
            (
                _SEVERITY_ORDER.get(severity, 3),  # type: ignore[call-overload]
                ValidationResult(
                    severity=str(severity).rsplit("#", 1)[-1],
                    focus=str(node),
                    path=_text(report.value(result, SH.resultPath)),
                    value=_text(report.value(result, SH.value)),
                    message=str(report.value(result, SH.resultMessage) or "constraint failed"),
                    source_shape=_text(report.value(result, SH.sourceShape)),
                    documents=documents_of.get(str(node), ()),
                ),
            )
        )
    ordered = tuple(r for _, r in sorted(results, key=lambda x: (x[0], x[1].focus, x[1].message)))
    violations = any(r.severity == "Violation" for r in ordered)
    return ValidationReport(conforms=bool(conforms) or not violations, results=ordered,
                            graph=report)


def copy_result(src: Graph, result: Node, dst: Graph, report: Node) -> None:
    """Copy one ``sh:result`` of a pySHACL report (with its blank nodes) into ``dst``."""
    dst.add((report, SH.result, result))
    todo = [result]
    while todo:
        node = todo.pop()
        for _, p, o in src.triples((node, None, None)):
            dst.add((node, p, o))
            if isinstance(o, BNode):
                todo.append(o)
