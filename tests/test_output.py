from __future__ import annotations

import os

import pytest
from rdflib import Dataset, Literal, URIRef

from graph._errors import GraphFileError, OutputError
from graph._output import FORMATS, format_for, read_graph, serialize, write_atomic

EX = "https://example.org/kg/id/"


def dataset():
    ds = Dataset()
    for n in range(3):
        g = ds.graph(URIRef(f"{EX}document/{n}"))
        g.add((URIRef(f"{EX}person/{n}"), URIRef("https://schema.org/name"), Literal(f"P{n}")))
        g.add((URIRef(f"{EX}person/x"), URIRef("https://schema.org/name"), Literal("shared")))
    return ds


@pytest.mark.parametrize(
    ("name", "fmt"),
    [("g.ttl", "turtle"), ("g.trig", "trig"), ("g.nq", "nquads"), ("g.nt", "ntriples"),
     ("g.jsonld", "json-ld"), ("G.TTL", "turtle")],
)
def test_format_follows_the_suffix(tmp_path, name, fmt):
    assert format_for(tmp_path / name) == fmt


def test_unknown_suffix_lists_the_known_ones(tmp_path):
    with pytest.raises(OutputError, match=r"\.ttl.*\.trig"):
        format_for(tmp_path / "g.xyz")


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_every_format_round_trips(tmp_path, fmt):
    suffix = FORMATS[fmt][1][0]
    path = tmp_path / f"g{suffix}"
    write_atomic(path, serialize(dataset(), fmt))
    back = read_graph(path)
    triples = {(s, p, o) for s, p, o, _ in back.quads((None, None, None, None))}
    assert len(triples) == 4
    if FORMATS[fmt][2]:  # named graphs kept: one per document
        assert len({c for *_, c in back.quads((None, None, None, None))}) == 3


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_serialisation_is_deterministic(fmt):
    assert serialize(dataset(), fmt) == serialize(dataset(), fmt)


def test_atomic_write_keeps_the_old_file_when_writing_fails(tmp_path, monkeypatch):
    path = tmp_path / "graph.ttl"
    path.write_bytes(b"old")

    def broken_fsync(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", broken_fsync)
    with pytest.raises(OutputError, match="No space left"):
        write_atomic(path, b"new graph")
    assert path.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["graph.ttl"]


def test_atomic_write_creates_folders(tmp_path):
    path = tmp_path / "a" / "b" / "g.ttl"
    write_atomic(path, b"x")
    assert path.read_bytes() == b"x"


def test_reading_a_broken_graph_says_where(tmp_path):
    path = tmp_path / "broken.ttl"
    path.write_text("<a> <b> .", encoding="utf-8")
    with pytest.raises(GraphFileError, match=r"broken\.ttl: not valid turtle"):
        read_graph(path)


def test_reading_a_missing_graph(tmp_path):
    with pytest.raises(GraphFileError, match="no such graph file"):
        read_graph(tmp_path / "missing.ttl")
