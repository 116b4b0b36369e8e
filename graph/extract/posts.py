"""``posts.v1``: who holds which post in which organisation (W3C ORG memberships).

Reads the grammar of posts around the people and organisations found before it:

- apposition after a name: "Fabrizio Hochschild, Under-Secretary General and Special Advisor on
  ... of the UN", "H.E. Mr S Iswaran, Minister of Communications and Information, Singapore",
  "Mr Max Tegmark, President, Future of Life Institute", "Mr Ruslan Budnik, the Chair's Deputy
  Director" (the Chair named before), "Ms Ada Berg (Norway), President of the 36th session of
  the General Conference" (a country in brackets between);
- a post straight after a name in address and signature blocks: "Dr. Prof. Mikhail Fedotov
  Chairholder UNESCO Chair on ...", "Toussaint Tiendrebeogo Secretary of the Convention ..." (a
  signature's post without an organisation is held in the letterhead's organisation);
- an organisation, a post and a name: "UNESCO Director-General Audrey Azoulay";
- people named only by post: "the Director-General of UNESCO", "the Assistant Director-General for
  Culture", "the Director-General", "the President of the Republic of Indonesia" (a place after
  "of"): a role-only Person mention, with the post when the text or the letterhead tells the
  organisation;
- a title before a person that the authority file says the person held in a body the document
  names: "the Director-General, Ms Irina Bokova" (``ontology/gazetteer/people.ttl``).

The organisation of a post is the one the phrase names; a post beside another that names one
shares it ("Under-Secretary General and Special Advisor ... of the UN"); a United Nations title
("Under-Secretary-General") is held in the United Nations when the document names it. A post held
in a country ("Minister ..., Singapore") has the country as its organisation; a Place mention is
yielded for it when no other extractor yielded one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from .._gazetteer import load_gazetteer
from .._nlp import ProcessedDocument
from ..records import EntityKind, Mention, Record, Relation, RelationKind
from ..registry import extractors
from ._postlists import LIST_HEADING, entry_posts, listed_members, proposed_officers
from ._structure import is_portfolio
from ._vocab import POST_NOUNS, POST_QUALIFIERS, SENIORITY
from .organizations import NAME as ORGS
from .organizations import POST_WORDS, letterhead

__all__ = ["NAME", "extract_posts"]

NAME = "posts.v1"
_UN = "https://w3id.org/kg-builder/authority/un"
_UNESCO = "https://w3id.org/kg-builder/authority/unesco"
_APOS = "'\u2019"
# Titles that are posts of the United Nations wherever they appear.
_UN_TITLES = re.compile(r"(?:Under|Assistant)?[- ]?Secretary[- ]General|Special Rapporteur")
_POST_START = POST_WORDS | POST_NOUNS | SENIORITY | frozenset(
    ["Secretary", "Advisor", "Adviser", "Minister", "President", "Director", "Chairholder",
     "Special", "Permanent", "Executive", "Senior", "Programme", "Program", "Project", "Legal"]
)
_ROLE_MODIFIER = r"(?:(?:Deputy|Assistant|Vice|Under|Executive|Special|Acting|Prime|High|" \
                 r"Permanent|Chief|Senior)[- ])*"
_ROLE_CORE = (r"(?:Director-General|Secretary-General|President|Chairperson|Chairman|"
              r"Chairwoman|Director|Secretary|Minister|Ambassador|Rapporteur|Commissioner|"
              r"Envoy|Mayor|Governor|Rector|Administrator|Chancellor|Premier|Adviser|Advisor)")
_ROLE = re.compile(rf"\b(?:the|The)\s+({_ROLE_MODIFIER}{_ROLE_CORE})\b(?![{_APOS}-])")
_CAPITALISED = re.compile(r"[A-Z][\w-]*(?:\s+(?:and\s+)?[A-Z][\w-]*)*")
_TITLE = re.compile(r"[A-Z][\w-]*(?: [A-Z][\w-]*)*")
_JOINER_END = re.compile(r"\b(?:the|of|and|for|on|in|to)\s*$")


def _first_word(text: str) -> str:
    m = re.match(r"\s*([\w-]+)", text)
    return m.group(1) if m else ""


def _starts_post(text: str) -> bool:
    word = _first_word(text)
    if not word or not word[0].isupper():
        return False
    if any(p in _POST_START for p in (word, *word.split("-"))):
        return True
    # "State Minister of ...", "Acting Director": qualifiers, then a post.
    if word in POST_QUALIFIERS and re.match(rf"\s*{re.escape(word)}[ -][A-Z]", text):
        return _starts_post(text.lstrip()[len(word) + 1:])
    # "Education Programme Manager": subject words, then the post noun.
    head = re.match(r"(?:[A-Z][\w-]*[ \t]+){1,3}([A-Z][\w-]*)\b(?![ \t]+[A-Z])", text)
    return head is not None and head.group(1) in POST_NOUNS


def _phrase_end(text: str, start: int) -> int:
    """Where the apposition or title that starts at ``start`` ends."""
    i = start
    while i < len(text):
        ch = text[i]
        if ch in ";)" or (ch == "." and (i + 1 == len(text) or text[i + 1].isspace())
                          and not re.search(r"(?<![\w.])[A-Z]$", text[start:i])):
            return i
        # A title broken over lines by a PDF ("... Promotion of the\n\nDiversity ...") goes on.
        if ch == "\n" and not _JOINER_END.search(text[start:i]):
            return i
        i += 1
    return i


class _Doc:
    """The mentions found before this extractor, indexed for the rules."""

    def __init__(self, pdoc: ProcessedDocument, found: Sequence[Record]) -> None:
        self.pdoc = pdoc
        self.text = pdoc.text
        mentions = [r for r in found if isinstance(r, Mention)]
        self.orgs = sorted((m for m in mentions if m.kind is EntityKind.ORGANIZATION),
                           key=lambda m: (m.span.start, -m.span.end))
        self.places = [m for m in mentions if m.kind is EntityKind.PLACE]
        people: list[Mention] = []
        for m in sorted((m for m in mentions if m.kind is EntityKind.PERSON and not m.role_only),
                        key=lambda m: (m.extractor != "people.v1", m.span.start)):
            if not any(p.span.start < m.span.end and m.span.start < p.span.end for p in people):
                people.append(m)
        self.people = sorted(people, key=lambda m: m.span.start)
        self.person_starting = {p.span.start: p for p in self.people}  # by where a name starts
        top, _ = letterhead(self.text, [m for m in self.orgs if m.extractor == ORGS])
        self.letterhead = top
        self.new_places: list[Mention] = []

    def org_at(self, start: int, end: int) -> Mention | None:
        """The longest organisation mention starting at ``start`` (after spaces), within ``end``."""
        while start < end and self.text[start] in " \t\n,":
            start += 1
        hits = [m for m in self.orgs if m.span.start == start and m.span.end <= end]
        return max(hits, key=lambda m: m.span.end, default=None)

    def org_in(self, start: int, end: int) -> Mention | None:
        hits = [m for m in self.orgs if start <= m.span.start and m.span.end <= end]
        return min(hits, key=lambda m: (m.span.start, -m.span.end), default=None)

    def place_from(self, start: int) -> Mention | None:
        """The longest place mention starting at ``start``: "the President of the Republic of
        Indonesia" is a post of the country, not of a "Republic"."""
        hits = [m for m in self.places if m.span.start == start]
        return max(hits, key=lambda m: m.span.end, default=None)

    def place_at(self, start: int, end: int) -> Mention | None:
        """The place mention at exactly ``start..end``; one is made from the model if need be."""
        for m in (*self.places, *self.new_places):
            if m.span.start == start and m.span.end == end:
                return m
        for ent in self.pdoc.entities():
            if ent.label == "GPE" and ent.start == start and ent.end == end:
                entry = load_gazetteer().get(ent.text)
                subtype = entry.subtype if entry and entry.kind is EntityKind.PLACE else "Country"
                place = Mention(EntityKind.PLACE, ent.text, self.pdoc.span(start, end), NAME,
                                subtype=subtype, authority=entry.iri if entry else None)
                self.new_places.append(place)
                return place
        entry = load_gazetteer().get(self.text[start:end])  # a country the model calls ORG
        if entry is not None and entry.kind is EntityKind.PLACE:
            place = Mention(EntityKind.PLACE, entry.name, self.pdoc.span(start, end), NAME,
                            subtype=entry.subtype, authority=entry.iri)
            self.new_places.append(place)
            return place
        return None

    def un(self) -> Mention | None:
        return next((m for m in self.orgs if m.authority == _UN), None)

    def relation(self, person: Mention, org: Mention, post: str, lo: int, hi: int) -> Relation:
        post = re.split(r"(?<=\S)[ \t]{3,}(?=\S)", post)[-1]  # nor is a list's name column
        post = re.sub(r"\s+", " ", post).strip(" ,;:")
        lo, hi = min(lo, person.span.start), max(hi, person.span.end)
        if lo - 300 < org.span.start and org.span.end < hi + 300:  # evidence, not the letterhead
            lo, hi = min(lo, org.span.start), max(hi, org.span.end)
        return Relation(RelationKind.HOLDS_POST, person, org, self.pdoc.span(lo, hi), NAME,
                        post=post)


def _appositions(doc: _Doc) -> Iterator[Relation]:
    text = doc.text
    listed = LIST_HEADING.search(text)  # a list's entries are read by :func:`_listed`
    for person in doc.people:  # (after a country in brackets: "Ms Lee (Norway), President of")
        if listed and person.span.start > listed.end() and re.match(r"[ \t]{3}", text[
                person.span.end:person.span.end + 3]):
            continue
        bracket = re.match(r"[ \t]*\([^()\n]{1,40}\)(?=,)", text[person.span.end:])
        end = person.span.end + (bracket.end() if bracket else 0)
        sep = re.match(r",[ \t]*(?:the[ \t]+)?|[ \t]+|\.[ \t]+|[ \t]*\n[ \t]*(?=\S)", text[end:])
        if not sep or (sep.group(0).startswith(".") and not re.search(r"\b[A-Z]$", person.name)):
            continue
        start = end + sep.end()
        stop = _phrase_end(text, start)
        owner = re.match(rf"([A-Z][\w-]*)[{_APOS}]s\s+", text[start:stop])
        if owner and sep.group(0).startswith(","):
            yield from _owned_post(doc, person, owner.group(1), start + owner.end(), stop)
        elif _starts_post(text[start:stop]):
            signed = bool(re.search(r"(?i)(?:sincerely|faithfully|regards|truly),?\s*$",
                                    text[max(0, person.span.start - 40):person.span.start]))
            below = _line_below(doc, stop) if "\n" in sep.group(0) else None
            yield from _post_phrase(doc, person, start, stop, signed, below)


def _line_below(doc: _Doc, stop: int) -> Mention | None:
    """In a block written one item a line (a name, its post, ...), the first organisation that
    fills a line of its own among the next lines: "Programme Specialist\\nX Section\\nY Sector"."""
    text = doc.text
    at = stop
    for _ in range(3):
        m = re.match(r"[ \t]*\n[ \t]*(?=\S)", text[at:])
        if not m:
            return None
        at += m.end()
        end = text.find("\n", at)
        end = len(text) if end < 0 else end
        line_end = len(text[at:end].rstrip(" \t,;."))
        org = doc.org_at(at, end)
        if org is not None and org.span.end >= at + line_end:
            return org
        at = end
    return None


def _owned_post(doc: _Doc, person: Mention, owner: str, start: int, stop: int
                ) -> Iterator[Relation]:
    """ "X, the Chair's Deputy Director": the post is held in the last organisation called so."""
    m = re.match(r"[A-Z][\w-]*(?:\s+[A-Z][\w-]*)*", doc.text[start:stop])
    if not m or not _starts_post(m.group(0)):
        return
    orgs = [o for o in doc.orgs if o.span.end <= person.span.start and
            (o.name == owner or o.name.split()[-1] == owner
             or re.search(rf"\b{re.escape(owner)}\b", o.name.split(" on ")[0].split(" of ")[0]))]
    if orgs:
        yield doc.relation(person, orgs[-1], m.group(0), person.span.start, start + m.end())


def _parts(doc: _Doc, start: int, stop: int) -> list[tuple[int, int]]:
    """Comma-separated parts of a phrase; commas inside an organisation's name do not cut."""
    cuts = [start]
    for m in re.finditer(",", doc.text[start:stop]):
        i = start + m.start()
        if not any(o.span.start < i < o.span.end for o in doc.orgs):
            cuts += [i, i + 1]
    cuts.append(stop)
    return [(cuts[k], cuts[k + 1]) for k in range(0, len(cuts), 2)]


def _post_phrase(doc: _Doc, person: Mention, start: int, stop: int, signed: bool,
                 below: Mention | None = None) -> Iterator[Relation]:
    text = doc.text
    posts: list[tuple[str, Mention | None]] = []
    holder: Mention | None = None
    post_text: list[str] = []
    parts = _parts(doc, start, stop)
    for k, (s, e) in enumerate(parts):
        part = text[s:e].strip()
        if not part or not part[0].isupper():
            break
        lead = len(text[s:e]) - len(text[s:e].lstrip())
        if post_text and _portfolio_part(doc, part, s + lead, parts[k + 1:]):
            post_text.append(part)  # "Minister of Education, Science and Technology, Kenya"
            continue
        bracket = re.search(r"\s*\(([^()]+)\)?$", part)  # "Minister of Education (Ceylon)"
        place = doc.place_at(s + lead + bracket.start(1), s + lead + bracket.end(1)) \
            if bracket else None
        if bracket and place is not None and part[:bracket.start()].strip():
            post_text.append(part[:bracket.start()])
            holder = place
            break
        whole = doc.org_at(s, e)
        if (whole is not None and whole.span.end >= e - 1) or (
                place := doc.place_at(s + lead, s + lead + len(part))) is not None:
            holder = whole if whole is not None else place
            break
        inner = doc.org_in(s, e)
        if inner is not None and not post_text and not re.search(r"\b(?:of|for|on)\s+(?:the\s+)?$",
                                                                 text[s:inner.span.start]):
            # "Chairholder UNESCO Chair on ...", "Specialist at the X Office": the post, then where
            # it is held.
            post = re.sub(r"(?:\s+(?:at|in|with|within)(?:\s+the)?)?\s*$", "",
                          text[s:inner.span.start])
            posts.append((post, inner))
            break
        post_text.append(part)
    if post_text:
        posts = _split_posts(doc, ", ".join(post_text), start) + posts
    if not posts:
        return
    named = next((org for _, org in posts if org is not None), None)
    for post, org in posts:
        target = org or holder or named or below
        if target is None and _UN_TITLES.search(post):
            target = doc.un()
        if target is None and signed:
            target = doc.letterhead
        if target is not None:
            yield doc.relation(person, target, post, person.span.start, stop)


def _portfolio_part(doc: _Doc, part: str, at: int, rest: list[tuple[int, int]]) -> bool:
    """A post's portfolio continued after a comma, before the part that names the holder."""
    if not is_portfolio(part) or not rest or doc.place_at(at, at + len(part)) is not None:
        return False
    after = doc.text[rest[0][0]:rest[0][1]].strip()
    return bool(after) and after[0].isupper()


def _split_posts(doc: _Doc, phrase: str, start: int) -> list[tuple[str, Mention | None]]:
    """ "Under-Secretary General and Special Advisor on ... of the UN" -> two posts."""
    out: list[tuple[str, Mention | None]] = []
    pieces = re.split(r"\s+and\s+(?=[A-Z])", phrase)
    merged: list[str] = []
    for piece in pieces:
        if merged and not _starts_post(piece):
            merged[-1] += " and " + piece
        else:
            merged.append(piece)
    for piece in merged:
        at = doc.text.find(piece, start)
        org = doc.org_in(at, at + len(piece)) if at >= 0 else None
        if org is not None:
            tail = re.fullmatch(r"(.+?)\s+(?:of|for|at)\s+(?:the\s+)?", doc.text[at:org.span.start])
            if tail and org.span.end >= at + len(piece) and _TITLE.fullmatch(tail[1]):
                piece = tail.group(1)  # "Director-General of UNESCO" -> "Director-General"
        out.append((piece, org))
    return out


def _org_first(doc: _Doc) -> Iterator[Relation]:
    """ "UNESCO Director-General Audrey Azoulay"."""
    for person in doc.people:
        before = doc.text[max(0, person.span.start - 80):person.span.start]
        m = re.search(rf"({_ROLE_MODIFIER}{_ROLE_CORE})[ \t]+$", before)
        if not m:
            continue
        at = person.span.start - len(before) + m.start()
        org = next((o for o in doc.orgs if o.span.end in (at - 1, at - 2)
                    and re.fullmatch(r"[ \t]|['\u2019]s ", doc.text[o.span.end:at])), None)
        if org is not None:
            yield doc.relation(person, org, m.group(1), org.span.start, person.span.end)


_ELECTED = re.compile(rf"(?:[ \t\n]*\([^()\n]{{1,60}}\))?,?\s+as\s+(?:the\s+)?"
                      rf"((?:Vice-)?{_ROLE_MODIFIER}{_ROLE_CORE})\b(?![{_APOS}-])")
_BODY = re.compile(r"\b(?:the|The|its|Its)\s+((?:[A-Z][\w-]*\s+)*)(Committee|Council|Board|"
                   r"Commission|Assembly|Conference|Bureau|Panel|Group|Parliament|Senate|"
                   r"Congress)\b")


def _elected(doc: _Doc) -> Iterator[Relation]:
    """ "The Committee elected Mr X (Egypt) as Chairperson": the post is held in the body that
    elected (the one the sentence names, or the last full name of a body so called); the country
    in brackets is where the person comes from, not where the post is held."""
    text = doc.text
    for person in doc.people:
        m = _ELECTED.match(text, person.span.end)
        if not m:
            continue
        end = m.end(1)
        of = re.match(r"\s+(?:of|for)\s+(?:the\s+)?", text[end:])
        org = doc.org_at(end + of.end(), len(text)) if of else None
        if org is None:
            before = text[max(0, person.span.start - 400):person.span.start]
            sentence = re.split(r"[.!?][ \t]+(?=[A-Z])|\n[ \t]*\n", before)[-1]
            body = _BODY.search(sentence)
            if body is None:
                continue
            at = person.span.start - len(sentence) + body.start(1)
            named = doc.org_at(at, person.span.start)
            org = named or next((o for o in reversed(doc.orgs) if o.span.end <= at and
                                 body.group(2) in o.name.split()), None)
        if org is not None:
            yield doc.relation(person, org, m.group(1), person.span.start, end)


def _role_only(doc: _Doc) -> Iterator[Record]:
    """ "the Director-General of UNESCO", "the UN Secretary-General", "the Director-General"."""
    text = doc.text
    taken = [(p.span.start, p.span.end) for p in doc.people]
    for m in _ROLE.finditer(text):
        start, end = m.start(1), m.end(1)
        org: Mention | None = None
        after = re.match(r"\s+(?:of|for)\s+(?:the\s+)?", text[end:])
        if after:
            org = doc.org_at(end + after.end(), len(text)) or doc.place_from(end + after.end())
            if org is not None:
                end_all = org.span.end
            else:
                cap = _CAPITALISED.match(text, end + after.end())
                end_all = cap.end() if cap else end
                more = re.match(r",[ \t]*([^,;\n]+),[ \t]*[A-Z]", text[end_all:])
                if cap and more and is_portfolio(more.group(1)):
                    end_all += more.end(1)  # "the Minister of Education, Science and Technology"
        else:
            end_all = end
        if any(end_all <= s <= end_all + 3 for s, _ in taken):
            continue  # "the President John Adams", "the Director, Mr X": a title before a name
        if any(s < end_all and start < e for s, e in taken) or _after_person(doc, m.start()):
            continue
        if _PREDICATE.search(text, max(0, m.start() - 40), m.start()):
            continue  # "He was the Minister of Fisheries": a post of the subject, no one new
        name = re.sub(r"\s+", " ", text[start:end_all])
        person = Mention(EntityKind.PERSON, name, doc.pdoc.span(start, end_all), NAME,
                         role_only=True)
        yield person
        post = m.group(1) if org is not None else name
        target = org
        if target is None and _UN_TITLES.search(post):
            target = doc.un()
        if target is None:
            target = doc.letterhead
        if target is not None:
            yield doc.relation(person, target, post, start, end_all)
    yield from _org_role_only(doc)


#: A post said of the sentence's subject: "was the", "became", "served as", "was appointed".
_PREDICATE = re.compile(
    r"\b(?:was|is|were|are|became|becomes|become|been|remained|served|serves|serving|as"
    r"|appointed|named|elected|re-elected)[ \t]+(?:(?:the|a|an|its|their|his|her|first|then"
    r"|later|former|also|twice|deputy)[ \t]+)*$")


def _after_person(doc: _Doc, at: int) -> bool:
    """ "X, the Chair's Deputy Director" / "X, the Director of ...": an apposition, not a role."""
    return any(re.fullmatch(r",\s*", doc.text[p.span.end:at]) for p in doc.people)


def _org_role_only(doc: _Doc) -> Iterator[Record]:
    """ "the UN Secretary-General('s)": the organisation, then the post, no name after."""
    text = doc.text
    for org in doc.orgs:
        if not re.search(r"\b(?:the|The)\s+$", text[max(0, org.span.start - 4):org.span.start]):
            continue
        m = re.match(rf"[ \t]+({_ROLE_MODIFIER}{_ROLE_CORE})\b(?!-)", text[org.span.end:])
        if not m or re.match(r"[ \t]+[A-Z]", text[org.span.end + m.end():]):
            continue
        end = org.span.end + m.end()
        name = re.sub(r"\s+", " ", text[org.span.start:end])
        person = Mention(EntityKind.PERSON, name, doc.pdoc.span(org.span.start, end), NAME,
                         role_only=True)
        yield person
        yield doc.relation(person, org, m.group(1), org.span.start, end)


#: A role with the holder's name in brackets, as records write the officers: "The
#: DIRECTOR-GENERAL (Mr. Luther H. EVANS) :".
_ROLE_NAMED = re.compile(rf"\bthe[ \t]+({_ROLE_MODIFIER}{_ROLE_CORE})[ \t]*\([ \t]*", re.IGNORECASE)


def _named_roles(doc: _Doc) -> Iterator[Relation]:
    """The holder a record names in brackets after the title of the head of UNESCO's Secretariat
    or a deputy or assistant of theirs (held in the letterhead's organisation, or in UNESCO when
    the document names it)."""
    home = doc.letterhead or next((o for o in doc.orgs if o.authority == _UNESCO), None)
    if home is None:
        return
    for m in _ROLE_NAMED.finditer(doc.text):
        person = doc.person_starting.get(m.end())
        if person is None or not re.match(r"[ \t]*\)", doc.text[person.span.end:]):
            continue
        post = m.group(1).title() if m.group(1).isupper() else m.group(1)
        if "Director-General" in post:  # not "The PRESIDENT (Mr. X)", of another body
            yield doc.relation(person, home, post, m.start(1), person.span.end)


#: "the National Agency for ..., whose deputy director, Tamar Lomidze, sees ...".
_WHOSE = re.compile(r",[ \t\n]+whose[ \t\n]+((?:[A-Za-z-]+[ \t\n]+){0,3}?([A-Za-z-]+))"
                    r"[ \t\n]*,[ \t\n]+")


def _whose_posts(doc: _Doc) -> Iterator[Relation]:
    """A person named after "whose" and a post of an organisation: the post is held there."""
    posts = {w.lower() for w in (*POST_WORDS, *POST_NOUNS)} | {"head", "curator", "editor"}
    for org in doc.orgs:
        m = _WHOSE.match(doc.text, org.span.end)
        person = doc.person_starting.get(m.end()) if m else None
        if m and person is not None and m.group(2).lower() in posts:
            yield doc.relation(person, org, m.group(1), org.span.start, person.span.end)


#: "Its director, Dr. Nadia Farid, has ..." and "... to Dr Karim Mansour, its Director.".
_ITS_TITLE = re.compile(r"\b[Ii]ts[ \t\n]+((?:[A-Za-z-]+[ \t\n]+){0,2}?([A-Za-z-]+))[ \t\n]*,"
                        r"[ \t\n]+(?P<honorific>(?:Mr|Ms|Mrs|Dr|Prof|Professor)\.?[ \t\n]+)?")
_OWNS = re.compile(r"['’]s\b")  # "with Unesco's help": Unesco is no antecedent of "its"
_PLACE_AND = re.compile(r"\s*,?\s*(?:and\s+)?")  # "Tessby and its mayor": the place's
_TITLE_ITS = re.compile(r"[ \t\n]*,[ \t\n]+its[ \t\n]+((?:[A-Za-z-]+[ \t\n]+){0,2}?([A-Za-z-]+))\b")


def _its_posts(doc: _Doc) -> Iterator[Relation]:
    """A person named with "its" and a post: the post is held in the organisation "its" stands
    for, the last named before "its" in its sentence (or else in the sentence before), not one
    owning what follows it ("with Unesco's help"); not after a place ("Tessby and its mayor")."""
    posts = {w.lower() for w in (*POST_WORDS, *POST_NOUNS)} | {"head", "curator", "editor"}
    found = [(m, doc.person_starting.get(m.end()) or doc.person_starting.get(m.start("honorific")))
             for m in _ITS_TITLE.finditer(doc.text)]
    for named in doc.people:
        m = _TITLE_ITS.match(doc.text, named.span.end)
        if m is not None:
            found.append((m, named))
    starts = [s for s, _ in doc.pdoc.sentences()]
    owners = [o for o in doc.orgs if not _OWNS.match(doc.text, o.span.end)]
    for m, person in found:
        if person is None or m.group(2).lower() not in posts:
            continue
        its = min(m.start(), person.span.start)
        if any(_PLACE_AND.fullmatch(doc.text, p.span.end, its) for p in doc.places
               if p.span.end <= its):
            continue
        here = max((s for s in starts if s <= its), default=0)
        before = max((s for s in starts if s < here), default=0)
        body = next((o for o in reversed(owners) if here <= o.span.start and o.span.end <= its),
                    None) or next((o for o in reversed(owners)
                                   if before <= o.span.start and o.span.end <= here), None)
        if body is not None:
            yield doc.relation(person, body, m.group(1), its, person.span.end)


#: A record's heading names who presides: "President: Mr. Rodrigo SOLANO MORA (Costa Rica)".
_PRESIDING = re.compile(r"(?m)^[ \t]*(President|Chairman|Chairperson|Chairwoman|Chair|Rapporteur)"
                        r"[ \t]*:[ \t]*")


def _presiding(doc: _Doc) -> Iterator[Relation]:
    """The officer a record's heading names, of the body named last above the line ("GENERAL
    CONFERENCE - TWENTY-FOURTH SESSION", "COMMISSION IV (CULTURE)")."""
    for m in _PRESIDING.finditer(doc.text):
        person = doc.person_starting.get(m.end())
        above = [o for o in doc.orgs if o.span.end <= m.start()]
        if person is not None and above:
            yield doc.relation(person, above[-1], m.group(1), m.start(1), person.span.end)


def _listed(doc: _Doc) -> Iterator[Relation]:
    """Members elected in a list, officers proposed body by body, the entries of a list of
    participants (:mod:`._postlists`)."""
    for found in (*listed_members(doc.text, doc.orgs, doc.person_starting),
                  *proposed_officers(doc.text, doc.orgs, doc.person_starting),
                  *entry_posts(doc.text, doc.orgs, doc.person_starting)):
        yield doc.relation(*found)


def _known_posts(doc: _Doc) -> Iterator[Relation]:
    """ "the Director-General, Ms Irina Bokova": a title written before a person that the
    authority file (``ontology/gazetteer/people.ttl``) says the person held in a body the
    document names."""
    gaz = load_gazetteer()
    bodies = {o.authority: o for o in doc.orgs if o.authority}
    for person in doc.people:
        entry = gaz.person((person.name, *person.alternate_names))
        before = doc.text[max(0, person.span.start - 40):person.span.start]
        for held in (h for h in gaz.holdings if entry and h.person == entry.iri):
            title = rf"\b{re.escape(held.title)}[ \t]*,?[ \t]*(?:(?:Mr|Ms|Mrs|Dr)\.?[ \t]+)?$"
            if held.organization in bodies and re.search(title, before):
                yield doc.relation(person, bodies[held.organization], held.title,
                                   person.span.start - len(before), person.span.end)
                break


@extractors.register(NAME, produces=("Membership", "Post", "Person"),
                     requires=("people.v1", "organizations.v1"))
def extract_posts(pdoc: ProcessedDocument, found: Sequence[Record]) -> Iterator[Record]:
    """HOLDS_POST relations, role-only people and the places that hold posts."""
    doc = _Doc(pdoc, found)
    records: list[Record] = [*_appositions(doc), *_org_first(doc), *_elected(doc),
                             *_role_only(doc), *_known_posts(doc), *_named_roles(doc),
                             *_whose_posts(doc), *_presiding(doc), *_its_posts(doc),
                             *_listed(doc)]
    yield from doc.new_places
    seen: set[tuple[int, int, int, int, str | None]] = set()
    for r in records:
        if isinstance(r, Relation):
            if not (r.post or "").strip():
                continue  # no post could be read: no membership
            key = (r.subject.span.start, r.subject.span.end, r.object.span.start,
                   r.object.span.end, r.post)
            if key in seen:
                continue
            seen.add(key)
        yield r
