"""The one place where namespace IRIs are written down.

Every other module imports these objects; no module writes an IRI as a string literal.
"""

from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import DCTERMS, ORG, OWL, PROV, RDF, RDFS, SH, XSD

__all__ = [
    "AS",
    "DCTERMS",
    "DEFAULT_BASE",
    "KG",
    "OA",
    "ORG",
    "OWL",
    "PREFIXES",
    "PROV",
    "RDF",
    "RDFS",
    "SCHEMA",
    "SH",
    "WD",
    "XSD",
]

#: The project's own vocabulary (see ontology/README.md for how it is versioned).
KG = Namespace("https://w3id.org/kg-builder/ns#")
SCHEMA = Namespace("https://schema.org/")
OA = Namespace("http://www.w3.org/ns/oa#")
AS = Namespace("https://www.w3.org/ns/activitystreams#")
WD = Namespace("http://www.wikidata.org/entity/")

#: Base of the IRIs minted for data (documents, entities, memberships); ``--base`` changes it.
DEFAULT_BASE = "https://example.org/kg"

PREFIXES: dict[str, Namespace] = {
    "kg": KG,
    "schema": SCHEMA,
    "dcterms": Namespace(str(DCTERMS)),
    "org": Namespace(str(ORG)),
    "prov": Namespace(str(PROV)),
    "oa": OA,
    "as": AS,
    "rdfs": Namespace(str(RDFS)),
    "xsd": Namespace(str(XSD)),
    "owl": Namespace(str(OWL)),
}
