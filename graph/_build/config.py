"""What a build is asked to do (:class:`BuildConfig`), and the key of everything a cached
result depends on besides a file's bytes (:func:`fingerprint`, of the parts :func:`key_parts`
names): the options, the version, the spaCy pipeline, the shapes and gazetteer, the authority and
curation files, and the registered extractors and loaders with their code and data
(:func:`code_identity`)."""

from __future__ import annotations

import hashlib
import inspect
import json
import sys
from collections.abc import Sequence
from contextlib import suppress
from dataclasses import asdict, dataclass
from pathlib import Path

from .._scan import OcrSettings

__all__ = ["FORMAT_VERSION", "KEY_PARTS", "BuildConfig", "code_identity", "fingerprint",
           "key_digest", "key_parts"]


FORMAT_VERSION = 4  # 4: spooled N-Triples of each document in graphs/, Mapped summaries


#: The parts of the key, each a digest of what it names (see :func:`key_parts`).
KEY_PARTS = ("version", "options", "model", "shapes", "extractors", "authority", "curation")


def key_parts(config: BuildConfig) -> dict[str, str]:
    """A digest of each part of what decides what a file's document gives, besides its bytes:
    kg-builder's version and the cache format; the options; the spaCy pipeline; the shapes and
    gazetteer (``ontology/``); the registered extractors and loaders with their code and data
    (:func:`code_identity`); the authority files; the curation file. A build's plan names the
    parts that changed since the last build (``plan``)."""
    from .._nlp import pipeline_identity
    from .._tesseract import engine
    from .._version import __version__
    from ..resources import ontology_path

    # the OCR page cache says where, not what; the files have parts of their own
    options = {k: v for k, v in asdict(config).items()
               if k not in ("ocr_cache", "authority", "curation")}
    if config.ocr != "never":  # what OCR reads depends on the engine and its language data
        tool = engine()
        options["ocr_engine"] = [tool.version, sorted(tool.languages)] if tool else None
    root = ontology_path()
    shapes = hashlib.sha256()
    for path in sorted(root.rglob("*.ttl")):
        shapes.update(path.relative_to(root).as_posix().encode())
        shapes.update(path.read_bytes())
    return {"version": key_digest([FORMAT_VERSION, __version__]), "options": key_digest(options),
            "model": key_digest(pipeline_identity(config.model)), "shapes": shapes.hexdigest(),
            "extractors": code_identity(), "authority": _files_digest(config.authority),
            "curation": _files_digest((config.curation,) if config.curation else ())}


def fingerprint(config: BuildConfig) -> str:
    """A digest of everything besides a file's bytes that decides what its document gives."""
    return key_digest(key_parts(config))


def key_digest(value: object) -> str:
    """The digest of a key (:func:`key_parts`) or of one of its parts."""
    return hashlib.sha256(json.dumps(value, sort_keys=True).encode()).hexdigest()


def _files_digest(names: Sequence[str]) -> str:
    """A digest of the names and bytes of these files (a missing one: the build says so)."""
    digest = hashlib.sha256()
    for name in names:
        digest.update(name.encode() + b"\0")
        with suppress(OSError):
            digest.update(hashlib.sha256(Path(name).read_bytes()).digest())
    return digest.hexdigest()


#: The modules of graph/ that change a text before the extractors read it.
_TEXT_MODULES = ("_ocr.py", "_nlp.py")


def code_identity() -> str:
    """A digest of the code and data that turn a file into its records: the names of the
    registered extractors and loaders (with what each extractor requires, which decides the
    order they run in), the bytes of each one's module file (a plug-in's too), and every file
    of the built-in extractors' package (their helper modules and the data they read, such as
    ``relations-model.npz`` and ``place-names.txt``), and the modules that prepare a text for
    them (``graph/_ocr.py``'s mends, ``graph/_nlp.py``'s reading of wrapped prose). Adding,
    removing or editing an extractor
    then empties the cache, without a version bump. Hashing these bytes takes milliseconds;
    it is done once per build (:class:`OutcomeCache`)."""
    from .. import extract
    from .. import loaders as _builtin_loaders  # noqa: F401  (registers the built-in loaders)
    from ..registry import extractors, loaders

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
    files.update(home / name for name in _TEXT_MODULES)
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


@dataclass(frozen=True)
class BuildConfig:
    """What every worker needs to know to build a document the same way."""

    base: str
    extractor_names: tuple[str, ...] | None = None
    model: str | None = None
    validate: bool = True
    authority: tuple[str, ...] = ()  # the user's authority files (absolute paths)
    curation: str | None = None  # the curation file (absolute path)
    min_confidence: float = 0.0  # relations scored below this are left out
    ocr: str = "auto"  # never | auto | always (see _scan)
    ocr_lang: str | None = None  # Tesseract language data; None: the document's language
    #: the OCR page cache folder (absolute path); not part of the build cache's fingerprint
    ocr_cache: str | None = None

    @classmethod
    def of(cls, base: str, extractor_names: Sequence[str] | None, model: str | None,
           validate: bool = True, authority: Sequence[Path] = (),
           curation: Path | None = None, min_confidence: float = 0.0,
           ocr: OcrSettings | None = None) -> BuildConfig:
        """The configuration of ``pipeline.build``'s arguments (paths made absolute)."""
        ocr = ocr or OcrSettings()
        return cls(base, tuple(extractor_names) if extractor_names else None, model, validate,
                   tuple(str(Path(a).resolve()) for a in authority),
                   str(Path(curation).resolve()) if curation else None, min_confidence,
                   ocr.mode, ocr.lang, str(Path(ocr.cache).resolve()) if ocr.cache else None)

    @property
    def ocr_settings(self) -> OcrSettings:
        return OcrSettings(self.ocr, self.ocr_lang, self.ocr_cache)
