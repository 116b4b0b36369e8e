"""The checks of nodes several documents describe, and the one report of a build.

A node only one document describes has the same triples in that document's graph as in the
union, so its per-batch findings (``map``) stand. The *checked* nodes (several documents
describe them, consolidation changed them, or two documents of one mapping batch described
them) are validated again on all documents' triples about them (:func:`shared_graph` for a full
build, :func:`validate_again` from the state of an incremental one), and
:func:`compose_report` makes one report of both."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rdflib import BNode, Graph, Literal
from rdflib.term import Node

from .._namespaces import RDF, SCHEMA, SH
from .._ntriples import nt
from ..validate import ValidationReport, ValidationResult, copy_result
from .spool import effective_lines

if TYPE_CHECKING:
    from .spool import Spool
    from .state import State

__all__ = ["MENTIONER", "compose_report", "findings_by_focus", "shared_graph", "state_report",
           "validate_again"]


_SEVERITY_ORDER = {"Violation": 0, "Warning": 1, "Info": 2}


def compose_report(results: list[ValidationResult],
                   sources: Iterable[tuple[Graph | bytes, Callable[[str], bool]]]
                   ) -> ValidationReport:
    """One report of ``results``; its graph, made when first asked for, copies the results of
    each source report graph (a graph, or its N-Triples) whose focus node (an IRI) the source's
    test accepts."""
    results.sort(key=lambda r: (_SEVERITY_ORDER.get(r.severity, 3), r.focus, r.message))
    conforms = not any(r.severity == "Violation" for r in results)
    kept = list(sources)

    def make() -> Graph:
        graph = Graph()
        graph.bind("sh", SH)
        report = BNode()
        graph.add((report, RDF.type, SH.ValidationReport))
        for source, wanted in kept:
            src = source if isinstance(source, Graph) else Graph().parse(data=source, format="nt")
            for r in src.subjects(SH.focusNode, None):
                if wanted(str(src.value(r, SH.focusNode))):
                    copy_result(src, r, graph, report)
        graph.add((report, SH.conforms, Literal(conforms)))
        return graph

    return ValidationReport(conforms=conforms, results=tuple(results), graph=make)


def shared_graph(spool: Spool, shared: set[str], docs: Iterable[int],
                  on_line: Callable[[str], None] | None = None) -> str:
    """N-Triples of what all documents say about the ``shared`` nodes (and of the nodes they
    point to, and what points at them, one step); ``on_line`` sees each document's lines about
    the ``shared`` nodes."""
    lines: set[str] = set()
    for index in docs:
        mine = spool.shared_lines(index)
        objects: set[str] = set()
        for line in mine:
            s, p, rest = line.split(" ", 2)
            o = rest[:-3]
            if s in shared:
                lines.add(line)
                if on_line is not None:
                    on_line(line)
                if p != "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>":
                    objects.add(o)
            elif o in shared:
                lines.add(line)
        objects -= shared
        if objects:
            lines.update(line for line in mine if line[: line.index(" ")] in objects)
    return "".join(sorted(lines))


#: the subject of the lines that stand for a node's incoming ``schema:mentions`` (validating a
#: node needs to know it is mentioned, for the shape that targets objects of mentions)
MENTIONER = "<urn:kg-builder:mentioned>"


def findings_by_focus(report: Any, nodes: set[str]
                      ) -> dict[str, tuple[list[ValidationResult], bytes]]:
    """A report's findings about ``nodes`` (N-Triples IRIs), by node, with their triples."""

    by_focus: dict[str, list[ValidationResult]] = {}
    for r in report.results:
        if f"<{r.focus}>" in nodes:
            by_focus.setdefault(f"<{r.focus}>", []).append(r)
    graphs: dict[str, Graph] = {}
    for result in report.graph.subjects(SH.focusNode, None):
        focus = f"<{report.graph.value(result, SH.focusNode)}>"
        if focus in nodes:
            copy_result(report.graph, result, graphs.setdefault(focus, Graph()), BNode())
    out = {}
    for node, found in by_focus.items():
        g = graphs.get(node)
        out[node] = (found, g.serialize(format="nt", encoding="utf-8") if g else b"")
    return out


def validate_again(state: State, nodes: set[str], folder: Path) -> None:
    """Validate ``nodes`` (checked ones) on all documents' triples about them, and keep their
    findings."""
    from .._shapereads import Reads, reads
    from ..validate import bulk_engine, load_shapes, validate

    if not nodes:
        return
    lines: set[str] = set()
    read: dict[str, set[str]] = {}
    mention = nt(SCHEMA.mentions)

    def lines_of(subject: str) -> Iterable[str]:
        if subject in state.checked:
            return state.store.get(subject, {}).keys()
        found: list[str] = []
        for path in state.subject_docs.get(subject, ()):
            if path not in read:
                doc = state.docs[path]
                read[path] = effective_lines(folder, doc.file, doc.shared_bytes, doc.edit)
            found += [line for line in read[path] if line.startswith(subject + " ")]
        return found

    # each node's own lines, and what the shapes read of the nodes they point to (_shapereads)
    needs = reads(load_shapes())
    taken: dict[str, list[tuple[bool, Reads]]] = {}  # node -> what of it was taken already
    todo: list[tuple[str, bool, Reads]] = [(node, True, None) for node in nodes]
    while todo:
        subject, focus, need = todo.pop()  # a focus node's lines are all taken
        before = taken.setdefault(subject, [])
        if (False, None) in before or (focus, need) in before:
            continue
        before.append((focus, need))
        for line in lines_of(subject):
            _, predicate, rest = line.split(" ", 2)
            if need is not None and not focus and predicate not in need:
                continue
            lines.add(line)
            obj = rest[:-3]
            if obj[0] not in "<_":
                continue
            if focus:
                deeper = needs.get(predicate, {}) if needs is not None else None
            else:
                deeper = need[predicate] if need is not None else None
            if deeper != {}:
                todo.append((obj, False, deeper))
        if focus and state.mentioned.get(subject, 0) > 0:
            lines.add(f"{MENTIONER} {mention} {subject} .\n")
    documents_of = {n[1:-1]: tuple(sorted(state.subject_docs.get(n, ()))) for n in nodes}
    report = validate("".join(sorted(lines)), documents_of=documents_of, engine=bulk_engine(),
                      focus=sorted(n[1:-1] for n in nodes))
    found = findings_by_focus(report, nodes)
    for node in nodes:
        state.node_findings.pop(node, None)
    state.node_findings.update(found)


def state_report(state: State, order: list[str]) -> ValidationReport:
    """The validation report: each document's findings about nodes not checked, and the
    checked nodes' findings (as ``full._report``)."""


    results: list[ValidationResult] = []
    sources: list[tuple[Graph | bytes, Callable[[str], bool]]] = []
    checked = {s[1:-1] for s in state.checked}
    for path in order:
        doc = state.docs[path]
        kept = [r for r in doc.findings if r.focus not in checked]
        if kept:
            results += kept
            sources.append((doc.findings_nt, lambda f: f not in checked))
    for node in sorted(state.node_findings):
        found, data = state.node_findings[node]
        results += found
        if data:
            sources.append((data, lambda _: True))
    return compose_report(results, sources)
