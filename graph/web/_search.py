"""The search page's index: every name of every entity and source document, in memory.

Searching "any name, as you type" is a substring match over all names, which SPARQL can only do
by scanning every name literal on each key stroke. The served store does not change while it is
served (a build must not write to it then), so the names are read once (``sparql/names.rq``,
one pass over the name properties) and kept, folded (case, accents, spacing), in a list that a
search scans in memory.
"""

from __future__ import annotations

import threading
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from rdflib.term import Node

__all__ = ["Hit", "NameIndex", "fold"]

TYPES = ("Person", "Organization", "Event", "Place", "CreativeWork", "Document")


def fold(text: str) -> str:
    """``text`` compared loosely: case and accents dropped, runs of spaces made one."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


@dataclass(frozen=True, slots=True)
class Hit:
    """One search result: the node, its preferred name, its type and the name that matched."""

    iri: str
    label: str
    type: str
    matched: str


class NameIndex:
    """The names, loaded on first use by ``load()`` (rows ``(item, type, name, label)``)."""

    def __init__(self, load: Callable[[], Iterable[tuple[Node | None, ...]]]) -> None:
        self._load = load
        self._lock = threading.Lock()
        self._entries: list[tuple[str, str, str, str, str]] | None = None

    def _ready(self) -> list[tuple[str, str, str, str, str]]:
        with self._lock:
            if self._entries is None:
                entries = set()
                for item, kind, name, label in self._load():
                    if item is None or kind is None or name is None:
                        continue
                    entries.add((fold(str(name)), str(name), str(item), str(kind),
                                 str(label if label is not None else name)))
                self._entries = sorted(entries)
            return self._entries

    def __len__(self) -> int:
        return len(self._ready())

    def search(self, query: str, types: Iterable[str] = (), limit: int = 50) -> list[Hit]:
        """The nodes with a name containing ``query`` (folded), of one of ``types`` (all when
        empty): whole-name matches first, then names starting with it, then words starting
        with it, then the rest; one hit per node."""
        wanted = fold(query)
        if not wanted:
            return []
        allowed = set(types) or set(TYPES)
        best: dict[str, tuple[int, str, Hit]] = {}
        for folded, name, iri, kind, label in self._ready():
            if kind not in allowed:
                continue
            where = folded.find(wanted)
            if where < 0:
                continue
            rank = (0 if folded == wanted else 1 if where == 0
                    else 2 if folded[where - 1] == " " else 3)
            found = best.get(iri)
            if found is None or (rank, name) < found[:2]:
                best[iri] = (rank, name, Hit(iri, label, kind, name))
        ordered = sorted(best.values(), key=lambda b: (b[0], fold(b[2].label), b[2].iri))
        return [hit for _, _, hit in ordered[:limit]]
