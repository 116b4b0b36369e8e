"""Curation files: hand decisions about entities, applied on every build.

A curation file is TOML. Each decision names entities by IRI (as ``kg entities`` lists them, the
IRI a build gave the entity) or by name (compared folded: case, accents, punctuation and a
leading article do not matter), optionally limited to one ``type``
(Person, Organization, Event, Place, CreativeWork)::

    [[same_as]]                # these are one entity
    entities = ["Mr Fedotov", "Mikhail Fedotov"]
    type = "Person"

    [[not_same_as]]            # these are never one entity
    entities = ["Smith", "John Smith"]

    [[rename]]                 # the entity's preferred name (the old ones stay alternate names)
    entity = "https://example.org/kg/id/person/4d1d7369b4fd7194"
    name = "Mikhail Alexandrovich Fedotov"

    [[retype]]                 # the entity is of another type
    entity = "Future of Life Institute"
    from = "Person"            # optional: only where it was read as this type
    type = "Organization"

    [[reject]]                 # this one relation is wrong: it is left out of the graph
    subject = "https://example.org/kg/id/event/9a0c3b5e8e2d4f17"
    predicate = "schema:attendee"   # a full IRI or a prefixed name (schema:, org:, as:...)
    object = "Mikhail Fedotov"

A reject names its subject and object as the other sections name entities (an IRI, which may
also be the IRI the page of an entity or a source document shows, or a name), and one property.
The build leaves out the relation wherever a document states it, and its reified statement and
evidence with it; the rest of what the documents say of both entities stays.

The build never writes to the file, so the decisions survive every rebuild. A decision that
matches nothing is reported as a warning (the entity may be gone, or its IRI changed). An IRI
matches the entity it was minted for before any decision and any join: after a rename or a
join, ``kg entities`` shows the older IRIs under ``same_as``, and those still work.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ._errors import InputError
from ._iri import normalize_name
from ._namespaces import PREFIXES
from .records import EntityKind

__all__ = ["Curation", "EntityRef", "load_curation"]

_SECTIONS = ("same_as", "not_same_as", "rename", "retype", "reject")


@dataclass(frozen=True, slots=True)
class EntityRef:
    """An entity named in a curation decision: an IRI or a name, of any type or one."""

    text: str
    kind: EntityKind | None = None

    @property
    def is_iri(self) -> bool:
        return "://" in self.text

    def matches(self, kind: EntityKind, iris: Iterable[str], names: Iterable[str]) -> bool:
        """Whether an entity of ``kind`` with these IRIs and names is the one meant."""
        if self.kind is not None and kind is not self.kind:
            return False
        if self.is_iri:
            return self.text in set(iris)
        return normalize_name(self.text) in {normalize_name(n) for n in names}


@dataclass(frozen=True, slots=True)
class Decision:
    """One decision of the file: ``action`` is a section name; ``where`` says where it stands."""

    action: str
    refs: tuple[EntityRef, ...]
    where: str
    name: str | None = None  # rename: the new name
    kind: EntityKind | None = None  # retype: the new type
    predicate: str | None = None  # reject: the property's full IRI


@dataclass(frozen=True)
class Curation:
    """The decisions of one curation file (or none)."""

    decisions: tuple[Decision, ...] = ()

    def of(self, action: str) -> list[Decision]:
        return [d for d in self.decisions if d.action == action]

    def apart_names(self) -> list[tuple[frozenset[str], frozenset[str]]]:
        """The not-same-as decisions between names, as pairs of folded name sets (IRIs left
        out: they name whole entities, which only the cross-document step sees)."""
        pairs = []
        for d in self.of("not_same_as"):
            sides = [frozenset(normalize_name(r.text) for r in d.refs[:1] if not r.is_iri),
                     frozenset(normalize_name(r.text) for r in d.refs[1:] if not r.is_iri)]
            if sides[0] and sides[1]:
                pairs.append((sides[0], sides[1]))
        return pairs


def _kind(value: object, where: str, path: str) -> EntityKind | None:
    if value is None:
        return None
    try:
        return EntityKind(str(value))
    except ValueError:
        raise InputError(path, f"{where}: unknown type {value!r}. Available types: "
                         + ", ".join(k.value for k in EntityKind)) from None


def _text(value: object, what: str, where: str, path: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise InputError(path, f"{where}: {what} must be a non-empty string, got {value!r}")
    return value.strip()


def _predicate(value: object, where: str, path: str) -> str:
    """A reject's property as a full IRI: given as one, or as a prefixed name."""
    text = _text(value, "'predicate'", where, path)
    if "://" in text:
        return text
    prefix, colon, local = text.partition(":")
    if not colon or prefix not in PREFIXES or not local:
        raise InputError(path, f"{where}: 'predicate' must be a full IRI or a prefixed name, "
                         f"got {text!r}. Available prefixes: {', '.join(sorted(PREFIXES))}")
    return str(PREFIXES[prefix][local])


def _decision(action: str, item: object, where: str, path: str) -> Decision:
    if not isinstance(item, dict):
        raise InputError(path, f"{where}: expected a table ([[{action}]]), got {item!r}")
    allowed = {"same_as": {"entities", "type"}, "not_same_as": {"entities", "type"},
               "rename": {"entity", "type", "name"}, "retype": {"entity", "from", "type"},
               "reject": {"subject", "predicate", "object"}}[action]
    unknown = sorted(set(item) - allowed)
    if unknown:
        raise InputError(path, f"{where}: unknown key(s) {', '.join(unknown)}. "
                         f"Available keys: {', '.join(sorted(allowed))}")
    if action in ("same_as", "not_same_as"):
        entities = item.get("entities")
        if not isinstance(entities, list) or len(entities) < 2:
            raise InputError(path, f"{where}: 'entities' must list two or more IRIs or names")
        kind = _kind(item.get("type"), where, path)
        refs = tuple(EntityRef(_text(e, "each entity", where, path), kind) for e in entities)
        return Decision(action, refs, where)
    if action == "reject":
        refs = tuple(EntityRef(_text(item.get(side), f"'{side}'", where, path))
                     for side in ("subject", "object"))
        return Decision(action, refs, where,
                        predicate=_predicate(item.get("predicate"), where, path))
    entity = _text(item.get("entity"), "'entity'", where, path)
    if action == "rename":
        ref = EntityRef(entity, _kind(item.get("type"), where, path))
        return Decision(action, (ref,), where, name=_text(item.get("name"), "'name'", where, path))
    new_kind = _kind(item.get("type"), where, path)
    if new_kind is None:
        raise InputError(path, f"{where}: a retype needs the new 'type'")
    return Decision(action, (EntityRef(entity, _kind(item.get("from"), where, path)),), where,
                    kind=new_kind)


def load_curation(path: Path | None) -> Curation:
    """Read a curation file; None gives no decisions. Raises InputError on a bad file."""
    if path is None:
        return Curation()
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputError(str(path), f"cannot read the curation file: {exc.strerror or exc}"
                         ) from exc
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise InputError(str(path), f"the curation file is not valid UTF-8 TOML: {exc}") from exc
    unknown = sorted(set(data) - set(_SECTIONS))
    if unknown:
        raise InputError(str(path), f"unknown section(s) {', '.join(unknown)}. "
                         f"Available sections: {', '.join(f'[[{s}]]' for s in _SECTIONS)}")
    decisions = []
    for action in _SECTIONS:
        items = data.get(action, [])
        if not isinstance(items, list):
            raise InputError(str(path), f"'{action}' must be an array of tables ([[{action}]])")
        for n, item in enumerate(items, start=1):
            decisions.append(_decision(action, item, f"[[{action}]] #{n}", str(path)))
    return Curation(tuple(decisions))
