"""The tally (``graph._build.tally``): a document taken out leaves what never adding it
leaves, so a full build (every document in) and an incremental one (old versions out, new
ones in) count the same."""

from __future__ import annotations

import pytest

from graph._build.map import Mapped
from graph._build.spool import Edit
from graph._build.tally import Refcount, Tally, edited_digests
from graph._ntriples import digests_of

A = "<https://example.org/kg/id/person/a>"
B = "<https://example.org/kg/id/organization/b>"
NAME = "<https://schema.org/name>"


def line(subject: str, value: str) -> str:
    return f'{subject} {NAME} "{value}" .\n'


def mapped(path: str, subjects: tuple[str, ...], lines: list[str], **more: object) -> Mapped:
    return Mapped(path, f"key-{path}", subjects=subjects, digests=digests_of(sorted(set(lines))),
                  own_lines=len(lines), **more)  # type: ignore[arg-type]


ONE = mapped("one.txt", (A, B), [line(A, "Ada"), line(B, "Museums")],
             typed=(("Person", A[1:-1]),), mentions=(A,), mixed=(B,))
TWO = mapped("two.txt", (A,), [line(A, "Ada Quill")], typed=(("Person", A[1:-1]),))


def figures(tally: Tally) -> tuple[object, ...]:
    counted = tally.result()
    return (counted, dict(tally.one_doc), {s: set(d) for s, d in tally.docs_of.items()},
            dict(tally.typed), dict(tally.mentioned), dict(tally.mixed), tally.own_lines)


def test_a_document_taken_out_leaves_what_never_adding_it_leaves():
    alone = Tally()
    alone.add("one.txt", ONE)
    both = Tally()
    both.add("one.txt", ONE)
    both.add("two.txt", TWO)
    assert sorted(both.docs(A)) == ["one.txt", "two.txt"]
    both.retract("two.txt", TWO)
    assert figures(both) == figures(alone)
    assert list(both.docs(A)) == ["one.txt"]


def test_every_document_taken_out_leaves_an_empty_tally():
    tally = Tally()
    tally.add("one.txt", ONE)
    tally.add("two.txt", TWO)
    tally.retract("one.txt", ONE)
    tally.retract("two.txt", TWO)
    assert figures(tally) == figures(Tally())


def test_a_document_edited_counts_its_edited_lines():
    edit = Edit(frozenset({line(A, "Ada")}), frozenset({line(A, "Ada Quill")}))
    edited = Tally()
    edited.add("one.txt", ONE)
    edited.add("two.txt", TWO)
    edited.reedit(ONE.digests, None, edit)  # consolidation gives A one name
    # own_lines (2 + 1 here) and the distinct edited lines: A's one name, B's
    assert edited.result()["triples"] == 3 + 2
    at_once = Tally()
    at_once.add("one.txt", ONE, edit)
    at_once.add("two.txt", TWO)
    assert figures(edited) == figures(at_once)
    edited.retract("one.txt", ONE, edit)
    edited.retract("two.txt", TWO)
    assert figures(edited) == figures(Tally())


def test_edited_digests_apply_the_edit_as_the_spool_does():
    lines = {line(A, "Ada"), line(B, "Museums")}
    edit = Edit(frozenset({line(A, "Ada")}), frozenset({line(A, "Ada Quill"), line(B, "Museums")}))
    expected = (lines - edit.remove) | edit.add
    assert chunks(edited_digests(digests_of(sorted(lines)), edit)) == chunks(
        digests_of(sorted(expected)))
    assert len(edited_digests(digests_of(sorted(lines)), edit)) == 8 * len(expected)


def chunks(digests: bytes) -> set[bytes]:
    return {digests[i : i + 8] for i in range(0, len(digests), 8)}


def test_a_digest_taken_out_more_often_than_put_in_is_an_error():
    def d(*numbers: int) -> bytes:
        return b"".join(n.to_bytes(8, "little") for n in numbers)

    refcount = Refcount()
    refcount.change(d(1, 2), 1)
    with pytest.raises(ValueError):
        refcount.change(d(1, 1), -1)
