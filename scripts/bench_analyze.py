#!/usr/bin/env python3
"""Time `kg analyze` on a generated graph of about 100,000 triples.

    python scripts/bench_analyze.py                 # ~100,000 triples, every view
    python scripts/bench_analyze.py --triples 300000 --view comention --view relations

The graph follows the graph contract (documents with mentions, people, organisations with
units, posts as org:Membership with roles, events with attendees and organisers, letters with
sender, recipient and date, citations, and oa:Annotation provenance for posts and attendance).
Names and links are drawn at random with a fixed seed, so every run measures the same graph.
Each view is timed as a real `kg analyze` process (wall clock, parsing the file included), then
once more with --out for the pictures and the HTML page. Nothing is asserted: figures are
printed.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from rdflib import Graph, Literal, URIRef  # noqa: E402

from graph._namespaces import AS, DCTERMS, OA, ORG, RDF, RDFS, SCHEMA, XSD  # noqa: E402

BASE = "https://example.org/bench/"


def _iri(kind: str, i: int) -> URIRef:
    return URIRef(f"{BASE}{kind}/{i}")


def generate(target: int, seed: int = 1) -> Graph:
    """A graph of about ``target`` triples."""
    rnd = random.Random(seed)
    g = Graph()
    # entities scale with the target: about one entity per 45 triples
    n_people = max(20, target // 70)
    n_orgs = max(5, target // 600)
    n_events = max(5, target // 400)
    n_places = max(5, target // 1000)
    n_works = max(5, target // 500)
    for kind, n, classes in (("person", n_people, (SCHEMA.Person,)),
                             ("organization", n_orgs, (SCHEMA.Organization, ORG.Organization)),
                             ("event", n_events, (SCHEMA.Event,)),
                             ("place", n_places, (SCHEMA.Place,)),
                             ("work", n_works, (SCHEMA.CreativeWork,))):
        for i in range(n):
            for cls in classes:
                g.add((_iri(kind, i), RDF.type, cls))
            g.add((_iri(kind, i), SCHEMA.name, Literal(f"{kind.title()} {i}")))
    for i in range(1, n_orgs):
        if rnd.random() < 0.5:
            g.add((_iri("organization", i), ORG.subOrganizationOf,
                   _iri("organization", rnd.randrange(i))))
    roles = [_iri("role", i) for i in range(30)]
    for i, role in enumerate(roles):
        g.add((role, RDF.type, ORG.Role))
        g.add((role, RDFS.label, Literal(f"Post {i}")))
    for i in range(n_events):
        event = _iri("event", i)
        g.add((event, SCHEMA.startDate, Literal(f"20{10 + i % 15}-0{1 + i % 9}-1{i % 9}",
                                                datatype=XSD.date)))
        g.add((event, SCHEMA.location, _iri("place", rnd.randrange(n_places))))
        g.add((event, SCHEMA.organizer, _iri("organization", rnd.randrange(n_orgs))))
    doc_count = 0
    annotation = 0

    def annotate(body: URIRef, doc: URIRef) -> None:
        nonlocal annotation
        annotation += 1
        a = _iri("annotation", annotation)
        target = URIRef(f"{doc}#char={annotation},{annotation + 9}")
        g.add((a, RDF.type, OA.Annotation))
        g.add((a, OA.hasBody, body))
        g.add((a, OA.hasTarget, target))
        g.add((target, OA.hasSource, doc))

    while len(g) < target:
        doc = _iri("document", doc_count)
        doc_count += 1
        g.add((doc, RDF.type, SCHEMA.DigitalDocument))
        g.add((doc, DCTERMS.source, Literal(f"doc-{doc_count:05d}.txt")))
        people = rnd.sample(range(n_people), 6)
        orgs = rnd.sample(range(n_orgs), 3)
        event = _iri("event", rnd.randrange(n_events))
        for p in people:
            g.add((doc, SCHEMA.mentions, _iri("person", p)))
        for o in orgs:
            g.add((doc, SCHEMA.mentions, _iri("organization", o)))
        g.add((doc, SCHEMA.mentions, event))
        g.add((doc, SCHEMA.citation, _iri("work", rnd.randrange(n_works))))
        for p in people[:3]:
            person, org = _iri("person", p), _iri("organization", rnd.choice(orgs))
            membership = URIRef(f"{BASE}membership/{p}-{org.rsplit('/', 1)[-1]}")
            g.add((membership, RDF.type, ORG.Membership))
            g.add((membership, ORG.member, person))
            g.add((membership, ORG.organization, org))
            g.add((membership, ORG.role, rnd.choice(roles)))
            g.add((person, ORG.memberOf, org))
            annotate(membership, doc)
        for p in people[3:]:
            person = _iri("person", p)
            g.add((event, SCHEMA.attendee, person))
            st = URIRef(f"{BASE}statement/{doc_count}-{p}")
            g.add((st, RDF.type, RDF.Statement))
            g.add((st, RDF.subject, event))
            g.add((st, RDF.predicate, SCHEMA.attendee))
            g.add((st, RDF.object, person))
            annotate(st, doc)
        if doc_count % 3 == 0:
            g.add((doc, RDF.type, SCHEMA.Message))
            g.add((doc, SCHEMA.sender, _iri("person", people[0])))
            g.add((doc, SCHEMA.recipient, _iri("person", people[1])))
            g.add((doc, SCHEMA.dateSent, Literal(f"2021-0{1 + doc_count % 9}-15",
                                                 datatype=XSD.date)))
            g.add((doc, AS.inReplyTo, _iri("work", rnd.randrange(n_works))))
    return g


def _time(args: list[str]) -> tuple[float, float, str]:
    """Wall-clock and CPU seconds (user + system) of one `kg analyze` process, and its first
    line of output. On a shared machine the CPU time is the steadier figure."""
    env = {**os.environ, "PYTHONPATH": str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "graph", "analyze", *args], env=env,
                          capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if done.returncode:
        sys.exit(f"kg analyze failed ({done.returncode}): {done.stderr}")
    return seconds, cpu, done.stdout.splitlines()[0] if done.stdout else ""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=100_000)
    parser.add_argument("--view", dest="views", action="append")
    args = parser.parse_args()
    views = args.views or ["affiliation", "affiliation-people", "affiliation-organizations",
                           "comention", "participation", "met", "citations", "hierarchy",
                           "letters", "relations"]
    with tempfile.TemporaryDirectory(prefix="kg-bench-") as tmp:
        started = time.perf_counter()
        g = generate(args.triples)
        path = Path(tmp) / "bench.nt"
        g.serialize(path, format="nt", encoding="utf-8")
        print(f"generated {len(g)} triples in {time.perf_counter() - started:.1f} s "
              f"({path.stat().st_size / 1e6:.1f} MB of N-Triples)")
        started = time.perf_counter()
        Graph().parse(path, format="nt")
        print(f"parsing the file alone (rdflib): {time.perf_counter() - started:.2f} s")
        print(f"{'kg analyze --view':28s} {'wall s':>7s} {'cpu s':>7s}  summary")
        for name in views:
            seconds, cpu, summary = _time([str(path), "--view", name])
            print(f"{name:28s} {seconds:7.2f} {cpu:7.2f}  {summary}", flush=True)
        outputs = [str(Path(tmp) / f"comention{s}") for s in (".png", ".html", ".gexf")]
        seconds, cpu, summary = _time([str(path), "--view", "comention",
                                       *[x for o in outputs for x in ("--out", o)]])
        sizes = ", ".join(f"{Path(o).suffix} {Path(o).stat().st_size / 1e6:.1f} MB"
                          for o in outputs)
        print(f"{'comention --out png/html/gexf':28s} {seconds:7.2f} {cpu:7.2f}  {sizes}")


if __name__ == "__main__":
    main()
