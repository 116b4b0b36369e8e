"""Posts a record lists (``posts.v1``): members elected in a list, officers proposed body by body.

- "... are declared elected members of the Executive Board : Mr. Svend HOLMGAARD (Denmark),
  Dr. Rafael ECHEVERRI (Colombia) and Mr. Hassan NOURI (Iran)": each person listed after the
  colon is a member (or vice-president, rapporteur ...) of the body named before it;
- "ELECTION OF THE CHAIRMEN OF THE COMMISSIONS ... proposes the following : for the
  Administrative Commission, Mr. Arne THORSTEINSSON (Norway); for the Legal Committee, Professor
  Giuseppe MARCHETTI (Italy)": each person written after "for the" and a body, with a country in
  brackets, holds there the post the heading (or the sentence) elects.

Each yields (person, body, post, start, end): the post as written, in the singular.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence

from ..records import Mention

__all__ = ["listed_members", "proposed_officers"]

_HONORIFIC = re.compile(r"(?:Mr|Ms|Mrs|Dr|Professor|Prof|Sir|Madam|H\.[ \t]?E)\.?[ \t\n]+")
_COUNTRY = r"[ \t\n]*\([^()\n]{1,40}\)"
#: What follows one listed person before the next: "(Denmark), Dr. ", "(Colombia) and Mr. ".
_NEXT = re.compile(rf"(?:{_COUNTRY})?[ \t\n]*[,;]?[ \t\n]*(?:and[ \t\n]+)?")
_MEMBERS = re.compile(r"\b(members?|[Vv]ice-[Pp]residents?|[Vv]ice-[Cc]hairm[ae]n|"
                      r"[Vv]ice-[Cc]hairpersons?|[Rr]apporteurs?)[ \t\n]+of[ \t\n]+"
                      r"(?:the[ \t\n]+)?$")
_COLON = re.compile(r"[ \t]*:[ \t\n]*")
#: The post a heading or a sentence elects officers to: "ELECTION OF THE CHAIRMEN OF ...".
_ELECTS = re.compile(r"\b(?:ELECTION|[Ee]lection)[ \t\n]+OF[ \t\n]+(?:THE[ \t\n]+)?"
                     r"(CHAIRM[AE]N|CHAIRPERSONS|PRESIDENTS|VICE-PRESIDENTS|RAPPORTEURS)\b"
                     r"|\b(Chairm[ae]n|Chairpersons|Presidents|Vice-Presidents|Rapporteurs)\b")
_FOR_BODY = re.compile(r"\bfor[ \t\n]+(?:the[ \t\n]+)?$")
_AFTER_BODY = re.compile(r"[ \t\n]*,[ \t\n]+")
#: How far before a proposal its heading may stand.
_REACH = 1500


def _person_at(text: str, at: int, people: Mapping[int, Mention]) -> Mention | None:
    """The person whose name starts at ``at``, or after the honorific written there."""
    honorific = _HONORIFIC.match(text, at)
    return people.get(at) or (people.get(honorific.end()) if honorific else None)


def _singular(word: str) -> str:
    word = word.title() if word.isupper() else word
    for plural, one in (("men", "man"), ("persons", "person"), ("s", "")):
        if word.endswith(plural):
            return word[: len(word) - len(plural)] + one
    return word


Found = tuple[Mention, Mention, str, int, int]


def listed_members(text: str, orgs: Sequence[Mention],
                   people: Mapping[int, Mention]) -> Iterator[Found]:
    """The people listed after "members of the X :" (see the module's docstring)."""
    for org in orgs:
        post = _MEMBERS.search(text, max(0, org.span.start - 40), org.span.start)
        colon = _COLON.match(text, org.span.end) if post else None
        person = _person_at(text, colon.end(), people) if colon else None
        while person is not None and post is not None:
            yield person, org, _singular(post.group(1)), post.start(1), person.span.end
            gap = _NEXT.match(text, person.span.end)
            person = _person_at(text, gap.end(), people) if gap else None


def proposed_officers(text: str, orgs: Sequence[Mention],
                      people: Mapping[int, Mention]) -> Iterator[Found]:
    """The people proposed "for the X, Mr. Y (Country)" (see the module's docstring)."""
    for org in orgs:
        after = _AFTER_BODY.match(text, org.span.end)
        if not after or not _FOR_BODY.search(text, max(0, org.span.start - 10), org.span.start):
            continue
        person = _person_at(text, after.end(), people)
        if person is None or not re.match(_COUNTRY, text[person.span.end:]):
            continue
        headings = list(_ELECTS.finditer(text, max(0, org.span.start - _REACH), org.span.start))
        if headings:
            heading = headings[-1]  # the last one before the body
            post = _singular(heading.group(1) or heading.group(2))
            yield person, org, post, org.span.start - 8, person.span.end
