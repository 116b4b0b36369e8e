"""The language of a document's text, by counting function words (``detect_language``).

Function words ("the", "of", "de", "que"...) make up a third or more of any running text and
differ between languages, so counting the words that belong to one language only tells English,
French, Spanish, German, Italian and Portuguese apart on a paragraph or more. The scorer is
deterministic and needs no model; it abstains (None) on short or mixed text rather than guess.
``scripts/lang_compare.py`` compares it with langdetect on texts of known language.

Institutional letters carry letterheads in several languages (UNESCO's names itself in six), so
only the winner's margin decides: a French letterhead above an English letter leaves it English.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection, Mapping

__all__ = ["LANGUAGES", "NOT_NAME_WORDS", "detect_language", "dominant_language"]

_FUNCTION_WORDS = {
    "en": "the and of to in is that for with on by this which are be was have from it as we you"
          " our your would will not has been at an or their its were these also",
    "fr": "le la les des du et est une un dans pour que qui sur avec au aux nous vous votre ce"
          " cette pas sont été je très ont leur leurs ses mais ou par plus être",
    "es": "el la los las del y es una un en por para con que se su sus al como más muy"
          " nosotros usted ha han sobre entre fue este esta también",
    "de": "der die das und ist nicht mit den dem ein eine zu von für auf im sich auch wir sie"
          " ich es werden wurde",
    "it": "il lo la gli le di del della e è che per con un una non sono nel alla dei come anche"
          " questo",
    "pt": "o a os as do da dos das e é que para com um uma não em no na por se são mais foi"
          " também",
}
#: Languages :func:`detect_language` can answer.
LANGUAGES = tuple(_FUNCTION_WORDS)
# Words of one language only: shared words ("la", "que") tell nothing between those that share
_OWN_WORDS = {
    lang: frozenset(w for w in words.split()
                    if sum(w in other.split() for other in _FUNCTION_WORDS.values()) == 1)
    for lang, words in _FUNCTION_WORDS.items()
}
_WORD = re.compile(r"[^\W\d_]+")
#: Characters read: enough for any letter, bounded for huge files.
SAMPLE_CHARS = 50_000


def detect_language(text: str, minimum: int = 5) -> str | None:
    """"en", "fr", "es", "de", "it" or "pt" when that language's own function words clearly
    dominate ``text`` (at least ``minimum`` of them, twice as many as the runner-up), else None.
    """
    return dominant_language(text[:SAMPLE_CHARS], _OWN_WORDS, minimum)


def dominant_language(
    text: str, own_words: Mapping[str, Collection[str]], minimum: int = 5
) -> str | None:
    """The language of ``own_words`` whose words occur in ``text`` at least ``minimum`` times
    and twice as often as any other language's, else None (the rule both callers share)."""
    counts: Counter[str] = Counter()
    for word in _WORD.findall(text.lower()):
        for lang, words in own_words.items():
            if word in words:
                counts[lang] += 1
    ranked = counts.most_common(2)
    if not ranked or ranked[0][1] < minimum:
        return None
    if len(ranked) > 1 and ranked[0][1] < 2 * ranked[1][1]:
        return None
    return ranked[0][0]


#: Words that never make a personal name on their own, in French and Spanish letters: forms of
#: address, posts, articles and prepositions, reference labels. A model's PERSON entity made
#: only of these ("Madame la Présidente", "Réf", "de la Sra", "Directora del") is a misreading.
_NOT_NAME = """
madame monsieur mademoiselle mesdames messieurs m mme mlle me s.e son excellence
señor señora señorita sr sra srta don doña dña estimado estimada excelentísimo excelentísima
président présidente directeur directrice secrétaire général générale adjoint adjointe chef
presidente director directora secretario secretaria general adjunto adjunta jefe jefa
ministre ministro ministra ambassadeur ambassadrice embajador embajadora
le la les l de du des d et à au aux el los las del y a al en
réf ref objet asunto n° no
"""
NOT_NAME_WORDS = frozenset(_NOT_NAME.split())
