"""``posts-fr-es.v1``: posts written in French or Spanish (W3C ORG memberships).

``posts.v1`` reads the English grammar of posts; this extractor reads the two Romance patterns
that institutional letters use, and only in documents whose language is French or Spanish:

- apposition after a name: "M. Jean Martin, Directeur général de l'Institut national du
  patrimoine", "la Sra. Lucía Torres, Directora del Instituto Nacional de Patrimonio";
- a signature: a name alone on its line, its post on the next line ("Sophie Laurent" /
  "Directrice de la Division du patrimoine").

The post is a post noun with its qualifiers ("Directeur général", "Sous-Directrice adjointe");
the organisation is what follows "de", "du", "de la", "de l'", "del": an organisation already
found there, a name of the authority file ("l'UNESCO"), the model's ORG entity, or a run of
capitalised words ending in a word that heads names of bodies ("Instituto Nacional de
Patrimonio"). An organisation found only here is yielded as a mention too.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from .._gazetteer import load_gazetteer
from .._nlp import ProcessedDocument
from ..records import EntityKind, Mention, Record, Relation, RelationKind
from ..registry import extractors

__all__ = ["NAME", "extract_posts_fr_es"]

NAME = "posts-fr-es.v1"
LANGUAGES = frozenset({"fr", "es"})

_POST_NOUNS = (
    r"(?:Sous-|Vice-|Co-)?(?:Directeur|Directrice|Director|Directora|Président|Présidente|"
    r"Presidente|Presidenta|Secrétaire|Secretario|Secretaria|Ministre|Ministro|Ministra|"
    r"Ambassadeur|Ambassadrice|Embajador|Embajadora|Chef|Jefe|Jefa|Conseiller|Conseillère|"
    r"Asesor|Asesora|Représentant|Représentante|Representante|Délégué|Déléguée|Delegado|"
    r"Delegada|Coordinateur|Coordinatrice|Coordinador|Coordinadora|Administrateur|"
    r"Administratrice|Recteur|Rectrice|Rector|Rectora|Commissaire|Comisario|Comisaria)"
)
_QUALIFIERS = (
    r"(?:[ -](?i:général|générale|generale|general|adjoint|adjointe|adjunto|adjunta|exécutif|"
    r"exécutive|ejecutivo|ejecutiva|permanent|permanente|régional|régionale|regional|principal|"
    r"principale|délégué|déléguée))*"
)
_POST = re.compile(rf"(?P<post>{_POST_NOUNS}{_QUALIFIERS})[ \t]+"
                   r"(?P<prep>de[ \t]+la[ \t]+|de[ \t]+l['’][ \t]*|del[ \t]+|du[ \t]+|de[ \t]+)")
_HEADS = (
    "Institut Instituto Fondation Fundación Association Asociación Ministère Ministerio "
    "Commission Comisión Conseil Consejo Université Universidad Division División Organisation "
    "Organización Centre Centro Musée Museo Bibliothèque Biblioteca Archives Archivo Bureau "
    "Oficina Secrétariat Secretaría Comité Agence Agencia Académie Academia Département "
    "Departamento Direction Dirección Service Servicio Section Sección Unité Unidad Office "
    "Délégation Delegación Mission Misión Ambassade Embajada Assemblée Asamblea"
)
_UNITS = ("Division División Section Sección Service Servicio Unité Unidad Bureau Oficina "
          "Département Departamento Direction Dirección")
_ORG_HEADS, _UNIT_HEADS = frozenset(_HEADS.split()), frozenset(_UNITS.split())
_JOINER_WORDS = "de du des la le l' l’ del los las y et para pour en"
_JOINERS = frozenset(_JOINER_WORDS.split())
_WORD = re.compile(r"[^\s,;:()]+")
_APPOSITION = re.compile(r",[ \t]+")
_NEXT_LINE = re.compile(r"[ \t]*\n[ \t]*")


def _rest_of_line(text: str, start: int) -> tuple[int, int] | None:
    """A signature's organisation: the rest of the line, when a body's head word is in it
    ("Division du patrimoine": French names of bodies have lowercase words)."""
    end = text.find("\n", start)
    name = text[start: end if end >= 0 else len(text)].rstrip(" \t.,;")
    if not any(w in _ORG_HEADS for w in re.split(r"[\s'’]+", name)):
        return None
    return start, start + len(name)


def _capitalised_run(text: str, start: int) -> tuple[int, int] | None:
    """The capitalised name at ``start`` (joiners inside it), ending on a body's head word."""
    end, last_head = start, None
    for m in _WORD.finditer(text, start):
        if text[end:m.start()].strip() or "\n" in text[end:m.start()]:
            break
        word = m.group(0).rstrip(".")
        if word.lower() in _JOINERS or word[:1].isupper():
            end = m.start() + len(word)
            if any(part in _ORG_HEADS for part in re.split(r"['’]", word)):
                last_head = end
        else:
            break
    if last_head is None:
        return None
    words = text[start:end].split()
    while words and words[-1].lower() in _JOINERS:
        words.pop()
    name = " ".join(words)
    return (start, start + len(name)) if name else None


def _organisation(pdoc: ProcessedDocument, start: int, orgs: list[Mention], signature: bool
                  ) -> Mention | None:
    """The organisation named at ``start``: one found before, else a new mention."""
    for org in orgs:
        if org.span.start == start:
            return org
    text = pdoc.text
    line_end = text.find("\n", start)
    rest = text[start: line_end if line_end >= 0 else len(text)]
    gaz = load_gazetteer()
    first = _WORD.match(rest)
    if first is not None:
        entry = gaz.get(first.group(0).rstrip("."))
        if entry is not None and entry.kind is EntityKind.ORGANIZATION:
            end = start + len(first.group(0).rstrip("."))
            return Mention(EntityKind.ORGANIZATION, entry.name, pdoc.span(start, end), NAME,
                           authority=entry.iri)
    bounds = next(((e.start, e.end) for e in pdoc.entities()
                   if e.label == "ORG" and e.start == start and "\n" not in e.text), None)
    bounds = bounds or (_rest_of_line(text, start) if signature else None)
    bounds = bounds or _capitalised_run(text, start)
    if bounds is None:
        return None
    span = pdoc.span(*bounds)
    head = span.text.split()[0]
    if not any(w in _ORG_HEADS for w in re.split(r"[\s'’]+", span.text)):
        return None
    return Mention(EntityKind.ORGANIZATION, span.text, span, NAME,
                   subtype="OrganizationalUnit" if head in _UNIT_HEADS else None)


@extractors.register(NAME, produces=("Membership", "Post", "Organization", "OrganizationalUnit"),
                     requires=("people.v1", "organizations.v1"))
def extract_posts_fr_es(pdoc: ProcessedDocument, found: Sequence[Record]) -> Iterator[Record]:
    """HOLDS_POST relations written in French or Spanish, and the organisations they name."""
    if (pdoc.document.meta("language") or "") not in LANGUAGES:
        return
    text = pdoc.text
    people = [m for m in found if isinstance(m, Mention) and m.kind is EntityKind.PERSON
              and not m.role_only]
    orgs = [m for m in found if isinstance(m, Mention) and m.kind is EntityKind.ORGANIZATION]
    new: dict[int, Mention] = {}
    for person in people:
        after = person.span.end
        apposition = _APPOSITION.match(text, after)
        signature = _NEXT_LINE.match(text, after)
        if signature and text[text.rfind("\n", 0, person.span.start) + 1:
                              person.span.start].strip():
            signature = None  # a signature's name stands alone on its line
        gap = apposition or signature
        if gap is None:
            continue
        post = _POST.match(text, gap.end())
        if post is None:
            continue
        org_start = post.end()
        org = new.get(org_start) or _organisation(pdoc, org_start, orgs, gap is signature)
        if org is None:
            continue
        if org.extractor == NAME and org_start not in new:
            new[org_start] = org
            yield org
        yield Relation(RelationKind.HOLDS_POST, person, org,
                       pdoc.span(person.span.start, org.span.end), NAME,
                       post=post.group("post"))
