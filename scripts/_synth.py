"""Synthetic institutional documents for the benchmark: letters, press releases, meeting reports.

Every text is assembled from small lists of invented names, posts, bodies, places and events with
a seeded random generator, so the same ``seed`` and ``count`` give the same files, byte for byte.
The texts follow the shapes of the real documents in ``examples/documents`` (a letterhead, a
reference number, a dated place line, people with their posts, events with dates and places,
references to decisions and other documents), so every extractor has work to do.
"""

from __future__ import annotations

import random
from pathlib import Path

__all__ = ["KINDS", "generate", "write_corpus"]

KINDS = ("letter", "press-release", "meeting-report")

_GIVEN = ("Amina", "Lucas", "Mei", "Tomasz", "Nadia", "Kwame", "Ingrid", "Rafael", "Yuki", "Omar",
          "Sofia", "Dmitri", "Aisha", "Pablo", "Lena", "Tariq", "Chiara", "Hugo", "Zanele", "Ravi")
_FAMILY = ("Okonkwo", "Lindqvist", "Haddad", "Moreau", "Castellanos", "Nakamura", "Petrov",
           "Mensah", "Kowalski", "Fernandes", "Achterberg", "Solberg", "Mwangi", "Rahimi",
           "Delacroix", "Varga", "Tanaka", "Oyelaran", "Brennan", "Quispe")
_TITLES = ("Mr", "Ms", "Dr", "Professor")
_POSTS = ("Director", "Programme Specialist", "Chief of Section", "Senior Adviser",
          "Executive Secretary", "Head of Unit", "Chairperson", "Deputy Director")
_BODIES = ("Regional Bureau for Science in Asia and the Pacific", "Culture Sector",
           "Intergovernmental Oceanographic Commission", "Institute for Lifelong Learning",
           "International Bureau of Education", "Section for Teacher Development",
           "Division for Gender Equality", "World Heritage Centre",
           "International Institute for Educational Planning", "Communication Sector")
_PARTNERS = ("National Commission for Education of Ruritania", "Baltic Institute of Archives",
             "Andean Network of Museums", "Pacific Council of Libraries",
             "Lake Region Teachers Association", "Sahel Centre for Water Research",
             "Nordic Forum for Press Freedom", "Caribbean Heritage Trust")
_PLACES = ("Paris", "Nairobi", "Bangkok", "Montevideo", "Dakar", "Beirut", "Jakarta", "Lima",
           "Tashkent", "Windhoek", "Quito", "Hanoi")
_TOPICS = ("teacher training", "open science", "ocean literacy", "media freedom",
           "intangible cultural heritage", "adult literacy", "water security", "digital archives",
           "inclusive education", "biodiversity monitoring")
_EVENTS = ("Regional Forum on {t}", "Expert Meeting on {t}", "International Conference on {t}",
           "Workshop on {t}", "Ministerial Round Table on {t}")
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")
_ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth")


class _Writer:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.year = rng.randint(2012, 2024)

    def pick(self, items: tuple[str, ...]) -> str:
        return self.rng.choice(items)

    def person(self) -> tuple[str, str]:
        """(titled full name, surname)"""
        family = self.pick(_FAMILY)
        return f"{self.pick(_TITLES)} {self.pick(_GIVEN)} {family}", family

    def date(self) -> str:
        return f"{self.rng.randint(1, 28)} {self.pick(_MONTHS)} {self.year}"

    def event(self) -> str:
        return self.pick(_EVENTS).format(t=self.pick(_TOPICS).title())

    def reference(self) -> str:
        return f"{self.pick(('ED', 'SC', 'CLT', 'CI', 'SHS'))}/{self.pick(('DIR', 'PSD', 'ITE'))}" \
               f"/{self.year % 100:02d}/{self.rng.randint(100, 9999):04d}"

    def body_paragraph(self) -> str:
        name, family = self.person()
        other, _ = self.person()
        topic = self.pick(_TOPICS)
        return (
            f"{name}, {self.pick(_POSTS)} of the {self.pick(_BODIES)}, presented the results of "
            f"the programme on {topic} carried out with the {self.pick(_PARTNERS)}. "
            f"{family.upper() if self.rng.random() < 0.1 else family} recalled Decision "
            f"{self.rng.randint(30, 45)} C/{self.rng.randint(1, 60)} and the report "
            f"{self.reference()}. {other} said that the {self.event()} would be held in "
            f"{self.pick(_PLACES)} on {self.date()}."
        )


def _letter(w: _Writer) -> str:
    recipient, family = w.person()
    signer, _ = w.person()
    paragraphs = [w.body_paragraph() for _ in range(w.rng.randint(1, 3))]
    return "\n".join([
        "United Nations Educational, Scientific and Cultural Organization", "",
        w.pick(_BODIES), "",
        recipient, w.pick(_POSTS), w.pick(_PARTNERS), w.pick(_PLACES), "",
        f"{w.pick(_PLACES)}, {w.date()}", "",
        f"Ref.: {w.reference()}", "",
        f"Subject: Invitation to the {w.event()}", "",
        f"Dear {recipient.split()[0]} {family},", "",
        f"I have the honour to invite you to the {w.event()}, which will take place in "
        f"{w.pick(_PLACES)} from {w.date()}. I refer to your letter of {w.date()} on "
        f"{w.pick(_TOPICS)}.", "",
        *[p + "\n" for p in paragraphs],
        "Yours sincerely,", "",
        signer, w.pick(_POSTS), w.pick(_BODIES), "",
    ])


def _press_release(w: _Writer) -> str:
    place = w.pick(_PLACES)
    event = w.event()
    speakers = "; ".join(f"{w.person()[0]}, {w.pick(_POSTS)}, {w.pick(_PARTNERS)}"
                         for _ in range(w.rng.randint(2, 4)))
    contact, _ = w.person()
    return "\n".join([
        "PRESS RELEASE", "",
        f"UNESCO {w.pick(_BODIES)}",
        f"{place}, {w.date()}", "For immediate release", "",
        f"{event} opens in {place}", "",
        f"On {w.date()}, experts and officials met in {place} for the {event}. The meeting was "
        f"convened by the {w.pick(_BODIES)} together with the {w.pick(_PARTNERS)}.", "",
        f"Speakers at the meeting included {speakers}.", "",
        *[w.body_paragraph() + "\n" for _ in range(w.rng.randint(1, 3))],
        "Media contact:", f"{contact}, Communication Officer, {w.pick(_BODIES)}", "",
    ])


def _meeting_report(w: _Writer) -> str:
    ordinal = w.pick(_ORDINALS)
    chair, _ = w.person()
    rapporteur, _ = w.person()
    return "\n".join([
        f"Summary report of the {ordinal} session of the {w.event()}", "",
        f"The {ordinal} session met at UNESCO Headquarters in Paris from {w.date()} to "
        f"{w.date()}. Document {w.reference()} sets out its agenda.", "",
        "Bureau", "",
        f"The participants elected {chair} as Chairperson and {rapporteur} as Rapporteur.", "",
        "Main decisions", "",
        *[w.body_paragraph() + "\n" for _ in range(w.rng.randint(2, 4))],
    ])


_MAKERS = {"letter": _letter, "press-release": _press_release, "meeting-report": _meeting_report}


def generate(count: int, seed: int = 7) -> list[tuple[str, str]]:
    """``count`` documents as ``(file name, text)``; the same arguments give the same texts."""
    rng = random.Random(seed)
    documents = []
    for i in range(count):
        kind = KINDS[i % len(KINDS)]
        text = _MAKERS[kind](_Writer(random.Random(rng.getrandbits(64))))
        documents.append((f"{i:06d}-{kind}.txt", text))
    return documents


def write_corpus(folder: Path, count: int, seed: int = 7) -> list[Path]:
    """Write the documents of :func:`generate` into ``folder`` and return their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, text in generate(count, seed):
        path = folder / name
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths
