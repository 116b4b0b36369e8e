"""The spool: documents' triples on disk, streamed out as N-Quads, TriG and N-Triples."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Dataset, Graph, URIRef

from graph._build.spool import Edit, Spool, SpoolEntry, split_lines
from graph._errors import OutputError
from graph._output import write_streaming

BASE = "https://example.org/kg/id"
SHARED_A = [f'<{BASE}/person/1> <https://schema.org/name> "Ada \\"Quill\\"\\n" .\n',
            f"<{BASE}/person/1> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
            "<https://schema.org/Person> .\n"]
OWN_A = [f"<{BASE}/annotation/a1> <http://www.w3.org/ns/oa#hasBody> <{BASE}/person/1> .\n",
         f"<{BASE}/document/a#char=0,3> <http://www.w3.org/ns/oa#hasSource> "
         f"<{BASE}/document/a> .\n"]
SHARED_B = [SHARED_A[1], f'<{BASE}/person/1> <https://schema.org/name> "Ada" .\n']


def spool_of(tmp_path: Path, documents: list[tuple[str, list[str]]]) -> Spool:
    spool = Spool(tmp_path)
    for key, lines in documents:
        shared, own = split_lines(lines)
        data = "".join(shared).encode() + "".join(own).encode()
        spool.put(f"{key}.nt", data)
        spool.entries.append(SpoolEntry(f"{key}.txt", f"{BASE}/document/{key}", f"{key}.nt",
                                        len("".join(shared).encode()), len(shared) + len(own)))
    return spool


def test_lines_about_own_nodes_go_after_the_shared_ones():
    shared, own = split_lines([*OWN_A, *SHARED_A, SHARED_A[0]])
    assert shared == sorted(SHARED_A)
    assert own == sorted(OWN_A)


def test_nquads_keep_one_named_graph_per_document(tmp_path):
    spool = spool_of(tmp_path, [("a", SHARED_A + OWN_A), ("b", SHARED_B)])
    ds = Dataset()
    ds.parse(data=spool.nquads(), format="nquads")
    a = ds.graph(URIRef(f"{BASE}/document/a"))
    b = ds.graph(URIRef(f"{BASE}/document/b"))
    assert len(a) == 4 and len(b) == 2
    assert Graph().parse(data="".join(SHARED_A + OWN_A), format="nt").isomorphic(a)


def test_trig_streams_the_same_quads(tmp_path):
    spool = spool_of(tmp_path, [("a", SHARED_A + OWN_A), ("b", SHARED_B)])
    out = tmp_path / "g.trig"
    write_streaming(out, spool.write_trig)
    from_trig, from_nq = Dataset(), Dataset()
    from_trig.parse(out, format="trig")
    from_nq.parse(data=spool.nquads(), format="nquads")
    assert set(from_trig.quads((None, None, None, None))) == set(
        from_nq.quads((None, None, None, None)))


def test_ntriples_write_a_triple_two_documents_give_once(tmp_path):
    spool = spool_of(tmp_path, [("a", SHARED_A + OWN_A), ("b", SHARED_B)])
    out = tmp_path / "g.nt"
    write_streaming(out, spool.write_ntriples)
    lines = out.read_text(encoding="utf-8").splitlines(keepends=True)
    assert len(lines) == len(set(lines)) == 5
    assert sum(e.lines for e in spool.entries) == 6  # counted once per document


def test_edits_replace_lines_of_the_shared_part(tmp_path):
    spool = spool_of(tmp_path, [("a", SHARED_A + OWN_A)])
    new = f'<{BASE}/person/1> <https://schema.org/name> "Ada" .\n'
    spool.edits[0] = Edit(frozenset({SHARED_A[0]}), frozenset({new}))
    shared, own = spool.parts(0)
    assert shared.decode().splitlines(keepends=True) == sorted([SHARED_A[1], new])
    assert own.decode() == "".join(sorted(OWN_A))


def test_a_temporary_spool_is_removed_on_close():
    spool = Spool.temporary()
    spool.put("x.nt", b"")
    assert spool.folder.is_dir()
    spool.close()
    assert not spool.folder.exists()


def test_a_failed_write_leaves_the_old_file(tmp_path):
    out = tmp_path / "g.nq"
    out.write_bytes(b"old\n")

    def broken(fh):  # type: ignore[no-untyped-def]
        fh.write(b"half")
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        write_streaming(out, broken)
    assert out.read_bytes() == b"old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["g.nq"]


def test_a_missing_spool_file_is_a_clear_error(tmp_path):
    spool = spool_of(tmp_path, [("a", SHARED_A)])
    (tmp_path / "a.nt").unlink()
    with pytest.raises(OutputError, match=r"a\.txt"):
        spool.nquads()
