"""The one module that turns records into RDF triples (see docs/rdf-model.md and
ontology/README.md for the model).

``map_document`` takes one document's resolved records and returns the triples that document
contributes, as an rdflib Graph; the pipeline stores it as the named graph of the document.
``map_triples`` returns the same triples as a plain :class:`Triples` set, several times faster
to fill than a Graph (parallel builds write them straight to N-Triples).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from ._iri import IriMinter
from ._link import EntityLink, all_names
from ._namespaces import AS, DCTERMS, KG, OA, ORG, OWL, PREFIXES, PROV, RDF, RDFS, SCHEMA, XSD
from ._resolve import Cluster, Merge, ResolvedDocument
from ._scan import word_confidences
from .records import DateValue, DocField, Document, EntityKind, Mention, RelationKind, Span

__all__ = [
    "DOCUMENT_KINDS",
    "ENTITY_CLASSES",
    "REJECTABLE",
    "SUBTYPE_CLASSES",
    "Triples",
    "bind_prefixes",
    "document_iri",
    "map_document",
    "map_triples",
    "new_graph",
]

_TYPE = RDF.type  # looked up once: the mapping writes it for nearly every node

#: Classes every entity of a kind carries (the kg class first).
ENTITY_CLASSES: dict[EntityKind, tuple[URIRef, ...]] = {
    EntityKind.PERSON: (KG.Person, SCHEMA.Person),
    EntityKind.ORGANIZATION: (KG.Organization, SCHEMA.Organization, ORG.Organization),
    EntityKind.EVENT: (KG.Event, SCHEMA.Event),
    EntityKind.PLACE: (KG.Place, SCHEMA.Place),
    EntityKind.WORK: (KG.DocumentReference, SCHEMA.CreativeWork),
}

#: Finer classes a mention's ``subtype`` may name, and the classes it adds.
SUBTYPE_CLASSES: dict[str, tuple[URIRef, ...]] = {
    "OrganizationalUnit": (KG.OrganizationalUnit, ORG.OrganizationalUnit),
    "Country": (KG.Country, SCHEMA.Country),
    "City": (KG.City, SCHEMA.City),
    "Address": (KG.Address,),
    **{
        name: (KG[name],)
        for name in (
            "Session", "Meeting", "Conference", "Election", "Consultation", "Observance",
            "Process", "Convention", "Recommendation", "Declaration", "Resolution", "Decision",
            "Report", "LetterReference", "Roadmap", "WebResource", "Strategy", "Agenda",
        )
    },
}

#: Source document kinds and the classes they add.
DOCUMENT_KINDS: dict[str, tuple[URIRef, ...]] = {
    "Letter": (KG.Letter, SCHEMA.Message),
    "PressRelease": (KG.PressRelease, SCHEMA.NewsArticle),
    "MeetingReport": (KG.MeetingReport, SCHEMA.Report),
    "WebPage": (KG.WebPage, SCHEMA.WebPage),
}

_RELATION_PREDICATES: dict[RelationKind, URIRef] = {
    RelationKind.PARTICIPATED_IN: SCHEMA.attendee,  # written event -> participant
    RelationKind.ORGANIZED: SCHEMA.organizer,  # written event -> organiser
    RelationKind.PART_OF: ORG.subOrganizationOf,
    RelationKind.LOCATED_IN: SCHEMA.location,
    RelationKind.CONTAINED_IN: SCHEMA.containedInPlace,
    RelationKind.CITES: SCHEMA.citation,
    RelationKind.ABOUT: SCHEMA.about,
    RelationKind.SENT_BY: SCHEMA.sender,
    RelationKind.PREPARED_BY: SCHEMA.author,
}
_INVERSE = frozenset({RelationKind.PARTICIPATED_IN, RelationKind.ORGANIZED})

_DATE_TYPES = {"day": XSD.date, "month": XSD.gYearMonth, "year": XSD.gYear}


def date_literal(value: DateValue) -> Literal:
    return Literal(value.iso, datatype=_DATE_TYPES[value.precision])


def bind_prefixes(g: Graph, iris: IriMinter | None = None) -> Graph:
    """Bind the vocabulary prefixes (and those of the minted IRIs, given the minter)."""
    prefixes = {**PREFIXES, **(iris.prefixes() if iris else {})}
    for prefix, namespace in prefixes.items():
        g.bind(prefix, namespace, replace=True)
    return g


def new_graph(iris: IriMinter | None = None) -> Graph:
    """An empty graph that knows only the project's prefixes (rdflib's ~30 defaults make
    Turtle output several times slower)."""
    return bind_prefixes(Graph(bind_namespaces="none"), iris)


class _ProvenanceTerms(NamedTuple):
    type: URIRef
    annotation: URIRef
    mention: URIRef
    identifying: URIRef
    specific_resource: URIRef
    position_selector: URIRef
    quote_selector: URIRef


class _ProvenancePredicates(NamedTuple):
    has_body: URIRef
    has_target: URIRef
    motivated_by: URIRef
    extractor: URIRef
    has_source: URIRef
    has_selector: URIRef
    start: URIRef
    end: URIRef
    exact: URIRef


#: the terms of every annotation, looked up once (a namespace's attribute lookup is slow)
_PROVENANCE = _ProvenanceTerms(_TYPE, OA.Annotation, KG.Mention, OA.identifying,
                               OA.SpecificResource, OA.TextPositionSelector,
                               OA.TextQuoteSelector)
_PROVENANCE_PREDICATES = _ProvenancePredicates(
    OA.hasBody, OA.hasTarget, OA.motivatedBy, KG.extractor, OA.hasSource, OA.hasSelector,
    OA.start, OA.end, OA.exact)


@lru_cache(maxsize=1 << 14)
def _literal(text: str) -> Literal:
    """A plain literal of a string that recurs (an extractor's name; a name, written as
    schema:name and rdfs:label, and as each of its mentions' oa:exact): rdflib's Literal is
    slow to make."""
    return Literal(text)


@lru_cache(maxsize=1 << 14)
def _offset(n: int) -> Literal:
    """The literal of a character offset (``xsd:nonNegativeInteger``): offsets recur across
    mentions and documents, and rdflib's Literal is slow to make (a fifth of the mapping's
    time went into the literals of selectors)."""
    return Literal(n, datatype=XSD.nonNegativeInteger)


class Triples:
    """A set of triples in the order they were first added (what the mapping needs of a graph)."""

    def __init__(self) -> None:
        self._triples: dict[tuple[Node, Node, Node], None] = {}

    def add(self, triple: tuple[Node, Node, Node]) -> None:
        self._triples[triple] = None

    def objects(self, subject: Node, predicate: Node) -> list[Node]:
        return [o for s, p, o in self._triples if s == subject and p == predicate]

    def __iter__(self) -> Iterator[tuple[Node, Node, Node]]:
        return iter(self._triples)

    def __len__(self) -> int:
        return len(self._triples)


@dataclass
class _Mapper:
    g: Triples
    iris: IriMinter
    doc: URIRef
    same_as: Callable[[str], Sequence[str]]
    page_starts: tuple[int, ...] = ()  # offsets where each page begins (paged formats only)
    #: (start, end, confidence 0-1) of each word OCR recognised, in text order (scans only)
    ocr_words: tuple[tuple[int, int, float], ...] = ()
    #: relations (subject, predicate, object IRIs) a curation file rejects (``_link``)
    rejected: frozenset[tuple[str, str, str]] = frozenset()

    def ocr_confidence(self, span: Span) -> float | None:
        """The engine's confidence in the words under ``span``, averaged (None: not OCR)."""
        words = self.ocr_words
        if not words:
            return None
        i = bisect_right(words, (span.start, span.start, 2.0)) - 1
        found = []
        for start, end, confidence in words[max(i, 0):]:
            if start >= span.end:
                break
            if end > span.start:
                found.append(confidence)
        return sum(found) / len(found) if found else None

    def rejects(self, s: URIRef, p: URIRef, o: Node) -> bool:
        return bool(self.rejected) and (str(s), str(p), str(o)) in self.rejected

    def provenance(self, body: URIRef, span: Span, extractor: str,
                   confidence: float | None = None) -> None:
        g, doc = self.g, self.doc
        annotation = self.iris.annotation(doc, span.start, span.end, body, extractor)
        target = self.iris.target(doc, span.start, span.end)
        selector = self.iris.selector(doc, span.start, span.end)
        add = g.add
        a, p = _PROVENANCE, _PROVENANCE_PREDICATES
        add((annotation, a.type, a.annotation))
        add((annotation, a.type, a.mention))
        add((annotation, p.has_body, body))
        add((annotation, p.has_target, target))
        add((annotation, p.motivated_by, a.identifying))
        add((annotation, p.extractor, _literal(extractor)))
        if confidence is not None:
            add((annotation, KG.confidence, Literal(round(confidence, 4), datatype=XSD.double)))
        ocr = self.ocr_confidence(span)
        if ocr is not None:
            add((annotation, KG.ocrConfidence, Literal(round(ocr, 4), datatype=XSD.double)))
        add((target, a.type, a.specific_resource))
        add((target, p.has_source, doc))
        add((target, p.has_selector, selector))
        add((selector, a.type, a.position_selector))
        add((selector, a.type, a.quote_selector))
        add((selector, p.start, _offset(span.start)))
        add((selector, p.end, _offset(span.end)))
        add((selector, p.exact, _literal(span.text)))
        if self.page_starts:
            page = bisect_right(self.page_starts, span.start)
            add((selector, KG.page, Literal(max(page, 1), datatype=XSD.positiveInteger)))

    def statement(self, s: URIRef, p: URIRef, o: Node, span: Span | None, extractor: str,
                  confidence: float | None = None) -> None:
        """Assert ``s p o`` and, when a span supports it, reify it and annotate the statement;
        nothing when a curation file rejects it."""
        if self.rejects(s, p, o):
            return
        self.g.add((s, p, o))
        if span is None:
            return
        st = self.iris.statement(s, p, o)
        self.g.add((st, _TYPE, RDF.Statement))
        self.g.add((st, RDF.subject, s))
        self.g.add((st, RDF.predicate, p))
        self.g.add((st, RDF.object, o))
        self.provenance(st, span, extractor, confidence)

    def merge(self, entity: URIRef, merge: Merge) -> None:
        """Record that two names were found to name ``entity``, and by which rule."""
        g = self.g
        node = self.iris.merge(entity, merge.rule, *merge.names)
        g.add((node, _TYPE, KG.Merge))
        g.add((node, _TYPE, PROV.Activity))
        g.add((node, KG.rule, Literal(merge.rule)))
        for name in merge.names:
            g.add((node, KG.mergedName, Literal(name)))
        g.add((node, PROV.generated, entity))
        g.add((node, PROV.used, self.doc))
        if merge.rule == "post holder":
            g.add((node, KG.inferred, Literal(True)))

    def holder(self, entity: URIRef, link: EntityLink) -> None:
        """The person an authority file says held the post of ``entity`` (a post-only person)."""
        if link.holder is None:
            return
        g, holder = self.g, self.iris.entity(EntityKind.PERSON.value,
                                             "authority:" + link.holder.iri)
        for cls in ENTITY_CLASSES[EntityKind.PERSON]:
            g.add((holder, _TYPE, cls))
        g.add((holder, SCHEMA.name, Literal(link.holder.name)))
        g.add((holder, RDFS.label, Literal(link.holder.name)))
        for same in link.holder.same_as:
            g.add((holder, OWL.sameAs, URIRef(same)))
        g.add((entity, KG.inferredIdentity, holder))

    def entity(self, cluster: Cluster, link: EntityLink | None = None) -> URIRef:
        link = link or EntityLink(cluster.kind, cluster.key, cluster.name)
        iri = self.iris.entity(link.kind.value, link.key)
        g = self.g
        for cls in ENTITY_CLASSES[link.kind]:
            g.add((iri, _TYPE, cls))
        for subtype in cluster.subtypes():
            for cls in SUBTYPE_CLASSES.get(subtype, ()):
                g.add((iri, _TYPE, cls))
        names = all_names(link, cluster.names)
        g.add((iri, SCHEMA.name, _literal(names[0])))
        g.add((iri, RDFS.label, _literal(names[0])))
        for other in names[1:]:
            g.add((iri, SCHEMA.alternateName, _literal(other)))
        for honorific in cluster.all("honorific"):
            g.add((iri, SCHEMA.honorificPrefix, Literal(honorific)))
        if link.kind is EntityKind.PERSON and cluster.role_only:
            g.add((iri, KG.roleOnly, Literal(True)))
        for identifier in cluster.all("identifier"):
            g.add((iri, SCHEMA.identifier, Literal(identifier)))
        for url in cluster.all("url"):
            g.add((iri, SCHEMA.url, Literal(url, datatype=XSD.anyURI)))
        start, end = cluster.first("start_date"), cluster.first("end_date")
        if isinstance(start, DateValue):
            prop = SCHEMA.dateCreated if link.kind is EntityKind.WORK else SCHEMA.startDate
            g.add((iri, prop, date_literal(start)))
        if isinstance(end, DateValue) and link.kind is EntityKind.EVENT:
            g.add((iri, SCHEMA.endDate, date_literal(end)))
        authority = (link.key.removeprefix("authority:") if link.key.startswith("authority:")
                     else cluster.authority)
        if authority:
            for same in self.same_as(authority):
                g.add((iri, OWL.sameAs, URIRef(same)))
        for alias in link.aliases:
            g.add((iri, OWL.sameAs, self.iris.entity(link.kind.value, alias)))
        for merge in (*cluster.merges, *link.merges):
            self.merge(iri, merge)
        self.holder(iri, link)
        g.add((self.doc, SCHEMA.mentions, iri))
        for m in cluster.mentions:
            self.provenance(iri, m.span, m.extractor)
        return iri


def document_iri(
    document: Document, resolved: ResolvedDocument, iris: IriMinter, disambiguate: bool = False
) -> URIRef:
    """The IRI of the source document (see ``IriMinter.document``)."""
    identifier = next(
        (f.value for f in resolved.facts if f.field is DocField.IDENTIFIER), None
    )
    return iris.document(identifier if isinstance(identifier, str) else None,
                         document.content_hash, document.path if disambiguate else None)


def map_document(
    document: Document,
    resolved: ResolvedDocument,
    iris: IriMinter,
    same_as: Callable[[str], Sequence[str]] = lambda _: (),
    doc: URIRef | None = None,
    links: Callable[[Cluster], EntityLink] | None = None,
) -> tuple[URIRef, Graph]:
    """The document's IRI (``doc``, or the one ``document_iri`` gives) and its triples.

    ``links`` gives each cluster's key, name and merges once documents are linked (``_link``);
    without it each cluster stands alone."""
    doc, triples = map_triples(document, resolved, iris, same_as, doc, links)
    g = new_graph(iris)
    g.addN((s, p, o, g) for s, p, o in triples)
    return doc, g


def map_triples(
    document: Document,
    resolved: ResolvedDocument,
    iris: IriMinter,
    same_as: Callable[[str], Sequence[str]] = lambda _: (),
    doc: URIRef | None = None,
    links: Callable[[Cluster], EntityLink] | None = None,
) -> tuple[URIRef, Triples]:
    """:func:`map_document`'s IRI and triples, the triples as a :class:`Triples` set."""
    g = Triples()
    doc = doc or document_iri(document, resolved, iris)
    rejected = frozenset(t for c in resolved.clusters for t in links(c).rejects
                         ) if links else frozenset()
    mapper = _Mapper(g, iris, doc, same_as, _page_starts(document),
                     word_confidences(document.meta("ocr-words")), rejected)
    for cls in (KG.SourceDocument, SCHEMA.DigitalDocument, SCHEMA.CreativeWork):
        g.add((doc, _TYPE, cls))
    g.add((doc, DCTERMS.source, Literal(document.path)))
    g.add((doc, DCTERMS["format"], Literal(document.media_type)))
    g.add((doc, KG.contentHash, Literal(document.content_hash)))
    _file_properties(g, doc, document)
    _recognition(g, iris, doc, document)

    entity_iri = {id(c): mapper.entity(c, links(c) if links else None)
                  for c in resolved.clusters}

    def of(m: Mention) -> URIRef:
        return entity_iri[id(resolved.cluster_of[m])]

    _relations(mapper, resolved, of)

    kinds_done: set[str] = set()
    single: set[DocField] = set()
    for f in resolved.facts:
        value = f.value
        if f.field in single and f.field in _SINGLE_VALUED:
            continue
        single.add(f.field)
        if f.field is DocField.KIND and isinstance(value, str) and value in DOCUMENT_KINDS:
            kinds_done.add(value)
            for cls in DOCUMENT_KINDS[value]:
                g.add((doc, _TYPE, cls))
        elif f.field is DocField.SELF_REFERENCE and f.span is not None:
            g.add((doc, SCHEMA.mentions, doc))
            mapper.provenance(doc, f.span, f.extractor)
        elif isinstance(value, Mention):
            link = _FACT_PREDICATES.get(f.field)
            if link is not None:
                mapper.statement(doc, link, of(value), f.span, f.extractor)
        elif isinstance(value, DateValue) and f.field is DocField.DATE:
            mapper.statement(doc, SCHEMA.dateCreated, date_literal(value), f.span, f.extractor)
        elif isinstance(value, str) and f.field in _LITERAL_FACTS:
            predicate, datatype = _LITERAL_FACTS[f.field]
            literal = Literal(value, datatype=datatype)
            mapper.statement(doc, predicate, literal, f.span, f.extractor)
    if "Letter" in kinds_done:
        for created in list(g.objects(doc, SCHEMA.dateCreated)):
            g.add((doc, SCHEMA.dateSent, created))
    return doc, g


def _relations(mapper: _Mapper, resolved: ResolvedDocument,
               of: Callable[[Mention], URIRef]) -> None:
    """The triples of the resolved relations: memberships (a role only when the text gives a
    title), the other relations as reified statements, each with its evidence and confidence;
    none of a relation a curation file rejects (a membership by ``org:memberOf``)."""
    g, iris = mapper.g, mapper.iris
    # one annotation per statement and evidence: the strongest confidence read for it
    strongest: dict[tuple[object, ...], float] = {}
    for r in resolved.relations:
        if r.confidence is not None:
            key = (of(r.subject), r.kind, of(r.object), r.post, r.span.start, r.span.end,
                   r.extractor)
            strongest[key] = max(strongest.get(key, 0.0), r.confidence)
    for r in resolved.relations:
        subject, obj = of(r.subject), of(r.object)
        confidence = strongest.get((subject, r.kind, obj, r.post, r.span.start, r.span.end,
                                    r.extractor))
        if r.kind is RelationKind.HOLDS_POST:
            if mapper.rejects(subject, ORG.memberOf, obj):
                continue
            role = iris.role(r.post or "member")
            membership = iris.membership(subject, role, obj)
            g.add((membership, _TYPE, ORG.Membership))
            g.add((membership, _TYPE, KG.Membership))
            g.add((membership, ORG.member, subject))
            g.add((membership, ORG.organization, obj))
            if r.post:  # a membership the text gives no title for has no role
                g.add((membership, ORG.role, role))
                g.add((role, _TYPE, ORG.Role))
                g.add((role, _TYPE, KG.Post))
                g.add((role, RDFS.label, Literal(r.post)))
            g.add((subject, ORG.memberOf, obj))
            mapper.provenance(membership, r.span, r.extractor, confidence)
            continue
        predicate = _RELATION_PREDICATES[r.kind]
        if r.kind in _INVERSE:
            subject, obj = obj, subject
        mapper.statement(subject, predicate, obj, r.span, r.extractor, confidence)


def _page_starts(document: Document) -> tuple[int, ...]:
    value = document.meta("page-starts")
    return tuple(int(v) for v in value.split()) if value else ()


def _iso_date(value: str) -> Literal | None:
    """An ISO date (or its first 10 characters, for a date-time) as a typed literal."""
    for candidate in (value.strip(), value.strip()[:10], value.strip()[:7], value.strip()[:4]):
        try:
            return date_literal(DateValue(candidate))
        except ValueError:
            continue
    return None


#: Metadata the file states about itself -> property of the source document (strings).
_FILE_STRINGS = {"encoding": KG.encoding, "title": KG.fileTitle, "author": KG.fileAuthor,
                 "archived-by": KG.archivedBy}
#: The same, for dates.
_FILE_DATES = {"created": KG.fileDate, "meta-date": KG.fileDate, "modified": KG.fileModified,
               "archive-captured": KG.archivedOn}


def _file_properties(g: Triples, doc: URIRef, document: Document) -> None:
    """What the file says about itself (its properties, its encoding, its archive capture),
    under kg: properties of their own, apart from the facts read from the text."""
    done: set[URIRef] = set()
    for key, value in document.metadata:
        prop = _FILE_STRINGS.get(key) or _FILE_DATES.get(key)
        if prop is None or prop in done:
            continue
        literal = _iso_date(value) if key in _FILE_DATES else Literal(value)
        if literal is not None:
            g.add((doc, prop, literal))
            done.add(prop)
    lang = document.meta("lang")
    if lang and re.fullmatch(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*", lang):
        g.add((doc, KG.declaredLanguage, Literal(lang)))
    pages = document.meta("pages")
    if pages and pages.isdigit():
        g.add((doc, KG.pageCount, Literal(int(pages), datatype=XSD.nonNegativeInteger)))


def _recognition(g: Triples, iris: IriMinter, doc: URIRef, document: Document) -> None:
    """``doc kg:ocr <doc#ocr>``, a kg:Recognition: the engine, its version, the language data,
    the pages it recognised and its mean word confidence (documents read by OCR only)."""
    engine, version, lang = (document.meta(k) for k in ("ocr-engine", "ocr-version", "ocr-lang"))
    if not (engine and version and lang):
        return
    node = iris.recognition(doc)
    g.add((doc, KG.ocr, node))
    g.add((node, _TYPE, KG.Recognition))
    g.add((node, _TYPE, PROV.Activity))
    g.add((node, KG.ocrEngine, Literal(engine)))
    g.add((node, KG.ocrEngineVersion, Literal(version)))
    g.add((node, KG.ocrLanguage, Literal(lang)))
    pages, confidence = document.meta("ocr-pages"), document.meta("ocr-confidence")
    if pages and pages.isdigit():
        g.add((node, KG.pagesRecognised, Literal(int(pages), datatype=XSD.nonNegativeInteger)))
    if confidence:
        g.add((node, KG.meanOcrConfidence, Literal(round(float(confidence), 4),
                                                datatype=XSD.double)))


_SINGLE_VALUED = frozenset(
    {DocField.TITLE, DocField.IDENTIFIER, DocField.DATE, DocField.LANGUAGE, DocField.KIND}
)
_FACT_PREDICATES: dict[DocField, URIRef] = {
    DocField.SENDER: SCHEMA.sender,
    DocField.RECIPIENT: SCHEMA.recipient,
    DocField.REPLIES_TO: AS.inReplyTo,
    DocField.CITES: SCHEMA.citation,
}
#: The properties of the relations a curation file can reject (``[[reject]]``): between
#: entities, and from a source document to an entity.
REJECTABLE = frozenset({*_RELATION_PREDICATES.values(), ORG.memberOf,
                        *_FACT_PREDICATES.values()})
_LITERAL_FACTS: dict[DocField, tuple[URIRef, URIRef | None]] = {
    DocField.TITLE: (SCHEMA.name, None),
    DocField.IDENTIFIER: (SCHEMA.identifier, None),
    DocField.LANGUAGE: (SCHEMA.inLanguage, None),
    DocField.URL: (SCHEMA.url, XSD.anyURI),
}


#: The predicates the build summary counts as relations.
RELATION_PREDICATES = (
    ORG.memberOf, ORG.subOrganizationOf, SCHEMA.attendee, SCHEMA.organizer, SCHEMA.location,
    SCHEMA.containedInPlace, SCHEMA.citation, SCHEMA.about, SCHEMA.sender, SCHEMA.recipient,
    SCHEMA.author, URIRef("https://www.w3.org/ns/activitystreams#inReplyTo"),
)
