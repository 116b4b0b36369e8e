"""``participation.v1``: who took part in which event, and who organised it.

Reads the grammar of participation around the people, organisations and events found before it:

- a verb of taking part with the event as its object: "X participated in / took part in /
  attended / addressed / spoke at / opened / chaired EVENT", and in the passive: "EVENT was opened
  by X" (several agents joined by "and" each count);
- the speakers of an event: "Other High-Level speakers included A; B; C and D" names the
  speakers of the latest event of the paragraph;
- "the active participation of Mr Y(, his post,) in EVENT", "X's participation in EVENT";
- "X was invited to speak / share ... at EVENT";
- "During EVENT, X emphasized / said / stressed ...";
- people listed before an event they served: "the tellers, Ms A (Norway), Mr B (Chile) and Ms C
  (Peru) for the Election of Members of the Board"; "her able supervision of the election" (the
  person the sentence named last);
- a verbatim or summary record (lines that give the floor: "Ms Lund (Norway):", "The
  PRESIDENT:"; numbered paragraphs opened by a speaker in capitals: "3.3  Mr HAUGLAND (Norway)
  welcomed ..."): the people it names took part in the session it records ("this 32nd session",
  else the session its heading names, else the one it names most often); a list of
  participants ("LIST OF PARTICIPANTS"): the people it lists took part in the event its title names;
- ORGANIZED: "EVENT convened / organized / hosted by X", "X organized EVENT", "EVENT, which X and
  Y convene jointly", "EVENT, which is being convened jointly by X and Y", "EVENT, which met ...
  under the auspices of X and of Y", "the fourteenth
  session of the Intergovernmental Committee" (a body's own session or meeting), "UNESCO's General
  Conference" (a body's possessive before its event).

A short definite reference to an event ("the dialogue", "During the high-level dialogue") stands
for the latest fuller mention of the event that has that short name, and relations point there.
People are preferred to the organisations named inside their description ("the Director-General of
UNESCO"); an organisation takes part only when no person stands in its place.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from .._nlp import ProcessedDocument
from ..records import EntityKind, Mention, Record, Relation, RelationKind
from ..registry import extractors
from ._postlists import LIST_HEADING
from ._sessionowners import heading_body, owner, possessor, short_owner

if TYPE_CHECKING:
    from spacy.tokens import Token

__all__ = ["NAME", "extract_participation"]


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


NAME = "participation.v1"

# verbs whose direct object is the event taken part in
_DIRECT = _words(
    "attend address open chair co-chair cochair moderate join inaugurate close keynote "
    "facilitate"
)
# verbs that take part in the event through "in" / "at"
_THROUGH = {
    "participate": ("in",), "take": ("in",), "speak": ("at", "in", "during"),
    "intervene": ("at", "in", "during"), "present": ("at", "in", "during"),
    "contribute": ("to",), "deliver": ("at", "during"), "share": ("at", "during", "in"),
    "appear": ("at",), "testify": ("at", "before"),
}
_ORGANIZE = _words(
    "organize organise convene host co-organize co-organise co-host cohost sponsor"
)
_SPEECH = _words(
    "say state emphasize emphasise stress note highlight underline underscore call urge recall "
    "announce present speak deliver declare welcome express reaffirm point explain argue address "
    "insist observe remark share"
)
_SPEAKERS = re.compile(
    r"\b(?:speakers|panellists|panelists|participants|presenters|moderators|discussants|"
    r"keynotes?|panel)\b[^.;:]{0,40}?\b(?:included|include|were|are|comprised|featured)\b|"
    r"\b(?:speakers|panellists|panelists|participants)\s*:",
    re.IGNORECASE,
)
_PARTICIPATION_OF = re.compile(r"\bparticipation\s+of\s+", re.IGNORECASE)
# between the participant (and an apposition: ", the Chair's Deputy Director,") and the event
_PARTICIPATION_IN = re.compile(r"(?:\s*,[^,;]{0,120},)?\s+in\s+(?:the\s+|its\s+|a\s+|an\s+)?")
_POSSESSIVE_PARTICIPATION = re.compile(
    r"['’]s\s+(?:active\s+)?participation\s+in\s+(?:the\s+|its\s+|a\s+)?$")
_ITS_SESSION = re.compile(r"\bits\s+$", re.IGNORECASE)
_SESSION = re.compile(r"\b(?:session|meeting|sitting)s?\b", re.IGNORECASE)
#: A line of a verbatim record that gives the floor: "7.1 The DIRECTOR-GENERAL:",
#: "Ms Lund (Norway) (Chairperson of the Committee):", "Mr. SALOMON (France): The French ...".
_FLOOR_LINE = re.compile(
    # a summary record: a numbered paragraph opened by a speaker in capitals ("3.3  Mr HAUGLAND
    # (Norway) welcomed ...", "3.1  The CHAIRPERSON invited ...")
    r"^[ \t]*\d+\.\d+[ \t]+(?:The[ \t]+[A-Z]{4,}|(?:Mr|Ms|Mrs|Dr)\.?[ \t]+[A-Z][A-Z'’-]+)\b"
    r"(?![a-z])|"
    r"^[ \t]*(?:\d+(?:\.\d+)*\.?[ \t]+)?(?:(?:The|Mr\.?|Ms\.?|Mrs\.?|Dr\.?|Madam|M\.)[ \t]+)?"
    r"(?:[A-Z][\w'’.-]*(?:[ \t]+[A-Z][\w'’.-]*){0,4}(?:[ \t]*\([^()\n]{1,80}\))*[ \t]*:[ \t]*$"
    # older records: the speech on the same line, after a name in capitals
    r"|[A-Z][A-Z'’.-]+(?:[ \t]+[A-Z][A-Z'’.-]+){0,3}(?:[ \t]*\([^()\n]{1,80}\))*[ \t]*:[ \t])",
    re.MULTILINE)
_NUMBERED = re.compile(r"\d|\b(?:first|second|third|\w+th)\b", re.IGNORECASE)
_THIS = re.compile(r"\b(?:this|present|current)\s+$", re.IGNORECASE)
_OWN_EVENT = re.compile(
    r"\b(?:session|sessions|meeting|meetings|conference|assembly|congress|summit|forum)\s+of\s+"
    r"(?:the\s+|its\s+)?$", re.IGNORECASE,
)


_BRACKET = re.compile(r"\s*\([^()]{1,12}\)")  # an acronym after a name: "(UNICEF)"
_LIST_GAP = re.compile(rf"(?:{_BRACKET.pattern})?\s*(?:,|,?\s+and)\s+(?:the\s+)?")


def _lemma(tok: Token) -> str:
    """A crude lemma (the pipeline runs without its lemmatizer)."""
    word = tok.lower_
    for suffix, repl in (("ied", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            stem = word[: len(word) - len(suffix)] + repl
            for candidate in (stem, stem + "e", stem[:-1] if stem[-1:] == stem[-2:-1] else stem):
                if (candidate in _DIRECT or candidate in _THROUGH or candidate in _ORGANIZE
                        or candidate in _SPEECH):
                    return candidate
    irregular = {"took": "take", "spoke": "speak", "spoken": "speak", "opened": "open",
                 "chaired": "chair", "held": "hold", "gave": "give"}
    return irregular.get(word, word)


class _Doc:
    """The mentions of one document, and where each stands in the parse."""

    def __init__(self, pdoc: ProcessedDocument, found: Sequence[Record]) -> None:
        self.pdoc = pdoc
        mentions = [r for r in found if isinstance(r, Mention)]
        self.events = sorted((m for m in mentions if m.kind is EntityKind.EVENT),
                             key=lambda m: m.span.start)
        self.agents = sorted((m for m in mentions
                              if m.kind in (EntityKind.PERSON, EntityKind.ORGANIZATION)),
                             key=lambda m: m.span.start)

    def target(self, event: Mention) -> Mention:
        """The fuller earlier mention a short definite reference stands for, else the event."""
        for earlier in reversed(self.events):
            if earlier.span.start >= event.span.start:
                continue
            if earlier.name != event.name and event.name in earlier.alternate_names:
                return earlier
        return event

    def agent_at(self, start: int, end: int) -> Mention | None:
        """The outermost person (else organisation) mention covering start..end."""
        covering = [m for m in self.agents if m.span.start <= start and end <= m.span.end]
        if not covering:
            return None
        return max(covering, key=lambda m: (m.span.end - m.span.start,
                                            m.kind is EntityKind.PERSON))

    def agent_of(self, tok: Token, offset: int) -> list[Mention]:
        """The mentions a subject or agent token (and the tokens joined to it by "and") name."""
        found: list[Mention] = []
        for t in [tok, *(c for c in tok.subtree if c.dep_ == "conj")]:
            m = self.agent_at(offset + t.idx, offset + t.idx + len(t.text))
            if m is not None and m not in found:
                found.append(m)
        return found

    def agents_listed(self, tok: Token, offset: int) -> list[Mention]:
        """The mentions :meth:`agent_of` reads at ``tok``, and the organisations listed after
        the first of them (:meth:`listed_after`)."""
        named = self.agent_of(tok, offset)
        return list(dict.fromkeys((*named, *(self.listed_after(named[0]) if named else ()))))

    def listed_after(self, first: Mention) -> list[Mention]:
        """The organisations listed after ``first``: "by UNESCO, the United Nations Children's
        Fund (UNICEF), UNDP and the World Bank" (its acronym in brackets skipped)."""
        text, out, last = self.pdoc.text, [], first
        bracket = _BRACKET.match(text, last.span.end)
        for m in self.agents:
            if m.span.start < last.span.end or m.kind is not EntityKind.ORGANIZATION or (
                    bracket and m.span.end <= bracket.end()):
                continue
            if not _LIST_GAP.fullmatch(text, last.span.end, m.span.start):
                break
            out.append(m)
            last, bracket = m, _BRACKET.match(text, m.span.end)
        return out

    def event_root(self, event: Mention) -> tuple[int, Token] | None:
        """The chunk offset and the syntactic head token of the event's span."""
        for offset, stop, doc in self.pdoc.bounds:
            if offset <= event.span.start < stop:
                span = doc.char_span(event.span.start - offset, event.span.end - offset,
                                     alignment_mode="expand")
                if span is not None:
                    return offset, span.root
        return None


def _subject(verb: Token) -> Token | None:
    for v in (verb, verb.head):
        subjects = [c for c in v.children if c.dep_ in ("nsubj", "nsubjpass")]
        if subjects:  # the nearest one: a title line may run into the sentence
            nearest = max(subjects, key=lambda c: (c.i < v.i, -abs(v.i - c.i)))
            return nearest if nearest.pos_ != "PRON" else None
        if v.dep_ not in ("conj", "xcomp", "advcl"):
            break
    return None


def _grammar(doc: _Doc, event: Mention) -> Iterator[tuple[RelationKind, Mention]]:
    """Relations read from the verb the event depends on."""
    found = doc.event_root(event)
    if found is None:
        return
    offset, root = found
    verb, passive = None, False
    if root.dep_ in ("dobj", "obj") and _lemma(root.head) in _DIRECT | _ORGANIZE:
        verb = root.head
    elif root.dep_ == "pobj" and root.head.dep_ in ("prep", "dative"):
        prep, head = root.head.lower_, root.head.head
        if prep in _THROUGH.get(_lemma(head), ()) or (
                _lemma(head) == "take" and any(c.lower_ == "part" for c in head.children)):
            verb = head
    elif root.dep_ == "nsubjpass":
        verb, passive = root.head, True
    for child in root.children:  # "a dialogue convened by X"
        if child.dep_ == "acl" and _lemma(child) in _ORGANIZE | _DIRECT:
            verb, passive = child, True
    yield from _organisers(doc, _after(root), offset)
    yield from _relative(doc, event, root, offset)
    if verb is None:
        return
    lemma = _lemma(verb)
    kind = RelationKind.ORGANIZED if lemma in _ORGANIZE else RelationKind.PARTICIPATED_IN
    if passive:
        agents = [c for c in verb.children if c.dep_ == "agent"]
        tokens = [p for a in agents for p in a.children if p.dep_ == "pobj"]
    else:
        subject = _subject(verb)
        tokens = [subject] if subject is not None else []
    if kind is RelationKind.PARTICIPATED_IN and lemma not in _DIRECT and passive:
        return
    for tok in tokens:
        for agent in doc.agents_listed(tok, offset) if passive else doc.agent_of(tok, offset):
            if kind is RelationKind.ORGANIZED and agent.kind is not EntityKind.ORGANIZATION:
                continue
            yield kind, agent


def _organisers(doc: _Doc, verb: Token | None, offset: int
                ) -> Iterator[tuple[RelationKind, Mention]]:
    """The organisations after "by" of an organising verb in the passive, and those listed
    after the first: "convened jointly by UNESCO, UNICEF, UNDP and the World Bank"."""
    for agent in (a for a in verb.children if a.dep_ == "agent") if verb is not None else ():
        for tok in (p for p in agent.children if p.dep_ == "pobj"):
            for m in doc.agents_listed(tok, offset):
                if m.kind is EntityKind.ORGANIZATION:
                    yield RelationKind.ORGANIZED, m


def _relative(doc: _Doc, event: Mention, root: Token, offset: int
              ) -> Iterator[tuple[RelationKind, Mention]]:
    """The organisers a clause on the event names: "the Conference, which UNESCO and the IBE
    convene jointly", "which is being convened jointly by UNESCO and UNICEF", "the Conference
    ..., which met at Nairobi under the auspices of Unesco and of the Economic Commission for
    Africa"."""
    name = root.doc.char_span(event.span.start - offset, event.span.end - offset,
                              alignment_mode="expand") or [root]  # the name's tokens, not the doc's
    inside = [t for t in name if event.span.start <= offset + t.idx < event.span.end]
    # the clause hangs on the event's head or on a word of its name the parse cut off ("for All")
    for verb in sorted({*root.subtree, *(c for t in inside for c in t.children)}):
        if verb.dep_ not in ("relcl", "acl") or offset + verb.head.idx >= event.span.end:
            continue
        organizing = _lemma(verb) in _ORGANIZE
        tokens = [c for c in verb.children if c.dep_ == "nsubj"] if organizing and any(
            c.dep_ == "dobj" and c.lower_ in ("which", "that") for c in verb.children) else []
        if organizing and any(c.dep_ == "nsubjpass" and c.lower_ in ("which", "that")
                              for c in verb.children):
            yield from _organisers(doc, verb, offset)  # "..., which is convened by X and Y"
        for auspices in (t for t in verb.subtree if t.lower_ == "auspices"):
            ofs = [c for c in auspices.children if c.lower_ == "of"]  # "and of the ...": a conj
            ofs += [c for o in (*ofs, auspices.head) for c in o.children  # of either preposition
                    if c.dep_ == "conj" and c.lower_ == "of"]
            tokens += [p for o in ofs for p in o.children if p.dep_ == "pobj"]
        for m in (m for tok in tokens for m in doc.agents_listed(tok, offset)):
            if m.kind is EntityKind.ORGANIZATION:
                yield RelationKind.ORGANIZED, m


def _after(root: Token) -> Token | None:
    """The organising verb of a clause right after the event, which the parser hung on the verb
    before it: "took part in the World Conference on Education for All, convened by X"."""
    verb = root.head.head if root.dep_ == "pobj" else None
    end = root.right_edge.i
    for child in verb.children if verb is not None else ():
        if child.dep_ == "advcl" and child.i > end and _lemma(child) in _ORGANIZE and all(
                t.is_punct for t in root.doc[end + 1:child.i]):
            return child
    return None


def _during(doc: _Doc, event: Mention, sentence: tuple[int, int]) -> Iterator[Mention]:
    """ "During the dialogue, the Director-General emphasized ..." """
    text = doc.pdoc.text
    if not re.fullmatch(r"\s*(?:During|At|In\s+the\s+course\s+of)\s+(?:the\s+|its\s+|this\s+)?",
                        text[sentence[0]:event.span.start]):
        return
    found = doc.event_root(event)
    if found is None:
        return
    offset, root = found
    verb = root.head.head if root.dep_ == "pobj" else None
    if verb is None or _lemma(verb) not in _SPEECH:
        return
    subject = _subject(verb)
    if subject is not None:
        yield from doc.agent_of(subject, offset)


def _speakers(doc: _Doc, sentence: tuple[int, int], paragraph_start: int) -> Iterator[
        tuple[Mention, Mention]]:
    """ "Other High-Level speakers included A; B; C and D": the speakers of the event in hand."""
    text = doc.pdoc.text
    m = _SPEAKERS.search(text, sentence[0], sentence[1])
    if not m:
        return
    events = [e for e in doc.events if paragraph_start <= e.span.start < sentence[1]]
    if not events:
        return
    event = doc.target(events[-1])
    listed = [a for a in doc.agents if m.end() <= a.span.start < sentence[1]]
    people = [a for a in listed if a.kind is EntityKind.PERSON]
    for agent in people or listed:
        if doc.agent_at(agent.span.start, agent.span.end) is agent:
            yield agent, event


def _participation_of(doc: _Doc, sentence: tuple[int, int]) -> Iterator[tuple[Mention, Mention]]:
    """ "the active participation of Mr Y, the Chair's Deputy Director, in EVENT" """
    text = doc.pdoc.text
    for m in _PARTICIPATION_OF.finditer(text, sentence[0], sentence[1]):
        agent = next((a for a in doc.agents if a.span.start >= m.end()
                      and re.fullmatch(r"(?:the\s+)?(?:[A-Z][\w.]*\s+){0,3}",
                                       text[m.end():a.span.start])), None)
        if agent is None:
            continue
        agent = doc.agent_at(agent.span.start, agent.span.end) or agent
        event = next((e for e in doc.events if agent.span.end <= e.span.start < sentence[1]
                      and _PARTICIPATION_IN.fullmatch(text[agent.span.end:e.span.start])), None)
        if event is not None:
            yield agent, doc.target(event)
    for event in doc.events:  # "X's participation in EVENT"
        if not sentence[0] <= event.span.start < sentence[1]:
            continue
        before = text[sentence[0]:event.span.start]
        p = _POSSESSIVE_PARTICIPATION.search(before)
        if p:
            agent = doc.agent_at(sentence[0] + p.start() - 1, sentence[0] + p.start())
            if agent is not None:
                yield agent, doc.target(event)


def _invited(doc: _Doc, sentence: tuple[int, int]) -> Iterator[tuple[Mention, Mention]]:
    """ "X was invited to speak at EVENT" """
    text = doc.pdoc.text
    for m in re.finditer(r"\b(?:was|were|has\s+been|had\s+been)\s+invited\s+to\s+"
                         r"(?:speak|share|present|deliver|address|participate|take\s+part|"
                         r"attend|contribute)\b", text[sentence[0]:sentence[1]]):
        start = sentence[0] + m.start()
        agents = [a for a in doc.agents if sentence[0] <= a.span.end <= start
                  and re.fullmatch(r"[\s,]*(?:[^,]{0,80},\s*)?", text[a.span.end:start])]
        events = [e for e in doc.events if start < e.span.start < sentence[1]
                  and re.search(r"\b(?:at|in|during|to)\s+(?:the\s+|its\s+|a\s+|an\s+)?$",
                                text[start:e.span.start])]
        if agents and events:
            agent = doc.agent_at(agents[0].span.start, agents[0].span.end) or agents[0]
            yield agent, doc.target(events[0])


def _organizers(doc: _Doc) -> Iterator[tuple[Mention, Mention]]:
    """A body's own session ("session of the Committee"), possessive ("UNESCO's Conference")
    and "its" session ("The General Conference ..., meeting in Paris ..., at its eleventh
    session": the body the sentence, or else the document, opens with)."""
    text = doc.pdoc.text
    bodies = [m for m in doc.agents if m.kind is EntityKind.ORGANIZATION]
    for event in doc.events:
        if bodies and _ITS_SESSION.search(text[max(0, event.span.start - 4):event.span.start]) \
                and _SESSION.search(event.name):
            sentence = next((s for s in doc.pdoc.sentences()
                             if s[0] <= event.span.start < s[1]), (0, 0))
            opening = [m for m in bodies if sentence[0] <= m.span.start < event.span.start
                       and not possessor(text, m, bodies)]
            yield owner(event, bodies) or (opening or bodies)[0], event
        heading = heading_body(text, bodies, event) if _SESSION.search(event.name) else None
        if heading is not None:
            yield heading, doc.target(event)
        for org in doc.agents:
            if org.kind is not EntityKind.ORGANIZATION:
                continue
            inside = event.span.start < org.span.start and org.span.end <= event.span.end
            if inside and _OWN_EVENT.search(text[event.span.start:org.span.start]):
                yield org, event
            elif org.span.end <= event.span.start and re.fullmatch(
                    r"['’]s\s+", text[org.span.end:event.span.start]):
                yield org, doc.target(event)
        short = short_owner(text, event, bodies) if _SESSION.search(event.name) else None
        if short is not None:
            yield short, doc.target(event)


_FOR_EVENT = re.compile(r"(?:\s*\([^()\n]{1,60}\))?\s+(?:for|in|at|during)\s+(?:the\s+)?$")
_LIST_SEP = re.compile(r"(?:\s*\([^()\n]{1,60}\))?\s*(?:,\s*(?:and\s+)?|\s+and\s+)"
                       r"(?:(?:Mr|Ms|Mrs|Dr|Sir|Madam|Professor|Prof|H\.\s?E)\.?\s+)?")
_SERVICE = re.compile(
    r"\b(?:his|her|their)\s+(?:\w+\s+){0,2}?(?:leadership|supervision|chairmanship|chairing|"
    r"presidency|moderation|organi[sz]ation|coordination)(?:\s+and\s+\w+)?\s+of\s+(?:the\s+)?$",
    re.IGNORECASE)


def _served(doc: _Doc, sentence: tuple[int, int]) -> Iterator[tuple[Mention, Mention]]:
    """People listed before an event "for" it, and the person whose "supervision of" an event
    the sentence praises (see the module's docstring)."""
    text = doc.pdoc.text
    people = [a for a in doc.agents if a.kind is EntityKind.PERSON and not a.role_only
              and sentence[0] <= a.span.start < sentence[1]]
    for event in (e for e in doc.events if sentence[0] <= e.span.start < sentence[1]):
        before = [p for p in people if p.span.end <= event.span.start]
        if before and _FOR_EVENT.fullmatch(text[before[-1].span.end:event.span.start]):
            listed = [before[-1]]
            for p in reversed(before[:-1]):
                if not _LIST_SEP.fullmatch(text[p.span.end:listed[-1].span.start]):
                    break
                listed.append(p)
            for p in reversed(listed):
                yield p, doc.target(event)
        served = _SERVICE.search(text, sentence[0], event.span.start)
        if before and served and served.end() == event.span.start:
            yield before[-1], doc.target(event)


def _recorded(doc: _Doc) -> Iterator[tuple[Mention, Mention]]:
    """A verbatim record's people and the session it records: the session named after "this"
    ("this 32nd session of the General Conference"), else the one its heading names (before the
    first line that gives the floor, :data:`_FLOOR_LINE`, which makes a text a record), else the
    one named most often."""
    text = doc.pdoc.text
    floor = _FLOOR_LINE.search(text)
    if not floor:
        return
    sessions = [doc.target(e) for e in doc.events if re.search(r"\bsession\b", e.name, re.I)
                and not _CITED_AT.search(text, max(0, e.span.start - 60), e.span.start)
                and not _BODY_AT.search(text, max(0, e.span.start - 40), e.span.start)]
    numbered = [e for e in sessions if _NUMBERED.search(e.name)]
    sessions = numbered or sessions  # "this session" stands for the 37th when that is named
    if not sessions:
        return
    groups: dict[str, list[Mention]] = {}  # "37th session" and "37th session of the ...": one
    for e in sessions:
        groups.setdefault(" ".join(e.name.lower().split()[:2]), []).append(e)
    key_of = {e.name: k for k, group in groups.items() for e in group}
    here = [key_of[e.name] for e in doc.events if e.name in key_of  # "this 32nd session" (a
            and _THIS.search(text[max(0, e.span.start - 10):e.span.start])  # bare "this
            and _NUMBERED.search(text[e.span.start:e.span.end])]  # session" is read back to the
    # session named last, which need not be the one recorded)
    ranked = sorted(groups, key=lambda k: -len(groups[k]))
    heading = [k for k, group in groups.items() if group[0].span.end <= floor.start()]
    if here:
        chosen = here[0]
    elif len(heading) == 1:  # the session the record's heading names
        chosen = heading[0]
    elif len(ranked) == 1 or len(groups[ranked[0]]) > len(groups[ranked[1]]):
        chosen = ranked[0]
    else:
        return  # two sessions named as often: which one is recorded is not known
    names = [e.name for e in groups[chosen]]  # its name written most often, else longest
    session = max(groups[chosen], key=lambda e: (names.count(e.name), len(e.name)))
    seen: set[str] = set()
    for person in doc.agents:
        outermost = doc.agent_at(person.span.start, person.span.end) is person
        if person.kind is EntityKind.PERSON and not person.role_only and outermost and \
                person.name not in seen:
            seen.add(person.name)
            yield person, session




def _listed(doc: _Doc) -> Iterator[tuple[Mention, Mention]]:
    """A list of participants: the people it names took part in the event its title names (the
    first event named before the list's heading)."""
    heading = LIST_HEADING.search(doc.pdoc.text)
    before = [e for e in doc.events if heading and e.span.end <= heading.start()]
    if heading is None or not before:
        return
    event = doc.target(before[0])
    for person in doc.agents:
        if person.kind is EntityKind.PERSON and not person.role_only and \
                person.span.start > heading.end() and doc.agent_at(
                    person.span.start, person.span.end) is person:
            yield person, event


#: A session a body held, named after it: "the Executive Board, at its 127th session, proposed"
#: (what it did there is cited; the session recorded is named otherwise).
_BODY_AT = re.compile(r"\b[A-Z][\w-]+,?\s+at\s+its\s+$")
#: A session named as where a cited text was adopted: "resolution 29 C/87 of the twenty-ninth
#: session", "adopted at its 28th session" (not the session recorded).
_CITED_AT = re.compile(r"(?:\b(?:[Rr]esolution|[Dd]ecision|adopted|[Rr]ecommendation)\b|\d/)"
                       r"[^.;:\n]{0,40}\b(?:of|at|by)\s+(?:the|its)\s+$")


def _paragraph_start(text: str, offset: int) -> int:
    breaks = [m.end() for m in re.finditer(r"\n\s*\n", text[:offset])]
    return breaks[-1] if breaks else 0


@extractors.register(NAME, produces=(),
                     requires=("people.v1", "organizations.v1", "posts.v1", "events.v1",
                               "places.v1"))
def extract_participation(pdoc: ProcessedDocument, found: Sequence[Record]) -> Iterator[Record]:
    """PARTICIPATED_IN and ORGANIZED relations between people or organisations and events."""
    doc = _Doc(pdoc, found)
    if not doc.events or not doc.agents:
        return
    seen: set[tuple[RelationKind, int, int, int, int]] = set()

    def relation(kind: RelationKind, agent: Mention, event: Mention,
                 sentence: tuple[int, int]) -> Iterator[Relation]:
        key = (kind, agent.span.start, agent.span.end, event.span.start, event.span.end)
        overlap = agent.span.start < event.span.end and event.span.start < agent.span.end
        if key in seen or (overlap and kind is RelationKind.PARTICIPATED_IN):
            return
        seen.add(key)
        start, end = sentence
        while start < end and pdoc.text[start].isspace():
            start += 1
        while end > start and pdoc.text[end - 1].isspace():
            end -= 1
        yield Relation(kind, agent, event, pdoc.span(start, end), NAME)

    for sentence in pdoc.sentences():
        events = [e for e in doc.events if sentence[0] <= e.span.start < sentence[1]]
        for event in events:
            for kind, agent in _grammar(doc, event):
                yield from relation(kind, agent, doc.target(event), sentence)
            for agent in _during(doc, event, sentence):
                yield from relation(RelationKind.PARTICIPATED_IN, agent, doc.target(event),
                                    sentence)
        pairs = [*_participation_of(doc, sentence), *_invited(doc, sentence),
                 *_served(doc, sentence),
                 *_speakers(doc, sentence, _paragraph_start(pdoc.text, sentence[0]))]
        for agent, event in pairs:
            yield from relation(RelationKind.PARTICIPATED_IN, agent, event, sentence)
    sentences = list(pdoc.sentences())
    starts = [s[0] for s in sentences]
    for person, session in (*_recorded(doc), *_listed(doc)):
        at = bisect_right(starts, person.span.start) - 1
        sentence = sentences[at] if at >= 0 else (person.span.start, person.span.end)
        yield from relation(RelationKind.PARTICIPATED_IN, person, session, sentence)
    for org, event in _organizers(doc):
        sentence = next((s for s in pdoc.sentences() if s[0] <= event.span.start < s[1]),
                        (event.span.start, event.span.end))
        yield from relation(RelationKind.ORGANIZED, org, event, sentence)
