"""Real servers: the Oxigraph server from PyPI (kg push) and kg serve, on 127.0.0.1."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

import pytest
from click.testing import CliRunner
from rdflib import Graph

from graph._errors import EndpointError
from graph._push import push_dataset
from graph.cli import main
from graph.store import Store, build_into_store

from ._kgserve import fetch, kg_serve

PRESS = ("Paris, 3 May 2021. Ms Amina Example, Director-General of the Example Agency, met "
         "Mr John Sample, Minister of Culture of France, at the Conference on Example Matters "
         "in Geneva.")
NOTE = "Mr Peter Other, President of the Example Council, visited Lyon on 1 April 2020."


def _oxigraph_binary() -> str | None:
    beside = Path(sys.executable).with_name("oxigraph")
    return str(beside) if beside.is_file() else shutil.which("oxigraph")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for(port: int, process: subprocess.Popen, seconds: float = 20.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with code {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"nothing listens on 127.0.0.1:{port} after {seconds} s")


@pytest.fixture
def oxigraph(tmp_path):
    """An Oxigraph server (read-write) on a free port; yields its base URL."""
    binary = _oxigraph_binary()
    if binary is None:
        pytest.skip("the oxigraph server binary (pip install oxigraph) is not installed")
    port = _free_port()
    process = subprocess.Popen(
        [binary, "serve", "--location", str(tmp_path / "oxigraph-db"),
         "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait_for(port, process)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=10)


def _select(url: str, query: str) -> list[dict]:
    request = urllib.request.Request(
        url, data=urlencode({"query": query}).encode(),
        headers={"Accept": "application/sparql-results+json",
                 "Content-Type": "application/x-www-form-urlencoded"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())["results"]["bindings"]


def _graph_on_server(base: str, name: str) -> Graph:
    request = urllib.request.Request(f"{base}/store?{urlencode({'graph': name})}",
                                     headers={"Accept": "application/n-triples"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return Graph().parse(data=response.read(), format="nt")


def test_push_then_rebuild_one_document_changes_only_its_graph(oxigraph, tmp_path, nlp_ready):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "press.txt").write_text(PRESS, encoding="utf-8")
    (docs / "note.txt").write_text(NOTE, encoding="utf-8")
    build_into_store([docs], tmp_path / "store")
    result = CliRunner().invoke(main, ["push", str(tmp_path / "store"),
                                       "--endpoint", f"{oxigraph}/store"])
    assert result.exit_code == 0, result.output
    with Store(tmp_path / "store", read_only=True) as store:
        iris = {p: d.iri for p, d in store.documents().items()}
    rows = _select(f"{oxigraph}/query",
                   "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
    assert {r["g"]["value"] for r in rows} == set(iris.values())
    people = _select(f"{oxigraph}/query", "SELECT ?n WHERE { GRAPH ?g { "
                     "?p a <https://schema.org/Person> ; <https://schema.org/name> ?n } }")
    assert "Peter Other" in {r["n"]["value"] for r in people}
    press_before = _graph_on_server(oxigraph, iris["press.txt"])
    note_before = _graph_on_server(oxigraph, iris["note.txt"])
    assert len(press_before) and len(note_before)

    (docs / "note.txt").write_text(NOTE.replace("Peter", "Paul"), encoding="utf-8")
    build_into_store([docs], tmp_path / "store")
    with Store(tmp_path / "store", read_only=True) as store:
        new_iris = {p: d.iri for p, d in store.documents().items()}
        push_dataset(store.dataset(), f"{oxigraph}/store")
    assert new_iris["press.txt"] == iris["press.txt"]
    press_after = _graph_on_server(oxigraph, new_iris["press.txt"])
    note_after = _graph_on_server(oxigraph, new_iris["note.txt"])
    assert set(press_after) == set(press_before)
    assert set(note_after) != set(note_before)
    names = {str(o) for _, _, o in note_after}
    assert "Paul Other" in names and "Peter Other" not in names


def test_pushing_to_an_unreachable_endpoint_names_the_url(tmp_path):
    from rdflib import Dataset, Literal, URIRef

    ds = Dataset()
    ds.graph(URIRef("https://example.org/kg/id/document/a")).add(
        (URIRef("urn:a"), URIRef("urn:b"), Literal("c")))
    url = f"http://127.0.0.1:{_free_port()}/store"
    with pytest.raises(EndpointError) as err:
        push_dataset(ds, url, timeout=5)
    assert url in str(err.value) and "cannot reach" in str(err.value)
    trig = tmp_path / "g.trig"
    trig.write_bytes(ds.serialize(format="trig").encode())
    before = trig.read_bytes()
    result = CliRunner().invoke(main, ["push", str(trig), "--endpoint", url])
    assert result.exit_code == 2 and url in result.output
    assert trig.read_bytes() == before and sorted(p.name for p in tmp_path.iterdir()) == [
        "g.trig"]


def _person_store(folder: Path) -> Path:
    """A store of one document naming 40 people."""
    from rdflib import Literal, URIRef

    from graph._namespaces import SCHEMA

    g = Graph()
    for i in range(40):
        g.add((URIRef(f"https://example.org/kg/id/person/{i}"), SCHEMA.name,
               Literal(f"Person {i}")))
    with Store(folder / "store") as store:
        store.apply({"p.txt": ("sha256:1", "https://example.org/kg/id/document/p", g)}, [], {})
    return folder / "store"


@pytest.fixture
def served(tmp_path):
    """``kg serve`` over a small store, in its own process; yields the endpoint URL."""
    with kg_serve(_person_store(tmp_path), "--timeout", "1", "--limit", "25") as root:
        yield f"{root}/query"


def _get(url: str, query: str, accept: str = "application/sparql-results+json",
         **params: object):
    return fetch(f"{url}?{urlencode({'query': query, **params})}", accept)


def test_serve_answers_queries_with_a_limit(served):
    status, headers, body = _get(served, "SELECT ?n WHERE { ?p schema:name ?n }")
    assert status == 200
    assert len(json.loads(body)["results"]["bindings"]) == 25
    assert headers.get("X-KG-Truncated") == "25"
    status, headers, body = _get(served, "SELECT ?n WHERE { ?p schema:name 'Person 7' }",
                                 accept="text/csv")
    assert status == 200 and "X-KG-Truncated" not in headers
    assert body.splitlines()[0] == "n"


def test_serve_refuses_updates(served):
    data = "INSERT DATA { <urn:a> <urn:b> <urn:c> }"
    for request in (
        urllib.request.Request(served, data=data.encode(), method="POST",
                               headers={"Content-Type": "application/sparql-update"}),
        urllib.request.Request(served, data=urlencode({"update": data}).encode(),
                               method="POST",
                               headers={"Content-Type": "application/x-www-form-urlencoded"}),
    ):
        with pytest.raises(urllib.error.HTTPError) as err:
            urllib.request.urlopen(request, timeout=30)
        assert err.value.code == 403
        err.value.close()
    status, _, body = _get(served, data)
    assert status == 400 and "SPARQL update" in body
    status, _, body = _get(served, "ASK { <urn:a> <urn:b> <urn:c> }")
    assert status == 200 and json.loads(body)["boolean"] is False


def test_serve_reports_parse_errors_and_timeouts(served):
    status, _, body = _get(served, "SELECT ?n\nWHERE { ?p schema:name }")
    assert status == 400 and "2:" in body
    status, _, body = _get(
        served, "SELECT (COUNT(*) AS ?c) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . "
            "?m ?n ?o . ?p ?q ?r }")
    assert status == 503 and "time limit" in body


def test_serve_pages_with_limit_and_offset(served):
    query = "SELECT ?n WHERE { ?p schema:name ?n } ORDER BY ?n"
    status, _, body = _get(served, query)
    every = [b["n"]["value"] for b in json.loads(body)["results"]["bindings"]]
    status, headers, body = _get(served, query, limit=5, offset=10)
    assert status == 200 and headers.get("X-KG-Truncated") == "5"
    assert [b["n"]["value"] for b in json.loads(body)["results"]["bindings"]] == every[10:15]
    status, _, body = _get(served, query, limit="many")
    assert status == 400 and "limit" in body
    status, _, body = _get(served, query, offset=-1)
    assert status == 400 and "offset" in body


SLOW = ("SELECT (COUNT(*) AS ?c) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . "
        "?m ?n ?o . ?p ?q ?r }")


@pytest.fixture
def served_by_workers(tmp_path):
    """``kg serve`` with three query workers and a time limit of 15 s."""
    with kg_serve(_person_store(tmp_path), "--timeout", "15", "--workers", "3") as root:
        yield f"{root}/query"


def test_a_slow_query_does_not_hold_up_the_other_clients(served_by_workers):
    from concurrent.futures import ThreadPoolExecutor

    url = served_by_workers
    with ThreadPoolExecutor(max_workers=9) as clients:
        slow = clients.submit(_get, url, SLOW)
        # the slow query is sent first; eight clients then ask five cheap questions each
        cheap = [clients.submit(_get, url, f"SELECT ?p WHERE {{ ?p schema:name 'Person {i}' }}",
                                "text/csv")
                 for i in range(40)]
        answers = [future.result() for future in cheap]
        slow_was_running = not slow.done()
        status, _, body = slow.result()
    assert slow_was_running, "every cheap query was answered while the slow one still ran"
    for i, (code, _, text) in enumerate(answers):
        assert code == 200
        assert text.splitlines() == ["p", f"https://example.org/kg/id/person/{i}"]
    assert status == 503 and "time limit" in body
    # the worker that ran it was replaced: the endpoint still answers
    code, _, text = _get(url, "ASK { ?p schema:name 'Person 3' }")
    assert code == 200 and json.loads(text)["boolean"] is True
