"""Where the complement of an organisation's head word ends: "Council on Foreign Relations",
"Academy of Belles Lettres", "Faculty of Arts" (of the University of Cairo), as
``organizations.v1`` reads a run of capitalised words around a head word."""

from __future__ import annotations

from ._lexicon import words as lexicon_words
from ._vocab import JOINERS, NOT_ORG, ORG_HEADS

__all__ = ["complement_end"]


def complement_end(words: list[str], prep: int, in_person: list[bool],
                    in_place: list[bool]) -> int | None:
    """Index of the last word of the complement opened by the preposition at ``prep``.

    The complement stops at a plural word followed by a new capitalised word ("... Rights
    National University"), at a person's name, and before a conjunct that is itself an
    organisation ("Council on Foreign Relations and the Trilateral Commission").
    """
    last = None
    j = prep + 1
    first = next((w for w in words[j:] if w != "the"), "")
    if first in NOT_ORG or first in lexicon_words("leading-organization-heads"):
        # "Institute on the Convention for ...": a document, not a complement; "Party for the
        # Parti Réformateur": another organisation
        return None
    # "Party of Russia and ...": a place is not coordinated inside a name.
    single_place = False
    given = lexicon_words("given-names")
    while j < len(words):
        w = words[j]
        if in_person[j] or (w in given and words[j + 1:j + 2] and words[j + 1][:1].isupper()):
            break  # "Party of Canada Ann Lee": the complement stops at a person's name
        if w == "of" and last is not None and _body_follows(words, j + 1):
            break  # "Faculty of Arts of the University of Cairo": the faculty's parent
        if w in (",", "and", "&"):
            rest = words[j + 1:]
            if rest[:1] in (["the"], ["and"]):
                break  # "Party of Ruritania and the Bridge of ...": a new conjunct
            conjunct = _conjunct(rest)
            if w == "," and (("and" not in rest and "&" not in rest) or len(conjunct) > 1):
                break
            if any(x in ORG_HEADS for x in conjunct) or single_place:
                break
        elif w[:1].isupper():
            single_place = last is None and in_place[j] and (
                j + 1 == len(words) or not in_place[j + 1] or words[j + 1] in JOINERS)
            last = j
            if _plural_stop(words, j):
                break
        j += 1
    return last


def _body_follows(words: list[str], k: int) -> bool:
    """The words from ``k`` are "the" and the name of a body, its head word among its first three
    ("the University of Cairo", "the Russian Academy of Sciences"; not "Social Transformations
    Programme" in "Council of the Management of Social Transformations Programme")."""
    if words[k:k + 1] != ["the"]:
        return False
    for w in words[k + 1:k + 4]:
        if w in ORG_HEADS:
            return True
        if not w[:1].isupper():
            return False
    return False


def _plural_stop(words: list[str], j: int) -> bool:
    w = words[j]
    plural = len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is"))
    nxt = words[j + 1] if j + 1 < len(words) else ""
    return plural and nxt[:1].isupper() and nxt not in JOINERS and any(  # "... Rights National
        x in ORG_HEADS for x in words[j + 2:])  # University": a new name; not "Belles Lettres"


def _conjunct(words: list[str]) -> list[str]:
    """The words of the next conjunct of a coordination, up to the next comma or "and"."""
    out: list[str] = []
    for j, w in enumerate(words):
        if w in (",", "and", "&"):
            break
        out.append(w)
        if w[:1].isupper() and _plural_stop(words, j):
            break
    return out
