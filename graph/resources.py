"""Find the files of the ``ontology/`` folder (vocabulary and SHACL shapes).

The folder lives beside the ``graph`` package in a source checkout; a wheel ships it inside the
package as ``graph/ontology`` (hatch ``force-include`` in pyproject.toml). Both places are tried,
the installed one first::

    ontology_path("kg.ttl")        # the vocabulary
    shapes_paths()                 # ontology/shapes/*.ttl, sorted: the shapes run on every build
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

__all__ = ["ontology_path", "shapes_paths"]

_CHECKOUT_ONTOLOGY = Path(__file__).resolve().parent.parent / "ontology"


def _ontology_root() -> Path:
    installed = files("graph") / "ontology"
    # Only a folder on disk will do (rdflib and pyshacl read paths); a zipped install would not.
    if isinstance(installed, Path) and installed.is_dir():
        return installed
    if _CHECKOUT_ONTOLOGY.is_dir():
        return _CHECKOUT_ONTOLOGY
    raise FileNotFoundError(
        f"kg-builder's ontology folder is missing: looked in {installed} (installed wheel) and "
        f"{_CHECKOUT_ONTOLOGY} (source checkout). Reinstall kg-builder, or run it from a "
        "checkout that has the ontology/ folder."
    )


def ontology_path(*parts: str) -> Path:
    """The path of ``ontology/<parts...>``; raise FileNotFoundError if it does not exist."""
    root = _ontology_root()
    path = root.joinpath(*parts)
    if not path.exists():
        raise FileNotFoundError(f"{path} does not exist in kg-builder's ontology folder {root}")
    return path


def shapes_paths() -> list[Path]:
    """The SHACL shapes files run on every build (``ontology/shapes/*.ttl``), sorted by name."""
    return sorted(ontology_path("shapes").glob("*.ttl"))
