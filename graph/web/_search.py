"""The search page's index: every name of every entity and source document, in memory.

Searching "any name, as you type" is a substring match over all names, which SPARQL can only do
by scanning every name literal on each key stroke. The served store does not change while it is
served (a build must not write to it then), so the names are read once (``sparql/names.rq``,
one scan of the name properties, and ``sparql/types.rq``, joined here) and kept, folded (case,
accents, spacing), in a list that a search scans in memory.

Reading them takes seconds on a large store (a million triples), so the server
reads them in a background thread as it starts (:meth:`NameIndex.start`); until they are in,
a search asks the store (``sparql/search.rq``: names containing the words in lower case, the
first rows only) and ranks what it gets the same way.
"""

from __future__ import annotations

import threading
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

from rdflib.term import Node

from .._namespaces import SCHEMA

__all__ = ["Hit", "NameIndex", "fold", "joined"]

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


Rows = Iterable[tuple[Node | None, ...]]
Entry = tuple[str, str, str, str, str]  # folded name, name, item, type, label


def joined(names: Sequence[tuple[Node | None, ...]], types: Rows
           ) -> Iterator[tuple[Node | None, ...]]:
    """The rows ``(item, type, name, label)`` of the index, from the rows of ``names.rq``
    ``(item, property, name)`` and ``types.rq`` ``(item, type)``; the label is the preferred
    name (``schema:name``)."""
    kinds: dict[Node, list[Node]] = defaultdict(list)
    for item, kind in types:
        if item is not None and kind is not None:
            kinds[item].append(kind)
    labels = {item: name for item, prop, name in names if prop == SCHEMA.name}
    for item, _, name in names:
        for kind in kinds.get(item, ()) if item is not None else ():
            yield item, kind, name, labels.get(item)


def _entries(rows: Rows) -> list[Entry]:
    entries = set()
    for item, kind, name, label, *_ in rows:
        if item is None or kind is None or name is None:
            continue
        entries.add((fold(str(name)), str(name), str(item), str(kind),
                     str(label if label is not None else name)))
    return sorted(entries)


class NameIndex:
    """The names, read by ``load()`` (rows ``(item, type, name, label, ...)``): in a background
    thread from :meth:`start`, else on first use. Until they are read, and when reading them
    failed, a search started in the background gets ``fallback(words)``'s rows (the nodes
    with a name containing ``words``, lower case)."""

    def __init__(self, load: Callable[[], Rows],
                 fallback: Callable[[str], Rows] | None = None) -> None:
        self._load = load
        self._fallback = fallback
        self._lock = threading.Lock()
        self._entries: list[Entry] | None = None
        self._thread: threading.Thread | None = None
        #: why reading the names failed (None: it did not)
        self.error: BaseException | None = None

    def start(self) -> None:
        """Read the names in a background thread (searches meanwhile use the fallback)."""
        if self._thread is None:
            self._thread = threading.Thread(target=self._read, name="kg-name-index",
                                            daemon=True)
            self._thread.start()

    def _read(self) -> None:
        try:
            self._ready()
        except Exception as exc:  # the fallback answers instead; the error is kept
            self.error = exc

    @property
    def ready(self) -> bool:
        return self._entries is not None

    def wait(self, timeout: float | None = None) -> bool:
        """Wait for the background read (at most ``timeout`` seconds); whether it is done."""
        if self._thread is not None:
            self._thread.join(timeout)
        return self.ready

    def _ready(self) -> list[Entry]:
        with self._lock:
            if self._entries is None:
                self._entries = _entries(self._load())
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
        entries = self._entries
        if entries is None:
            if self._thread is not None and self._fallback is not None:
                entries = _entries(self._fallback(" ".join(query.lower().split())))
            else:
                entries = self._ready()
        allowed = set(types) or set(TYPES)
        best: dict[str, tuple[int, str, Hit]] = {}
        for folded, name, iri, kind, label in entries:
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
