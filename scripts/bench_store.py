"""Benchmark: the saved queries on rdflib's in-memory Dataset and on the embedded Oxigraph store.

A synthetic graph shaped like kg-builder's (one named graph per document; people, organisations,
posts as org:Membership, events with attendees and organisers, letters with sender and
recipient, citations, and a Web Annotation per mention) is generated with a fixed seed, loaded
into both, and every saved query is run with its parameter bound to a value present in the data
(and unbound where the query has no parameter). Prints the median latency per query on each
engine and their ratio, in one process.

    python scripts/bench_store.py                 # about 1.1 million triples
    python scripts/bench_store.py --documents 800  # a quick run
    python scripts/bench_store.py --store /tmp/bench-store --oxigraph-only
                                   # the store kept in (and, next time, read from) a folder;
                                   # rdflib left out
    python scripts/bench_store.py --store /tmp/bench-store --oxigraph-only --queries timeline
    python scripts/bench_store.py --documents 2000 --sizes  # the named graphs, the merge: MB
    python scripts/bench_store.py --store /tmp/bench-store --from-graphs
                                   # the store's texts read from the merge and from the named
                                   # graphs with DISTINCT
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from rdflib import Dataset, Literal, URIRef
from rdflib.namespace import NamespaceManager

from graph._errors import QueryTimeout
from graph._iri import IriMinter
from graph._namespaces import AS, DCTERMS, OA, ORG, RDF, RDFS, SCHEMA, XSD
from graph._oxi import run_with_timeout
from graph.query import run_query, saved_queries
from graph.store import Store

FIRST = ["Amina", "John", "Maria", "Li", "Olga", "Peter", "Fatima", "Carlos", "Yuki", "Ahmed",
         "Sofia", "Ivan", "Grace", "Kwame", "Elena", "Tomas", "Aisha", "Pablo", "Mei", "Omar"]
LAST = ["Example", "Sample", "Other", "Garcia", "Chen", "Ivanova", "Diallo", "Silva", "Kim",
        "Haddad", "Novak", "Okafor", "Rossi", "Sato", "Mensah", "Petrov", "Nguyen", "Costa"]
POSTS = ["Director-General", "Minister of Culture", "President", "Secretary", "Chairholder",
         "Assistant Director-General", "Ambassador", "Rapporteur", "Vice-Chair", "Adviser"]
EVENTS = ["session of the Committee", "conference on cultural policy", "high-level dialogue",
          "meeting of experts", "consultation", "forum on heritage", "general assembly"]


def generate(documents: int, seed: int = 7) -> list[tuple]:
    """Quads ``(s, p, o, graph)`` of a synthetic corpus of ``documents`` documents."""
    rnd = random.Random(seed)
    base = "https://example.org/kg"
    iris = IriMinter(base)
    people = [(iris.entity("person", f"p{i}"), f"{rnd.choice(FIRST)} {rnd.choice(LAST)} {i}")
              for i in range(documents * 3)]
    orgs = [(iris.entity("organization", f"o{i}"), f"Example Organisation {i}")
            for i in range(max(10, documents // 3))]
    events = [(iris.entity("event", f"e{i}"), f"{rnd.choice(EVENTS)} {i}",
               f"{rnd.randint(1990, 2024)}-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}")
              for i in range(max(10, documents // 2))]
    places = [(iris.entity("place", f"pl{i}"), f"City {i}") for i in range(200)]
    works = [(iris.entity("creativework", f"w{i}"), f"Recommendation {i}", f"REC/{i}")
             for i in range(max(10, documents // 4))]
    quads: list[tuple] = []
    for d in range(documents):
        doc = iris.document(f"CLT/{d}", f"sha256:{d}")
        g = doc

        def add(s, p, o, g=g):
            quads.append((s, p, o, g))

        is_letter = d % 3 == 0
        add(doc, RDF.type, SCHEMA.DigitalDocument)
        add(doc, RDF.type, SCHEMA.Message if is_letter else SCHEMA.NewsArticle)
        add(doc, DCTERMS.source, Literal(f"doc-{d:05d}.txt"))
        add(doc, SCHEMA.name, Literal(f"Document {d}"))
        add(doc, SCHEMA.identifier, Literal(f"CLT/{d}"))
        add(doc, SCHEMA.dateCreated, Literal(f"20{d % 25:02d}-01-15", datatype=XSD.date))
        chosen_people = rnd.sample(people, 5)
        chosen_orgs = rnd.sample(orgs, 2)
        event, event_name, start = rnd.choice(events)
        place, place_name = rnd.choice(places)
        mentioned = [*chosen_people, *chosen_orgs, (event, event_name), (place, place_name)]
        for n, (entity, name) in enumerate(chosen_people):
            add(entity, RDF.type, SCHEMA.Person)
            add(entity, SCHEMA.name, Literal(name))
            add(entity, SCHEMA.alternateName, Literal(f"Mr {name.split()[1]} {name.split()[2]}"))
            if n < 3:
                org, _ = chosen_orgs[n % 2]
                role = iris.role(POSTS[(d + n) % len(POSTS)])
                membership = iris.membership(entity, role, org)
                add(membership, RDF.type, ORG.Membership)
                add(membership, ORG.member, entity)
                add(membership, ORG.organization, org)
                add(membership, ORG.role, role)
                add(role, RDFS.label, Literal(POSTS[(d + n) % len(POSTS)]))
                add(entity, ORG.memberOf, org)
        for org, name in chosen_orgs:
            add(org, RDF.type, SCHEMA.Organization)
            add(org, SCHEMA.name, Literal(name))
            add(org, SCHEMA.alternateName, Literal(f"EO{name.rsplit(' ', 1)[1]}"))
        add(event, RDF.type, SCHEMA.Event)
        add(event, SCHEMA.name, Literal(event_name))
        add(event, SCHEMA.startDate, Literal(start, datatype=XSD.date))
        add(event, SCHEMA.location, place)
        add(event, SCHEMA.organizer, chosen_orgs[0][0])
        for person, _ in chosen_people[:4]:
            add(event, SCHEMA.attendee, person)
        add(place, RDF.type, SCHEMA.Place)
        add(place, SCHEMA.name, Literal(place_name))
        if is_letter:
            add(doc, SCHEMA.sender, chosen_people[0][0])
            add(doc, SCHEMA.recipient, chosen_people[1][0])
            add(doc, SCHEMA.dateSent, Literal(f"20{d % 25:02d}-01-15", datatype=XSD.date))
            if d >= 3:
                add(doc, AS.inReplyTo, iris.document(f"CLT/{d - 3}", f"sha256:{d - 3}"))
        for work, name, ref in rnd.sample(works, 2):
            add(work, RDF.type, SCHEMA.CreativeWork)
            add(work, SCHEMA.name, Literal(name))
            add(work, SCHEMA.identifier, Literal(ref))
            add(doc, SCHEMA.citation, work)
        for n, (entity, name) in enumerate(mentioned):
            add(doc, SCHEMA.mentions, entity)
            start, end = n * 40, n * 40 + len(name)
            annotation = iris.annotation(doc, start, end, entity, "bench.v1")
            target = IriMinter.target(doc, start, end)
            selector = iris.selector(doc, start, end)
            add(annotation, RDF.type, OA.Annotation)
            add(annotation, OA.hasBody, entity)
            add(annotation, OA.hasTarget, target)
            add(target, OA.hasSource, doc)
            add(target, OA.hasSelector, selector)
            add(selector, RDF.type, OA.TextPositionSelector)
            add(selector, OA.start, Literal(start))
            add(selector, OA.end, Literal(end))
            add(selector, OA.exact, Literal(name))
    return quads


def parameters(quads: list[tuple]) -> dict[str, Literal]:
    """A value present in the data for each parameter name the saved queries use."""
    typed = {(s, o) for s, p, o, _ in quads if p == RDF.type}
    first: dict[URIRef, Literal] = {}
    for s, p, o, _ in quads:
        if p == SCHEMA.name:
            for cls in (SCHEMA.Person, SCHEMA.Organization, SCHEMA.Event, SCHEMA.CreativeWork):
                if (s, cls) in typed and cls not in first:
                    first[cls] = o
    return {"person": first[SCHEMA.Person], "party": first[SCHEMA.Person],
            "organization": first[SCHEMA.Organization], "event": first[SCHEMA.Event],
            "document": first[SCHEMA.CreativeWork], "name": first[SCHEMA.Organization]}


def median_ms(run, repeat: int, budget: float | None = None) -> tuple[float, int]:
    """Median milliseconds of ``repeat`` runs; QueryTimeout when one run exceeds ``budget``."""
    times, rows = [], 0
    for _ in range(repeat):
        started = time.perf_counter()
        rows = run_with_timeout(run, budget, "the rdflib query") if budget else run()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), rows


def _load(folder: Path, documents: int) -> dict[str, Literal]:
    """The store of ``documents`` generated documents in ``folder`` (built unless there), and
    the parameter values."""
    quads = generate(documents)
    if not (folder / "manifest.json").is_file():
        started = time.perf_counter()
        with Store(folder) as store:
            store.load_quads(quads)
        print(f"Oxigraph store (on disk): loaded in {time.perf_counter() - started:.1f} s")
    return parameters(quads)


def _first_page(folder: Path, text: str, bindings: dict[str, Literal], rows: int) -> float:
    """Milliseconds to the first page of a query on the store just opened (as ``kg query``
    opens it): what the store keeps between queries (graph._seek) is not there yet."""
    with Store(folder, read_only=True) as fresh:
        started = time.perf_counter()
        fresh.query(text, bindings, limit=rows)
        return (time.perf_counter() - started) * 1000


def oxigraph_only(args: argparse.Namespace) -> None:
    """Every saved query on the store alone: the first page (the rows a table on a terminal
    shows, ``kg query``'s default there) on the store just opened and then the median of
    ``--repeat`` runs on one open store (as ``kg serve`` keeps it), and every row, median and
    slowest."""
    from graph.commands.query import TABLE_PAGE

    with tempfile.TemporaryDirectory() as tmp:
        folder = args.store or Path(tmp) / "store"
        values = _load(folder, args.documents)
        size = sum(f.stat().st_size for f in (folder / "oxigraph").iterdir() if f.is_file())
        with Store(folder, read_only=True) as store:
            print(f"store holds {len(store):,} quads, {size / 2**20:.0f} MB on disk\n")
            print(f"{'query':20} {'rows':>7} {'page first':>11} {'page median':>12} "
                  f"{'all median':>11} {'all max':>9}  (ms; a page is {TABLE_PAGE} rows)")
            for q in saved_queries():
                if args.queries and q.name not in args.queries:
                    continue
                bindings = {name: values[name] for name, _ in q.params}
                first = _first_page(folder, q.text, bindings, TABLE_PAGE)
                page, _ = median_ms(lambda q=q, b=bindings: len(
                    store.query(q.text, b, limit=TABLE_PAGE).rows), args.repeat)
                times = []
                for _ in range(args.repeat):
                    started = time.perf_counter()
                    rows = len(store.query(q.text, bindings).rows)
                    times.append((time.perf_counter() - started) * 1000)
                print(f"{q.name:20} {rows:>7} {first:>11.1f} {page:>12.1f} "
                      f"{statistics.median(times):>11.1f} {max(times):>9.1f}", flush=True)
    print(f"\n{args.repeat} runs each, python {sys.version.split()[0]}")


def sizes(documents: int) -> None:
    """Disk size of the documents' named graphs alone and of their merge alone, each in a store
    of its own, compacted: what the second copy of the triples (the merge) costs."""
    import pyoxigraph as ox

    from graph._oxi import to_ox, to_ox_graph

    quads = generate(documents)
    merge = {(s, p, o) for s, p, o, _ in quads}
    parts = {"named graphs": [(s, p, o, g) for s, p, o, g in quads],
             "merge": [(s, p, o, None) for s, p, o in merge]}
    for label, part in parts.items():
        with tempfile.TemporaryDirectory() as tmp:
            engine = ox.Store(tmp)
            engine.bulk_extend(ox.Quad(to_ox(s), to_ox(p), to_ox(o), to_ox_graph(g))
                               for s, p, o, g in part)
            engine.flush()
            engine.optimize()
            size = sum(f.stat().st_size for f in Path(tmp).iterdir() if f.is_file())
            del engine
        print(f"{label:13} {len(part):>10,} quads {size / 2**20:>8.1f} MB "
              f"{size / len(part):>6.0f} bytes a quad")


#: a triple pattern in a SELECT of its own, as the store's texts (graph/queries/store/) have them
_OWN_SELECT = re.compile(r"\{ SELECT ((?:\?\w+ )+)WHERE \{ ([^{}]*?) \} \}")


#: the reads graph/_joins.py joins
_JOINED_READS = ("met.attendance.rq", "met.people.rq", "met.events.rq", "timeline.parts.rq")


def from_graphs(folder: Path, repeat: int) -> None:
    """Each of the store's texts for whole answers read from the merge, as it is, and from the
    named graphs with set semantics: each triple pattern's ``SELECT`` made ``SELECT DISTINCT``
    over ``GRAPH ?g { ... }`` (what the saved queries would cost without the merge). Prints
    the rows (which must be the same) and the best of ``repeat`` runs, in seconds."""
    import pyoxigraph as ox

    from graph.store import _PREFIXES

    engine = ox.Store.read_only(str(folder / "oxigraph"))

    def best(text: str) -> tuple[int, float]:
        times, rows = [], 0
        for _ in range(repeat):
            started = time.perf_counter()
            rows = sum(1 for solution in engine.query(text, prefixes=_PREFIXES)
                       for _ in [tuple(solution)])
            times.append(time.perf_counter() - started)
        return rows, min(times)

    texts = Path(__file__).resolve().parents[1] / "graph" / "queries" / "store"
    for path in sorted(texts.glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        named = _OWN_SELECT.sub(lambda m: f"{{ SELECT DISTINCT {m[1]}WHERE {{ GRAPH ?g {{ "
                                          f"{m[2]} }} }} }}", text)
        if named == text or not (".all." in path.name or path.name in _JOINED_READS):
            continue
        (rows, merge), (named_rows, graphs) = best(text), best(named)
        flag = "" if rows == named_rows else f" (rows differ: {named_rows})"
        print(f"{path.name:24} {rows:>7} rows  merge {merge:6.2f} s  named graphs, DISTINCT "
              f"{graphs:6.2f} s{flag}", flush=True)


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=8000,
                        help="documents to generate (8000 gives about 1.1 million triples)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per query and engine")
    parser.add_argument("--budget", type=float, default=120.0,
                        help="seconds an rdflib run may take before it is given up")
    parser.add_argument("--store", type=Path, default=None,
                        help="keep the store in this folder; one already there is reused")
    parser.add_argument("--oxigraph-only", action="store_true",
                        help="time the store only (no rdflib Dataset)")
    parser.add_argument("--sizes", action="store_true",
                        help="print the disk size of the named graphs and of the merge, alone")
    parser.add_argument("--from-graphs", action="store_true",
                        help="with --store: the store's texts for whole answers read from the "
                             "merge and from the named graphs with DISTINCT (seconds)")
    parser.add_argument("--queries", nargs="+", metavar="NAME", default=None,
                        help="with --oxigraph-only: time these saved queries only")
    return parser.parse_args()


def main() -> None:
    args = _arguments()
    if args.sizes:
        sizes(args.documents)
        return
    if args.from_graphs and args.store is not None:
        _load(args.store, args.documents)
        from_graphs(args.store, args.repeat)
        return
    if args.oxigraph_only:
        oxigraph_only(args)
        return

    started = time.perf_counter()
    quads = generate(args.documents)
    distinct = len(set(quads))
    print(f"generated {len(quads):,} quads ({distinct:,} distinct, "
          f"{args.documents:,} documents) in {time.perf_counter() - started:.1f} s")

    started = time.perf_counter()
    ds = Dataset(default_union=True)
    ds.namespace_manager = NamespaceManager(ds, bind_namespaces="none")
    for s, p, o, g in quads:
        ds.add((s, p, o, g))
    print(f"rdflib Dataset: loaded in {time.perf_counter() - started:.1f} s")

    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        with Store(Path(tmp) / "store") as store:
            store.load_quads(quads)
        print(f"Oxigraph store (on disk): loaded in {time.perf_counter() - started:.1f} s")
        values = parameters(quads)
        del quads
        with Store(Path(tmp) / "store", read_only=True) as store:
            print(f"store holds {len(store):,} quads\n")
            header = f"{'query':20} {'bound':32} {'rows':>6} {'rdflib ms':>11} " \
                     f"{'oxigraph ms':>12} {'ratio':>8}"
            print(header)
            print("-" * len(header))
            # met joins attendees pairwise, which rdflib evaluates slowly: it runs last, since
            # an rdflib run given up keeps its thread (and the interpreter) busy
            stalled = False
            for q in sorted(saved_queries(), key=lambda q: (q.name == "met", q.name)):
                bindings = {name: values[name] for name, _ in q.params}
                label = ", ".join(f"{k}={str(v)[:24]}" for k, v in bindings.items()) or "-"
                ox_ms, ox_rows = median_ms(
                    lambda q=q, b=bindings: len(store.query(q.text, b).rows), args.repeat)
                if stalled:
                    print(f"{q.name:20} {label:32} {ox_rows:>6} {'not run':>11} {ox_ms:>12.1f}")
                    continue
                try:
                    rd_ms, rd_rows = median_ms(
                        lambda q=q, b=bindings: len(run_query(ds, q.text, b).rows), args.repeat,
                        args.budget)
                except QueryTimeout:
                    stalled = True
                    over = f">{args.budget:g} s"
                    ratio = f">{args.budget * 1000 / ox_ms:.0f}x"
                    print(f"{q.name:20} {label:32} {ox_rows:>6} {over:>11} {ox_ms:>12.1f} "
                          f"{ratio:>8}", flush=True)
                    continue
                flag = "" if rd_rows == ox_rows else f"  (rows differ: rdflib {rd_rows})"
                print(f"{q.name:20} {label:32} {ox_rows:>6} {rd_ms:>11.1f} {ox_ms:>12.1f} "
                      f"{rd_ms / ox_ms:>7.2f}x{flag}", flush=True)
    print(f"\nmedian of {args.repeat} runs each; ratio = rdflib / oxigraph; "
          f"python {sys.version.split()[0]}")


if __name__ == "__main__":
    main()
