"""Grammar rules of ``relations.v1``: a relation the dependency parse of a sentence states.

Given the head words of a subject and an object mention, a rule looks at the word that governs
the object and how the subject reaches it:

- a verb of :data:`lex:membership-verbs` or :data:`lex:participation-verbs` whose subject is the
  subject mention, the object its direct object or the object of its preposition: "He played as
  a right winger for Harbour Rovers", "He enlisted in the army", "fought in World War II";
- a noun of :data:`lex:membership-nouns`, :data:`lex:participation-nouns` or
  :data:`lex:part-nouns` that the subject is ("was a member of", "became chairman of"), is in
  apposition to ("X, a subsidiary of Y"), serves as ("served as chairman of"), or that the object
  qualifies ("a Labour Party politician", "Norway's Minister of Education");
- for a place or an event, "in" or "within" hanging on its own name: "the Casa Grande Ruins
  National Monument in Arizona";
- a membership verb in the passive, its agent the subject: "The Commission was chaired by X",
  "the Authority, led by X, was formed";
- taking part: "a freedom fighter during the War of Independence" (a noun the subject is, or the
  copula that makes it one), "the battle was fought between X and Y";
- where a body is: "Ruritania's Secret Service", "X, whose headquarters are in Y".

The word lists are data: ``ontology/lexicon/relation-triggers.ttl``. A rule gives the relation's
class (an index of :data:`._relfeatures.CLASSES`) and, for a post written as a title ("Minister
of Education"), the title. The classifier reads the rule's verdict as one of its features.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from ._lexicon import words

if TYPE_CHECKING:
    from spacy.tokens import Token

__all__ = ["rule", "stem"]

_SUBJECT = ("nsubj", "nsubjpass")
_CLIMB = ("xcomp", "conj", "advcl", "ccomp", "pcomp", "prep")
_RELATIVE = frozenset({"who", "which", "that", "whom"})
_NOUN_PREPS = frozenset({"of", "for", "with", "at", "in", "on", "to"})
_PLACE_PREPS = frozenset({"in", "within", "of"})


def stem(word: str) -> str:
    """A crude stem, the same for the forms of a regular verb or noun ("played" -> "play")."""
    w = word.lower()
    for suffix, repl in (("ied", "y"), ("ies", "y"), ("ing", ""), ("ed", ""), ("es", ""),
                         ("s", "")):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            w = w[: len(w) - len(suffix)] + repl
            break
    return w[:-1] if w.endswith("e") and len(w) > 3 else w


@cache
def _stems(name: str) -> frozenset[str]:
    return frozenset(" ".join(stem(w) for w in entry.split()) for entry in words(name))


def _verb_lists(cls: int) -> str | None:
    return {1: "membership-verbs", 2: "participation-verbs", 3: "location-verbs"}.get(cls)


def _noun_list(cls: int) -> str | None:
    return {1: "membership-nouns", 2: "participation-nouns", 4: "part-nouns"}.get(cls)


def _subject_of(verb: Token) -> Token | None:
    """The subject of ``verb``, or of the verb it depends on through a chain of clauses; the
    noun a relative clause ("a politician who served as ...") qualifies."""
    t = verb
    for _ in range(5):
        for child in t.children:
            if child.dep_ in _SUBJECT:
                if child.lower_ in _RELATIVE and t.dep_ == "relcl":
                    return _antecedent(t.head, child.lower_ == "who")
                return child
        if t.dep_ == "relcl" or (t.dep_ == "acl" and t.tag_ in ("VBG", "VBN")):
            return t.head  # "a singer known as ...", "a player drafted by ..."
        if t.dep_ not in _CLIMB or t.head is t:
            return None
        t = t.head
    return None


def _antecedent(noun: Token, person: bool) -> Token:
    """The noun a relative clause qualifies; for "who", the noun a place or a thing it hangs on
    qualifies ("a politician in the province of Alberta, who served as ...")."""
    while person and noun.dep_ == "pobj" and noun.ent_type_ != "PERSON" \
            and noun.head.dep_ == "prep" and noun.head.head.pos_ in ("NOUN", "PROPN"):
        noun = noun.head.head
    return noun


def _is(subject: Token, token: Token, depth: int = 0) -> bool:
    """``token`` is ``subject`` itself, a word of the same name (the name repeated after a
    title line, a compound of it), or a noun the subject is ("a politician who ...")."""
    if token == subject or (token.text == subject.text and token.pos_ == "PROPN"):
        return True
    if token.head == subject and token.dep_ in ("compound", "flat", "appos"):
        return True
    if subject.head == token and subject.dep_ in ("compound", "flat", "appos"):
        return True
    return depth <= 1 and token.pos_ == "NOUN" and _reaches(subject, token, depth + 1)


def _reaches(subject: Token, noun: Token, depth: int = 0) -> bool:
    """The subject is the noun (copula, apposition, "as"), or names it."""
    if noun.dep_ == "appos" and _is(subject, noun.head):
        return True
    if subject.dep_ == "appos" and subject.head == noun:
        return True
    if noun.head == subject or subject.head == noun:  # "politician X", "X the chairman"
        return True
    head = noun.head
    if noun.dep_ == "nsubj" and subject.dep_ == "attr" and subject.head == head:
        return True  # "the first prime minister of Siam was X"
    if noun.dep_ == "pobj" and head.lower_ == "as":
        head = head.head
    elif noun.dep_ not in ("attr", "oprd", "dobj", "conj"):
        return False
    if noun.dep_ == "conj":
        return depth < 3 and _reaches(subject, head, depth + 1)
    found = _subject_of(head)
    return found is not None and _is(subject, found, depth + 1)


def rule(subject: Token, obj: Token, classes: tuple[int, ...], place: bool = False,
         sited: bool = False) -> tuple[int, str | None] | None:
    """The class (and post title) a rule reads between the two head words (``place``: the
    object is a place; ``sited``: the subject is a place or an event, which "in" after its name
    places: "the Casa Grande Ruins National Monument in Arizona"), or None."""
    if 1 in classes and _agent_of_passive(subject, obj):
        return 1, None  # "The Commission was chaired by X"
    if 2 in classes and _fought_between(subject, obj):
        return 2, None  # "The battle was fought between X and Y"
    if 3 in classes and place and not sited and obj.dep_ == "poss" and obj.head == subject:
        return 3, None  # "Romania's Special Intelligence Service"
    if not place and obj.dep_ == "appos" and obj.head.pos_ == "NOUN" and \
            obj.head.dep_ in ("pobj", "dobj"):
        obj = obj.head  # "admitted to the skiing club SK Ull": the noun the name names
    prep: Token | None = None
    governor = obj.head
    if obj.dep_ == "pobj":
        prep, governor = obj.head, obj.head.head
        if prep.dep_ == "conj" and governor.dep_ == "prep":  # "a member of X and of Y"
            governor = governor.head
    elif obj.dep_ == "conj" and obj.head.dep_ == "pobj":
        prep, governor = obj.head.head, obj.head.head.head
    elif obj.dep_ not in ("dobj", "poss", "compound", "nmod", "npadvmod"):
        return None
    for cls in classes:
        verbs, nouns = _verb_lists(cls), _noun_list(cls)
        if cls == 1 and place and governor.lower_ not in ("delegation", "delegations"):
            verbs, nouns = None, "head-nouns"  # a post held in a place: only its head's ("mayor
            # of X"), or a place in its delegation's ("a member of the delegation of Senegal")
        if governor.pos_ in ("VERB", "AUX") and verbs and obj.dep_ in ("pobj", "dobj", "conj"):
            key = stem(governor.lower_) + (f" {prep.lower_}" if prep is not None else "")
            if key in _stems(verbs):
                found = _subject_of(governor)
                if found is not None and _is(subject, found):
                    return cls, None
        if cls == 2 and prep is not None and prep.lower_ == "during" and _during(subject,
                                                                                  governor):
            return cls, None  # "an Irish freedom fighter during the War of Independence"
        if cls == 3 and prep is not None and prep.lower_ in ("in", "at") and _seat_of(subject,
                                                                                   governor):
            return cls, None  # "the Commission, whose headquarters are in Addis Ababa"
        if cls == 3:  # "a town in X", "the capital of X": any noun the subject is
            if prep is not None and prep.lower_ in _PLACE_PREPS and governor.pos_ == "NOUN" \
                    and _reaches(subject, governor):
                return cls, None
            if sited and prep is not None and prep.lower_ in ("in", "within") \
                    and _is(subject, governor):
                return cls, None  # "Y in X": "in" hangs on the subject's own name
            continue
        if not nouns or (prep is not None and prep.lower_ not in _NOUN_PREPS and not (
                cls == 1 and prep.lower_ == "from" and not place)):  # "a chemist from X"
            continue
        for noun in _nouns(governor):
            if (stem(noun.lower_) in _stems(nouns) or _person_noun(noun, cls, place)) \
                    and _reaches(subject, noun):
                return cls, _title(noun) if cls == 1 else None
    return None


#: Membership verbs whose passive has the member as its agent (not "founded by": a founder need
#: not be a member; not "represented by", said of places).
_LED_BY = frozenset(stem(w) for w in ("chair", "head", "lead", "led", "coach", "captain",
                                      "manage", "join"))


def _agent_of_passive(subject: Token, obj: Token) -> bool:
    """The object is the passive subject of a membership verb whose agent is the subject, or the
    noun its participle qualifies: "The Commission was chaired by X", "the team, coached by X
    and Y", "the High Authority, led by X, was formed"."""
    while subject.dep_ == "conj":
        subject = subject.head
    if subject.dep_ != "pobj" or subject.head.dep_ != "agent":
        return False
    verb = subject.head.head
    if stem(verb.lower_) not in _LED_BY:
        return False
    # "The Commission was chaired by X"; "the Authority, led by X, ..." (a participle on it)
    return (obj.dep_ == "nsubjpass" and obj.head == verb) or \
        (verb.dep_ == "acl" and verb.tag_ == "VBN" and verb.head == obj)


def _during(subject: Token, governor: Token) -> bool:
    """ "during" the event hangs on a noun the subject is ("a statesman during the Cold War"),
    or on the copula that makes the subject one ("X was a freedom fighter during the War");
    not on another verb ("born during the war")."""
    if governor.pos_ == "NOUN":
        return _reaches(subject, governor)
    found = _subject_of(governor) if governor.pos_ == "AUX" else None
    return found is not None and _is(subject, found) and any(
        c.dep_ == "attr" and c.pos_ == "NOUN" for c in governor.children)


_SEATS = frozenset({"headquarters", "seat", "secretariat", "offices", "office", "base"})


def _seat_of(subject: Token, governor: Token) -> bool:
    """``governor`` says where the subject's seat is: "X, whose headquarters are in Y", "X's
    headquarters are in Y"."""
    seat = next((c for c in governor.children if c.dep_ == "nsubj" and c.lower_ in _SEATS), None)
    if seat is None or governor.pos_ not in ("AUX", "VERB"):
        return False
    owner = next((c for c in seat.children if c.dep_ == "poss"), None)
    if owner is not None and owner.lower_ == "whose":
        return governor.dep_ == "relcl" and governor.head == subject
    return owner is not None and _is(subject, owner)


_FOUGHT = frozenset(stem(w) for w in ("fight", "fought", "wage", "contest", "play"))


def _fought_between(subject: Token, obj: Token) -> bool:
    """The event is what a verb of fighting says was fought between the subject and others:
    "The battle of Samugarh was fought between his sons Dara Shikoh and ... Aurangzeb"."""
    verb = obj.head
    if obj.dep_ not in ("nsubj", "nsubjpass") or stem(verb.lower_) not in _FOUGHT:
        return False
    t = subject
    for _ in range(6):  # up the list and its appositions to the object of "between"
        if t.dep_ == "pobj" and t.head.lower_ == "between":
            return t.head.head == verb
        if t.dep_ not in ("conj", "appos") or t.head is t:
            return False
        t = t.head
    return False


def _person_noun(noun: Token, cls: int, place: bool) -> bool:
    """A noun of a person's calling by its ending (:data:`lex:membership-noun-endings`: "a
    hydrologist of X", "a historian at X"), as a member of a body (not of a place)."""
    word = noun.lower_
    return cls == 1 and not place and noun.pos_ == "NOUN" and len(word) > 6 and any(
        word.endswith(e) for e in words("membership-noun-endings"))


def _nouns(governor: Token) -> list[Token]:
    """The noun governing the object, and the one governing that by "of" ("Minister of
    Education of Kenya")."""
    if governor.pos_ not in ("NOUN", "PROPN"):
        return []
    out = [governor]
    if governor.dep_ == "pobj" and governor.head.lower_ == "of" and \
            governor.head.head.pos_ in ("NOUN", "PROPN"):
        out.append(governor.head.head)
    return out


def _title(noun: Token) -> str | None:
    """ "Minister" / "Prime Minister" when written as a title (capitalised), else None."""
    if not noun.text[:1].isupper():
        return None
    left = [t for t in noun.lefts if t.dep_ in ("compound", "amod") and t.text[:1].isupper()
            and t.i >= noun.i - 3]
    start = min((t.i for t in left), default=noun.i)
    for t in noun.doc[start:noun.i]:  # not over a table's gap: "WAMBUA      Director"
        if t.is_space or t.whitespace_ not in ("", " ") or t.nbor().is_space:
            start = t.i + 1
    return noun.doc[start:noun.i + 1].text
