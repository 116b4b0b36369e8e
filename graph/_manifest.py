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
not mapped again) are kept as its spooled N-Triples (``graphs/``, see ``_spool``) and its
``_mapwork.Mapped`` summary with its SHACL findings (``derived/``): an unchanged document is
neither mapped nor validated again, and the output is written by streaming the spooled files.
``state.pkl`` is what the last build decided across documents (``_delta``): a rebuild starts
from it and costs what changed rather than what the corpus holds.

The cache is only used when it was made by the same kg-builder version with the same options,
shapes, gazetteer, authority and curation files, and the same registered extractors and loaders
with the same code and data (its *fingerprint*, see :func:`code_identity`); otherwise it is
emptied.
It is a local working folder written by this program (pickles are never to be shared: load only
a cache you made). Cache entries are written as
soon as a document is built, each atomically, so an interrupted build leaves a usable cache: the
next build resumes from it. The manifest is written last, after the output.
"""

from __future__ import annotations

import gzip
import hashlib
import inspect
import json
import os
import pickle
import shutil
import sys
from contextlib import suppress
from dataclasses import asdict
from pathlib import Path

from ._errors import OutputError
from ._mapwork import Mapped
from ._output import write_atomic
from ._parallel import BuildConfig, Outcome

__all__ = ["OutcomeCache", "cache_dir", "code_identity", "fingerprint", "manifest_path",
           "ocr_cache_dir", "write_manifest"]

FORMAT_VERSION = 4  # 4: spooled N-Triples of each document in graphs/, Mapped summaries


def manifest_path(output: Path) -> Path:
    return output.with_name(output.name + ".manifest.json")


def cache_dir(output: Path) -> Path:
    return output.with_name(output.name + ".kg-cache")


#: The OCR page cache's folder inside the build cache (kept when the rest is emptied).
OCR_FOLDER = "ocr"


def ocr_cache_dir(output: Path) -> Path:
    """Where the recognised pages of the builds written to ``output`` are kept (``_scan``)."""
    return cache_dir(output) / OCR_FOLDER


def fingerprint(config: BuildConfig) -> str:
    """A digest of everything besides a file's bytes that decides what its document gives."""
    from . import __version__
    from ._nlp import pipeline_identity
    from ._tesseract import engine
    from .resources import ontology_path

    root = ontology_path()
    options = {k: v for k, v in asdict(config).items() if k != "ocr_cache"}  # where, not what
    if config.ocr != "never":  # what OCR reads depends on the engine and its language data
        tool = engine()
        options["ocr_engine"] = [tool.version, sorted(tool.languages)] if tool else None
    digest = hashlib.sha256(json.dumps(
        [FORMAT_VERSION, __version__, options, pipeline_identity(config.model)],
        sort_keys=True).encode())
    for path in sorted(root.rglob("*.ttl")):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(path.read_bytes())
    digest.update(code_identity().encode())
    for name in (*config.authority, *([config.curation] if config.curation else [])):
        with suppress(OSError):  # a missing file: the build says so
            digest.update(Path(name).read_bytes())
    return digest.hexdigest()


def code_identity() -> str:
    """A digest of the code and data that turn a file into its records: the names of the
    registered extractors and loaders (with what each extractor requires, which decides the
    order they run in), the bytes of each one's module file (a plug-in's too), and every file
    of the built-in extractors' package (their helper modules and the data they read, such as
    ``relations-model.npz`` and ``place-names.txt``). Adding, removing or editing an extractor
    then empties the cache, without a version bump. Hashing these bytes takes milliseconds;
    it is done once per build (:class:`OutcomeCache`)."""
    from . import extract
    from . import loaders as _builtin_loaders  # noqa: F401  (registers the built-in loaders)
    from .registry import extractors, loaders

    specs = list(extractors)  # by name; the order they run in follows from what they require
    names = [[[s.name, list(s.produces), list(s.requires)] for s in specs],
             [[s.name, list(s.suffixes), s.media_type] for s in loaders]]
    digest = hashlib.sha256(json.dumps(names).encode())
    package = Path(extract.__file__).parent
    files = {p.resolve() for p in package.iterdir()
             if p.is_file() and not p.name.startswith(".")}
    funcs: list[object] = [*(s.func for s in specs), *(s.func for s in loaders)]
    files.update(f for f in map(_module_file, funcs) if f is not None)
    home = package.parent.resolve()  # graph/: its files are named wherever it is installed
    for path in sorted(files):
        digest.update((path.relative_to(home).as_posix() if path.is_relative_to(home)
                       else str(path)).encode())
        with suppress(OSError):  # a module without a file (made at run time): its name counts
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def _module_file(func: object) -> Path | None:
    """The source file of the module that defines ``func``, if it has one."""
    try:
        name = inspect.getsourcefile(inspect.unwrap(func))  # type: ignore[arg-type]
    except TypeError:  # a callable object, a partial, a built-in
        name = getattr(sys.modules.get(getattr(func, "__module__", "") or ""), "__file__", None)
    return Path(name).resolve() if name else None


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
        self.stamp = fingerprint(config)
        stamp_file = self.folder / "fingerprint"
        try:
            same = stamp_file.read_text(encoding="ascii").strip() == self.stamp
        except OSError:
            same = False
        try:
            if not same:
                from ._delta import wait_saved

                wait_saved()  # no child writing a state into the folder (_delta.save)
                self.folder.mkdir(parents=True, exist_ok=True)
                for entry in self.folder.iterdir():  # the OCR page cache stays (see _scan)
                    if entry.name != OCR_FOLDER:
                        if entry.is_dir() and not entry.is_symlink():
                            shutil.rmtree(entry, ignore_errors=True)
                        else:
                            entry.unlink(missing_ok=True)
                write_atomic(stamp_file, self.stamp.encode("ascii"))
        except OSError as exc:
            raise OutputError(f"cannot use the build cache {self.folder}: {exc}") from exc
        self.hits = 0
        #: whether the last build was made from the state of the one before (``_delta``)
        self.incremental = False
        #: (content hash, document IRI) of every document of this build, by relative path
        self.entries: dict[str, tuple[str, str]] = {}
        #: keys of the derived results used by this build (see :meth:`recall`)
        self.checked: set[str] = set()

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

    def graphs_dir(self) -> Path:
        """The folder of the documents' spooled triples (``_spool``), kept between builds."""
        folder = self.folder / "graphs"
        folder.mkdir(parents=True, exist_ok=True)
        return folder

    def written_file(self) -> Path:
        """Where the blocks of the N-Quads and TriG outputs written from this cache's spool are
        recorded (``_written``)."""
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
        from ._delta import wait_saved

        wait_saved(self.folder / "state.pkl")  # its writer may still be at work (_delta.save)
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
