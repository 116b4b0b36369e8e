"""Benchmark: the pages of ``kg serve`` on a store of about a million triples.

The synthetic corpus of ``scripts/bench_store.py`` (same generator, same seed) is loaded into a
store, with a text for every document (its mentions at their offsets) and the manifest entries
that let the pages find those texts. ``kg serve``'s server is started in this process on a free
port and each kind of page is fetched over HTTP for many different nodes; prints the median
(p50) and 90th percentile latency per kind, in milliseconds.

    python scripts/bench_web.py                  # 8000 documents, about 1.1 million triples
    python scripts/bench_web.py --documents 800  # a quick run
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import statistics
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote, urlencode

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_store import generate

from graph._namespaces import OA, RDF, SCHEMA
from graph._serve import make_server
from graph._texts import write_text
from graph.store import MANIFEST, Store

BASE = "https://example.org/kg"


def texts(quads: list[tuple]) -> dict[str, str]:
    """A text per document: each quoted mention (``oa:exact``) at its offsets."""
    starts, exacts, source = {}, {}, {}
    for s, p, o, _ in quads:
        if p == OA.start:
            starts[s] = int(o)
        elif p == OA.exact:
            exacts[s] = str(o)
        elif p == OA.hasSelector:
            source[o] = s
    docs: dict[str, list[tuple[int, str]]] = {}
    for selector, start in starts.items():
        doc = str(source[selector]).split("#", 1)[0]
        docs.setdefault(doc, []).append((start, exacts[selector]))
    out = {}
    for doc, spans in docs.items():
        chars = [" "] * (max(s + len(e) for s, e in spans) + 20)
        for start, exact in spans:
            chars[start:start + len(exact)] = exact
        out[doc] = "".join(chars)
    return out


def make_store(folder: Path, documents: int) -> tuple[list[str], list[str], list[str]]:
    """The store; returns IRIs of people, organisations and documents to fetch."""
    quads = generate(documents)
    people = sorted({str(s) for s, p, o, _ in quads if p == RDF.type and o == SCHEMA.Person})
    orgs = sorted({str(s) for s, p, o, _ in quads if p == RDF.type
                   and o == SCHEMA.Organization})
    with Store(folder) as store:
        store.load_quads(quads)
    manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    manifest["settings"] = {"base": BASE}
    for n, (doc, text) in enumerate(sorted(texts(quads).items())):
        content_hash = "sha256:" + hashlib.sha256(text.encode()).hexdigest()
        write_text(folder, content_hash, text)
        manifest["documents"][f"doc-{n:05d}.txt"] = {"hash": content_hash, "iri": doc}
    (folder / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    docs = sorted(d["iri"] for d in manifest["documents"].values())
    return people, orgs, docs


def fetch(url: str, accept: str = "text/html") -> float:
    started = time.perf_counter()
    request = urllib.request.Request(url, headers={"Accept": accept})
    with urllib.request.urlopen(request, timeout=60) as response:
        response.read()
        assert response.status == 200, url
    return (time.perf_counter() - started) * 1000


def report(label: str, times: list[float]) -> None:
    times = sorted(times)
    p90 = times[min(len(times) - 1, int(len(times) * 0.9))]
    print(f"{label:34} {len(times):>5} {statistics.median(times):>9.1f} {p90:>9.1f}",
          flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=8000)
    parser.add_argument("--samples", type=int, default=60, help="pages fetched per kind")
    args = parser.parse_args()
    rnd = random.Random(11)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "store"
        started = time.perf_counter()
        people, orgs, docs = make_store(folder, args.documents)
        print(f"store built in {time.perf_counter() - started:.1f} s", flush=True)
        started = time.perf_counter()
        server = make_server(folder, port=0)  # starts reading the name index meanwhile
        assert server.web is not None
        threading.Thread(target=server.serve_forever, daemon=True).start()
        root = server.url.removesuffix("/query")
        try:
            t = fetch(root + "/search?q=Amina")
            print(f"first search, as the server starts (from the store until the name index "
                  f"is read): {t:.0f} ms")
            early = [fetch(root + "/search?" + urlencode({"q": w, "fragment": 1}))
                     for w in ("garc", "okafor 2", "organisation 4")]
            print("searches while the index is read: "
                  + ", ".join(f"{t:.0f}" for t in early) + " ms")
            server.web.names.wait()
            print(f"name index read {time.perf_counter() - started:.1f} s after the server "
                  f"started; store holds {len(server.store):,} quads, {len(docs):,} documents "
                  "with texts\n")
            print(f"{'page':34} {'n':>5} {'p50 ms':>9} {'p90 ms':>9}")

            def path(iri: str) -> str:
                return root + iri[len(BASE):]

            kinds = [
                ("search as you type (fragment)", [
                    root + "/search?" + urlencode({"q": w, "fragment": 1})
                    for w in rnd.choices(["ami", "garc", "chen 1", "organisation 4",
                                          "city 1", "okafor 2"], k=args.samples)], "text/html"),
                ("entity page, person", [path(i) for i in rnd.sample(people, args.samples)],
                 "text/html"),
                ("entity page, organisation", [path(i) for i in rnd.sample(
                    orgs, min(args.samples, len(orgs)))], "text/html"),
                ("document page", [path(i) for i in rnd.sample(docs, args.samples)],
                 "text/html"),
                ("entity as Turtle", [path(i) for i in rnd.sample(people, args.samples)],
                 "text/turtle"),
                ("entity as JSON-LD", [path(i) for i in rnd.sample(people, args.samples)],
                 "application/ld+json"),
                ("saved query form (members)", [
                    root + "/queries/members?" + urlencode(
                        {"organization": f"Example Organisation {rnd.randrange(len(orgs))}"})
                    for _ in range(args.samples)], "text/html"),
                ("unknown IRI (404)", [], "text/html"),
            ]
            for label, urls, accept in kinds:
                if urls:
                    report(label, [fetch(u, accept) for u in urls])
            missing = [root + "/resource?iri=" + quote(f"{BASE}/id/person/none{n}", safe="")
                       for n in range(args.samples)]
            times = []
            for url in missing:
                started = time.perf_counter()
                try:
                    urllib.request.urlopen(url, timeout=60)
                except urllib.error.HTTPError as exc:
                    exc.close()
                times.append((time.perf_counter() - started) * 1000)
            report("unknown IRI (404)", times)
        finally:
            server.shutdown()
            server.server_close()
            server.store.close()
    print(f"\none request at a time over HTTP on 127.0.0.1; python {sys.version.split()[0]}")


if __name__ == "__main__":
    main()
