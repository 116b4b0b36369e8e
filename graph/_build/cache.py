"""Incremental builds: what each input file gave last time, kept beside the output.

``OUT.manifest.json`` lists, for the last build written to ``OUT``, every document's relative
path, the SHA-256 of its bytes and its document IRI. ``OUT.kg-cache/`` keeps each document's
worker result, what depends on that document alone: its ``Document`` and ``ResolvedDocument``
records and its warnings, one gzip-compressed pickle per (relative path, content hash). A
rebuild takes the results of unchanged files from the cache and sends only new and changed
files to the workers; linking across documents, mapping and consolidation then run over
everything, so the graph is the one a full build would give. What is derived from them is kept
too (``derived/``), keyed by a digest of all it depends on: a document's triples, keyed by its
bytes, document IRI and the links of its entities (so a document whose links are unchanged is
not mapped again) are kept as its spooled N-Triples (``graphs/``, see ``spool``) and its
``map.Mapped`` summary with its SHACL findings (``derived/``): an unchanged document is
neither mapped nor validated again, and the output is written by streaming the spooled files.
``state.pkl`` is what the last build decided across documents (``state``): a rebuild starts
from it and costs what changed rather than what the corpus holds.

The cache is only used when it was made by the same kg-builder version with the same options,
shapes, gazetteer, authority and curation files, and the same registered extractors and loaders
with the same code and data (its *key*, ``config.key_parts``, kept in ``key.json`` so that the
next build's plan can say which part changed); otherwise it is emptied.
It is a local working folder written by this program (pickles are never to be shared: load only
a cache you made). Cache entries are written as
soon as a document is built, each atomically, so an interrupted build leaves a usable cache: the
next build resumes from it. The manifest is written last, after the output.
"""

from __future__ import annotations

import gc
import gzip
import hashlib
import json
import os
import pickle
import shutil
from pathlib import Path

from .._errors import OutputError
from .._fork import wait_written
from .._output import write_atomic
from .config import FORMAT_VERSION, BuildConfig, key_digest, key_parts
from .map import Mapped
from .plan import Earlier
from .read import Outcome
from .state import load, wait_saved

__all__ = ["OutcomeCache", "cache_dir", "manifest_path", "ocr_cache_dir", "write_manifest"]


def manifest_path(output: Path) -> Path:
    return output.with_name(output.name + ".manifest.json")


def cache_dir(output: Path) -> Path:
    return output.with_name(output.name + ".kg-cache")


#: The OCR page cache's folder inside the build cache (kept when the rest is emptied).
OCR_FOLDER = "ocr"


def ocr_cache_dir(output: Path) -> Path:
    """Where the recognised pages of the builds written to ``output`` are kept (``_scan``)."""
    return cache_dir(output) / OCR_FOLDER


def _key(relpath: str, content_hash: str) -> str:
    return hashlib.sha256(f"{relpath}\0{content_hash}".encode()).hexdigest()


def _load(raw: bytes) -> Outcome:
    outcome = pickle.loads(raw)  # a cache this program wrote (see the docstring)
    if not isinstance(outcome, Outcome):
        raise TypeError("not a cached outcome")
    return outcome


class OutcomeCache:
    """Worker results of earlier builds, keyed by relative path and content hash."""

    def __init__(self, folder: Path, config: BuildConfig) -> None:
        self.folder = Path(folder)
        #: the parts of this build's key, and of the key of the build before (None: none)
        self.key = key_parts(config)
        self.stamp = key_digest(self.key)
        self.key_before = self._key_before()
        try:
            if self.key_before != self.key:
                wait_written()  # no child writing a state into the folder (state.save)
                self.folder.mkdir(parents=True, exist_ok=True)
                for entry in self.folder.iterdir():  # the OCR page cache stays (see _scan)
                    if entry.name != OCR_FOLDER:
                        if entry.is_dir() and not entry.is_symlink():
                            shutil.rmtree(entry, ignore_errors=True)
                        else:
                            entry.unlink(missing_ok=True)
                write_atomic(self.folder / "key.json", json.dumps(self.key).encode("ascii"))
                write_atomic(self.folder / "fingerprint", self.stamp.encode("ascii"))
        except OSError as exc:
            raise OutputError(f"cannot use the build cache {self.folder}: {exc}") from exc
        self.hits = 0
        #: whether the last build was made from the state of the one before (``incremental``)
        self.incremental = False
        #: (content hash, document IRI) of every document of this build, by relative path
        self.entries: dict[str, tuple[str, str]] = {}
        #: keys of the derived results used by this build (see :meth:`recall`)
        self.checked: set[str] = set()

    def _key_before(self) -> dict[str, str] | None:
        """The parts of the key of the build that made the folder (None: none did; {}: a
        cache written before the parts were kept)."""
        try:
            stamp = (self.folder / "fingerprint").read_text(encoding="ascii").strip()
        except OSError:
            return None
        if stamp == self.stamp:
            return self.key
        try:
            parts = json.loads((self.folder / "key.json").read_text(encoding="ascii"))
        except (OSError, ValueError):
            return {}
        return parts if isinstance(parts, dict) else {}

    def earlier(self) -> Earlier:
        """What the last build left here, for the plan of this one (``plan``): its key, and
        the state it saved (loaded here)."""
        file = self.state_file()
        wait_saved(file)  # a child of the last build in this process may be writing it
        if not file.exists():
            return Earlier("cache", self.key, self.key_before,
                           lost="the last build left no saved state")
        # the state is millions of objects, none of them garbage: the cyclic collector would
        # scan them again and again while they are made, for nothing
        collecting = gc.isenabled()
        gc.disable()
        try:
            state = load(file)
        finally:
            if collecting:
                gc.enable()
        if state is None:
            return Earlier("cache", self.key, self.key_before,
                           lost="the saved state is unreadable")
        return Earlier("cache", self.key, self.key_before,
                       {p: d.content_hash for p, d in state.docs.items()}, state=state)

    def _file(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.pkl.gz"

    @staticmethod
    def hash_of(path: Path) -> str:
        """The content hash of a file (as ``Document.content_hash``)."""
        return f"sha256:{hashlib.sha256(path.read_bytes()).hexdigest()}"

    def get(self, path: Path, relpath: str) -> Outcome | None:
        """The cached result for this file's current bytes, if there is one."""
        return self.get_hashed(relpath, self.hash_of(path))

    def get_hashed(self, relpath: str, content_hash: str) -> Outcome | None:
        """The cached result for the file ``relpath`` with these contents, if there is one."""
        file = self._file(_key(relpath, content_hash))
        try:
            outcome = _load(gzip.decompress(file.read_bytes()))
        except (OSError, ValueError, TypeError, EOFError, pickle.UnpicklingError,
                AttributeError, ImportError):  # absent or unreadable: build again
            return None
        self.hits += 1
        return outcome

    def put(self, outcome: Outcome) -> None:
        """Keep a document's result (written at once, atomically: an interrupted build resumes
        from it). The manifest entries are set once the document is mapped (``entries``)."""
        if outcome.failure is not None:
            return
        file = self._file(_key(outcome.path, outcome.content_hash))
        if not file.exists():
            data = pickle.dumps(outcome, protocol=pickle.HIGHEST_PROTOCOL)
            write_atomic(file, gzip.compress(data, compresslevel=1))

    def _derived_file(self, key: str) -> Path:
        return self.folder / "derived" / f"{key}.pkl.gz"

    def recall(self, key: str) -> object | None:
        """What :meth:`remember` kept under ``key`` (a digest of everything it was made from:
        a document's triples, a batch's SHACL findings), if anything."""
        self.checked.add(key)
        try:
            return pickle.loads(gzip.decompress(self._derived_file(key).read_bytes()))
        except (OSError, ValueError, EOFError, pickle.UnpicklingError, AttributeError,
                ImportError):  # absent or unreadable: make it again
            return None

    def remember(self, key: str, value: object) -> None:
        self.checked.add(key)
        data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        write_atomic(self._derived_file(key), gzip.compress(data, compresslevel=1))

    def state_file(self) -> Path:
        """Where the state of the last build is kept (``state``)."""
        return self.folder / "state.pkl"

    def graphs_dir(self) -> Path:
        """The folder of the documents' spooled triples (``spool``), kept between builds."""
        folder = self.folder / "graphs"
        folder.mkdir(parents=True, exist_ok=True)
        return folder

    def written_file(self) -> Path:
        """Where the blocks of the N-Quads and TriG outputs written from this cache's spool are
        recorded (``written``)."""
        return self.folder / "written.pkl"

    def recall_mapped(self, key: str) -> Mapped | None:
        """The summary of a document mapped under ``key`` by an earlier build, when its spooled
        triples are still there."""
        found = self.recall(key)
        if isinstance(found, Mapped) and (self.folder / "graphs" / found.file).is_file():
            self.checked.add(key)
            return found
        return None

    def remember_mapped(self, mapped: Mapped) -> None:
        self.remember(mapped.key, mapped)

    def finish(self, output: Path) -> int:
        """Write the manifest of this build beside ``output`` and delete the cache entries of
        files that are no longer inputs (or have changed); returns how many were deleted."""
        wait_written(self.state_file())  # its writer may still be at work (state.save)
        write_manifest(output, [(p, h, iri) for p, (h, iri) in self.entries.items()], self.stamp)
        outcomes = {f"{_key(p, h)}.pkl.gz" for p, (h, _) in self.entries.items()}
        derived = {f"{key}.pkl.gz" for key in self.checked}
        spooled = {f"{key}.nt" for key in self.checked}
        removed = 0
        with os.scandir(self.folder) as folders:
            for folder in folders:
                if not folder.is_dir():
                    continue
                with os.scandir(folder.path) as files:
                    for file in files:
                        name = file.name
                        if folder.name == "graphs":
                            keep = name in spooled
                        elif folder.name == "derived":
                            keep = name in derived or not name.endswith(".pkl.gz")
                        else:
                            keep = ((name in outcomes and name[:2] == folder.name)
                                    or not name.endswith(".pkl.gz"))
                        if not keep:
                            Path(file.path).unlink(missing_ok=True)
                            removed += 1
        return removed


def write_manifest(output: Path, documents: list[tuple[str, str, str]], stamp: str) -> None:
    """Write ``OUT.manifest.json``: (relative path, content hash, document IRI) per document."""
    data = {
        "version": FORMAT_VERSION,
        "fingerprint": stamp,
        "documents": {path: {"hash": h, "iri": iri} for path, h, iri in sorted(documents)},
    }
    write_atomic(manifest_path(output),
                 json.dumps(data, indent=1, ensure_ascii=False).encode("utf-8"))
