"""The checks of nodes several documents describe, and the one report of a build.

A node only one document describes has the same triples in that document's graph as in the
union, so its per-batch findings (``map``) stand. The *checked* nodes (several documents
describe them, consolidation changed them, or two documents of one mapping batch described
them) are validated again on all documents' triples about them (:func:`validate_again`, from
the build's state: :class:`Checked` keeps their lines), and :func:`state_report` makes one
report of both (:func:`compose_report`)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from rdflib import BNode, Graph, Literal

from .._namespaces import RDF, SCHEMA, SH
from .._ntriples import nt
from ..validate import ValidationReport, ValidationResult, copy_result
from .map import TARGET_OBJECTS_OF

if TYPE_CHECKING:
    from .tally import Tally

__all__ = ["MENTIONER", "Checked", "compose_report", "findings_by_focus", "state_report",
           "validate_again"]

_RDF_TYPE = nt(RDF.type)


class Findings(Protocol):
    """A document's per-batch findings (``map``), as the state keeps them."""

    findings: list[ValidationResult]
    findings_nt: bytes


@dataclass
class Checked:
    """The checked nodes, with their lines (each counted once per document giving it), the
    checked nodes pointing at each node, and their findings.

    Documents' shared lines go in (:meth:`add`) and out (:meth:`retract`); :meth:`result`
    then takes the nodes that stop being checked out and those that start in (with all their
    lines), and says which checked nodes are to be validated again: those that came in, those
    whose lines changed or that a changed line mentions, and those pointing at a node whose
    lines changed (a validation reads a node's lines, those of the nodes it points to, and
    whether it is mentioned: no shape looks further, ``tests/test_delta.py``)."""

    nodes: set[str] = field(default_factory=set)
    lines: dict[str, Counter[str]] = field(default_factory=dict)  # node -> its lines
    #: object -> checked subjects with a line pointing at it (-> how many lines)
    pointers: dict[str, Counter[str]] = field(default_factory=dict)
    findings: dict[str, tuple[list[ValidationResult], bytes]] = field(default_factory=dict)
    #: since :meth:`result` last ran: the subjects of the lines in or out, and the nodes
    #: those lines mention
    touched: set[str] = field(default_factory=set)
    mentioned: set[str] = field(default_factory=set)

    def add(self, lines: Iterable[str]) -> None:
        """A document's lines in."""
        self._change(lines, 1)

    def retract(self, lines: Iterable[str]) -> None:
        """A document's lines out."""
        self._change(lines, -1)

    def _change(self, lines: Iterable[str], by: int) -> None:
        for line in lines:
            subject, predicate, rest = line.split(" ", 2)
            self.touched.add(subject)
            if predicate in TARGET_OBJECTS_OF:
                self.mentioned.add(rest[:-3])
            if subject in self.nodes:
                self._line(line, by)

    def result(self, candidates: Iterable[str], is_checked: Callable[[str], bool],
               lines_of: Callable[[set[str]], Iterable[str]]) -> set[str]:
        """The checked nodes brought up to date: each of ``candidates`` (and each subject of
        a line in or out) checked or not as ``is_checked`` says; ``lines_of(nodes)`` gives
        the lines of the nodes that come in (once per document giving each). Returns the
        checked nodes to validate again."""
        entering: set[str] = set()
        for subject in {*candidates, *self.touched}:
            now, was = is_checked(subject), subject in self.nodes
            if was and not now:
                self._drop(subject)
            elif now and not was:
                entering.add(subject)
        if entering:
            for line in lines_of(entering):
                self._line(line, 1)
            self.nodes |= entering
        again = entering | ((self.touched | self.mentioned) & self.nodes)
        for node in self.touched:
            again.update(s for s in self.pointers.get(node, ()) if s in self.nodes)
        self.touched, self.mentioned = set(), set()
        return again

    def _line(self, line: str, by: int) -> None:
        subject, predicate, rest = line.split(" ", 2)
        lines = self.lines.setdefault(subject, Counter())
        before = lines[line]
        lines[line] = after = before + by
        if after <= 0:
            del lines[line]
        obj = rest[:-3]
        if predicate == _RDF_TYPE or not obj.startswith("<"):
            return
        if before <= 0 < after:
            self.pointers.setdefault(obj, Counter())[subject] += 1
        elif after <= 0 < before:
            pointing = self.pointers[obj]
            pointing[subject] -= 1
            if pointing[subject] <= 0:
                del pointing[subject]
                if not pointing:
                    del self.pointers[obj]

    def _drop(self, subject: str) -> None:
        for line, count in list(self.lines.get(subject, {}).items()):
            self._line(line, -count)
        self.lines.pop(subject, None)
        self.nodes.discard(subject)
        self.findings.pop(subject, None)


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


def validate_again(checked: Checked, tally: Tally, doc_lines: Callable[[str], Iterable[str]],
                   nodes: set[str]) -> None:
    """Validate ``nodes`` (checked ones) on all documents' triples about them, and keep their
    findings in ``checked``; ``doc_lines(path)`` gives a document's shared lines (its edit
    applied), ``tally`` the documents describing a node."""
    from .._shapereads import Reads, reads
    from ..validate import bulk_engine, load_shapes, validate

    if not nodes:
        return
    lines: set[str] = set()
    read: dict[str, dict[str, list[str]]] = {}  # document -> its lines, by subject
    mention = nt(SCHEMA.mentions)

    def lines_of(subject: str) -> Iterable[str]:
        if subject in checked.nodes:
            return checked.lines.get(subject, {}).keys()
        found: list[str] = []
        for path in tally.docs(subject):
            if path not in read:
                read[path] = by_subject(doc_lines(path))
            found += read[path].get(subject, ())
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
        if focus and tally.mentioned.get(subject, 0) > 0:
            lines.add(f"{MENTIONER} {mention} {subject} .\n")
    documents_of = {n[1:-1]: tuple(sorted(tally.docs(n))) for n in nodes}
    report = validate("".join(sorted(lines)), documents_of=documents_of, engine=bulk_engine(),
                      focus=sorted(n[1:-1] for n in nodes))
    found = findings_by_focus(report, nodes)
    for node in nodes:
        checked.findings.pop(node, None)
    checked.findings.update(found)


def by_subject(lines: Iterable[str]) -> dict[str, list[str]]:
    """N-Triples ``lines`` by subject."""
    out: dict[str, list[str]] = {}
    for line in lines:
        out.setdefault(line[: line.index(" ")], []).append(line)
    return out


def state_report(docs: Mapping[str, Findings], checked: Checked, order: list[str]
                 ) -> ValidationReport:
    """The validation report: each document's findings about nodes not checked, and the
    checked nodes' findings; ``order``: the documents' paths, in output order."""
    results: list[ValidationResult] = []
    sources: list[tuple[Graph | bytes, Callable[[str], bool]]] = []
    names = {s[1:-1] for s in checked.nodes}
    for path in order:
        doc = docs[path]
        kept = [r for r in doc.findings if r.focus not in names]
        if kept:
            results += kept
            sources.append((doc.findings_nt, lambda f: f not in names))
    for node in sorted(checked.findings):
        found, data = checked.findings[node]
        results += found
        if data:
            sources.append((data, lambda _: True))
    return compose_report(results, sources)
