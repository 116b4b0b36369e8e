"""Registries of loaders and extractors, keyed by versioned names such as ``"people.v1"``.

Built-in loaders and extractors register themselves exactly as a third party would::

    from graph.registry import extractors, ExtractorSpec

    @extractors.register("acronyms.v1", produces=("Organization",))
    def find_acronyms(pdoc, found):
        yield ...

An extractor is a function ``(pdoc, found) -> Iterable[Record]`` of a ``ProcessedDocument`` and
the records found so far: everything the extractors that ran before it yielded, which includes
those it ``requires``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Generic, TypeVar

from ._errors import RegistryError

if TYPE_CHECKING:
    from pathlib import Path

    from ._nlp import ProcessedDocument
    from .records import Document, Record

__all__ = ["ExtractorSpec", "LoaderSpec", "Registry", "extractors", "loaders"]

T = TypeVar("T")

ExtractorFunc = Callable[["ProcessedDocument", "Sequence[Record]"], "Iterable[Record]"]
LoaderFunc = Callable[["Path", str], "Document"]


@dataclass(frozen=True)
class ExtractorSpec:
    """A registered extractor: what it needs and which ontology classes its records produce."""

    name: str
    func: ExtractorFunc
    produces: tuple[str, ...]
    requires: tuple[str, ...] = ()


@dataclass(frozen=True)
class LoaderSpec:
    """A registered loader and the file suffixes it reads."""

    name: str
    func: LoaderFunc
    suffixes: tuple[str, ...]
    media_type: str


class Registry(Generic[T]):
    """Named, versioned entries; asking for an unknown name lists the valid ones."""

    def __init__(self, what: str) -> None:
        self._what = what
        self._entries: dict[str, T] = {}

    def add(self, name: str, entry: T) -> None:
        if name in self._entries:
            raise RegistryError(f"{self._what} {name!r} is already registered")
        self._entries[name] = entry

    def remove(self, name: str) -> None:
        """Unregister ``name`` (for plug-ins that are unloaded, and for tests)."""
        self.get(name)
        del self._entries[name]

    def get(self, name: str) -> T:
        try:
            return self._entries[name]
        except KeyError:
            available = ", ".join(sorted(self._entries)) or "(none)"
            raise RegistryError(
                f"unknown {self._what} {name!r}. Available names: {available}"
            ) from None

    def names(self) -> list[str]:
        return sorted(self._entries)

    def __contains__(self, name: object) -> bool:
        return name in self._entries

    def __iter__(self) -> Iterator[T]:
        return iter([self._entries[n] for n in sorted(self._entries)])


class _ExtractorRegistry(Registry[ExtractorSpec]):
    def register(
        self, name: str, *, produces: Sequence[str], requires: Sequence[str] = ()
    ) -> Callable[[ExtractorFunc], ExtractorFunc]:
        def decorate(func: ExtractorFunc) -> ExtractorFunc:
            self.add(name, ExtractorSpec(name, func, tuple(produces), tuple(requires)))
            return func

        return decorate

    def ordered(self, names: Sequence[str] | None = None) -> list[ExtractorSpec]:
        """The chosen extractors (all by default), each after the ones it requires."""
        wanted = list(names) if names is not None else self.names()
        done: dict[str, ExtractorSpec] = {}
        visiting: set[str] = set()

        def visit(name: str) -> None:
            if name in done:
                return
            if name in visiting:
                raise RegistryError(f"extractors require each other in a cycle through {name!r}")
            visiting.add(name)
            spec = self.get(name)
            for dep in spec.requires:
                visit(dep)
            visiting.discard(name)
            done[name] = spec

        for name in wanted:
            visit(name)
        return list(done.values())


class _LoaderRegistry(Registry[LoaderSpec]):
    def register(
        self, name: str, *, suffixes: Sequence[str], media_type: str
    ) -> Callable[[LoaderFunc], LoaderFunc]:
        def decorate(func: LoaderFunc) -> LoaderFunc:
            self.add(name, LoaderSpec(name, func, tuple(s.lower() for s in suffixes), media_type))
            return func

        return decorate

    def for_suffix(self, suffix: str) -> LoaderSpec | None:
        suffix = suffix.lower()
        for spec in self:
            if suffix in spec.suffixes:
                return spec
        return None

    def suffixes(self) -> list[str]:
        return sorted({s for spec in self for s in spec.suffixes})


extractors = _ExtractorRegistry("extractor")
loaders = _LoaderRegistry("loader")
