"""Posts a record lists (``posts.v1``): members elected in a list, officers proposed body by body,
the entries of a list of participants.

- "... are declared elected members of the Executive Board : Mr. Svend HOLMGAARD (Denmark),
  Dr. Rafael ECHEVERRI (Colombia) and Mr. Hassan NOURI (Iran)": each person listed after the
  colon is a member (or vice-president, rapporteur ...) of the body named before it;
- "ELECTION OF THE CHAIRMEN OF THE COMMISSIONS ... proposes the following : for the
  Administrative Commission, Mr. Arne THORSTEINSSON (Norway); for the Legal Committee, Professor
  Giuseppe MARCHETTI (Italy)": each person written after "for the" and a body, with a country in
  brackets, holds there the post the heading (or the sentence) elects;
- after a "LIST OF PARTICIPANTS", each entry: a person and, after a wide gap, a cell (over as
  many lines as it runs in its column) with the post and the body ("Mr Juha PELTONEN   Senior
  Adviser, Finnish Sports" over "Confederation (VALO), Helsinki" in the same column). A cell
  that names no body holds its post in the body a heading names above the entry ("INTERNATIONAL
  OLYMPIC COMMITTEE (IOC)" over "Mr Olivier MERCIER   Head of Public Affairs, Lausanne"); an
  office in brackets under the name ("(Chairperson of CIGEPS)", "(Vice-Chairperson)") is held
  in the body it names, or else in the list's own (the first the document names).

Each yields (person, body, post, start, end): the post as written (in the singular for the
first two).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence

from ..records import Mention
from ._placenames import place_names

__all__ = ["LIST_HEADING", "entry_posts", "listed_members", "proposed_officers"]

#: The heading of a list of a meeting's participants: "LIST OF PARTICIPANTS", "List of
#: Delegates and Observers" (letter-spaced headings are closed up before extraction).
LIST_HEADING = re.compile(r"^[ \t]*(?:LIST[ \t]+OF[ \t]+(?:PARTICIPANTS|DELEGATES)|List[ \t]+of"
                          r"[ \t]+(?:[Pp]articipants|[Dd]elegates))\b", re.MULTILINE)

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


_Found = tuple[Mention, Mention, str, int, int]


def listed_members(text: str, orgs: Sequence[Mention],
                   people: Mapping[int, Mention]) -> Iterator[_Found]:
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
                      people: Mapping[int, Mention]) -> Iterator[_Found]:
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


#: What parts a list's person from their cell: a wide gap on the line.
_ENTRY_GAP = re.compile(r"[ \t]{3,}(?=\S)")
#: An office in brackets under a person's name: "(Chairperson of CIGEPS)", "(Rapporteur)".
_OFFICE = re.compile(r"[ \t]*\((?P<post>[A-Z][\w-]*(?:[ \t]+[\w-]+){0,2}?)(?:[ \t]+of[ \t]+"
                     r"(?P<body>[^()\n]+))?\)[ \t]*")


def _cell(text: str, start: int, column: int) -> list[tuple[int, int]]:
    """The lines of the cell that starts at ``start`` (its ``column``): the rest of its line, and
    each next line with text at that column and only blanks or an office in brackets before."""
    eol = _line_end(text, start)
    parts = [(start, eol)]
    while eol < len(text):
        pos, eol = eol + 1, _line_end(text, eol + 1)
        left, right = text[pos:min(pos + column, eol)], text[pos + column:eol]
        if not right[:1].strip() or (left.strip() and not _OFFICE.fullmatch(left)):
            break
        parts.append((pos + column, eol))
    return parts


def _line_end(text: str, pos: int) -> int:
    end = text.find("\n", pos)
    return len(text) if end < 0 else end


def _heading_body(text: str, line_start: int, orgs: Sequence[Mention]) -> Mention | None:
    """The body a heading names on the line above an entry (or above the entries before it)."""
    pos = line_start
    for _ in range(30):
        if pos <= 0:
            return None
        above = text.rfind("\n", 0, pos - 1) + 1
        line = text[above:pos - 1]
        if not line.strip():
            return None
        if not (line[:1].isspace() or _HONORIFIC.match(line)):
            named = [o for o in orgs if above <= o.span.start and o.span.end <= pos - 1]
            body = max(named, key=lambda o: o.span.end - o.span.start, default=None)
            text_len = len(line.strip())
            return body if body and body.span.end - body.span.start >= text_len / 2 else None
        pos = above
    return None


#: A body a delegate is sent to, not one they belong to: "Permanent Delegate of Kenya to UNESCO".
_SENT_TO = re.compile(r"(?:\bto|\bauprès[ \t\n]+de(?:[ \t\n]+la|[ \t\n]+l')?)[ \t\n]*$")


def _holds(text: str, body: Mention) -> bool:
    """``body`` may hold a listed person's post: not a town (a cell ends with one: "Lausanne"),
    not a lone word that is no acronym ("Sport"), not where a delegate is sent."""
    return (body.name not in place_names() and (" " in body.name or body.name.isupper())
            and not _SENT_TO.search(text, max(0, body.span.start - 80), body.span.start))


def entry_posts(text: str, orgs: Sequence[Mention],
                people: Mapping[int, Mention]) -> Iterator[_Found]:
    """The posts of a list of participants' entries (see the module's docstring)."""
    heading = LIST_HEADING.search(text)
    if heading is None:
        return
    own = next((o for o in orgs if o.span.end <= heading.start()), None)  # the title's body
    for person in (p for at, p in people.items() if at > heading.end()):
        line_start = text.rfind("\n", 0, person.span.start) + 1
        lead = text[line_start:person.span.start]
        gap = _ENTRY_GAP.match(text, person.span.end)
        if gap is None or (lead.strip() and not _HONORIFIC.fullmatch(lead.lstrip())):
            continue
        cell = _cell(text, gap.end(), gap.end() - line_start)
        words = " ".join(text[a:b].strip() for a, b in cell)
        post = words.split(",")[0].strip()
        end = cell[-1][1]
        bodies = [o for o in orgs if any(a <= o.span.start < b for a, b in cell)
                  and o.span.end <= end and _holds(text, o)]
        body = bodies or [b for b in (_heading_body(text, line_start, orgs),) if b]
        if post[:1].isupper() and not any(post.startswith(o.name) for o in bodies):
            for b in body:
                yield person, b, post, person.span.start, end
        yield from _offices(text, person, cell, orgs, own)


def _offices(text: str, person: Mention, cell: list[tuple[int, int]], orgs: Sequence[Mention],
             own: Mention | None) -> Iterator[_Found]:
    """The offices in brackets under a listed person's name, beside the cell's next lines: in
    the body the brackets name (by a name the text gave it before: "(Chairperson of CIGEPS)"),
    or else in the list's own body ("(Vice-Chairperson)")."""
    for a, _ in cell[1:]:
        line = text.rfind("\n", 0, a) + 1
        office = _OFFICE.fullmatch(text[line:a])
        if office is None:
            continue
        said = (office.group("body") or "").strip()
        named = [o for o in orgs if said and ((line <= o.span.start and o.span.end <= a)
                                              or o.name == said)]
        body = named[0] if named else None if said else own
        if body is not None:
            yield person, body, office.group("post"), person.span.start, a
