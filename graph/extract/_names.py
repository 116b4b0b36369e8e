"""Honorifics and titles around personal names, shared by the extractors that find people."""

from __future__ import annotations

import re

__all__ = ["HONORIFIC_RE", "split_honorific"]

# Forms of address and academic titles, English and French; "H.E." and "S.E." (His/Her/Son
# Excellence) combine with the others ("H.E. Mr", "Dr. Prof.").
_TITLES = (
    r"H\.\s?E\.|S\.\s?E\.|His Excellency|Her Excellency|Son Excellence|Excellency|"
    r"Mr\.?|Mrs\.?|Ms\.?|Miss|Mx\.?|Dr\.?|Prof\.?|Professor|Sir|Dame|Lord|Lady|"
    r"M\.|Mme\.?|Mlle\.?|Me\.?|Sr\.?|Sra\.?|Dña\.?|Don|H\.\s?R\.\s?H\.|Rev\.?|Hon\.?|Ambassador"
)
HONORIFIC_RE = re.compile(rf"^(?:(?:{_TITLES})\s+)+")


def split_honorific(text: str) -> tuple[str | None, str]:
    """Split leading honorifics from a name: "H.E. Mr S Iswaran" -> ("H.E. Mr", "S Iswaran")."""
    m = HONORIFIC_RE.match(text)
    if not m or m.end() >= len(text):
        return None, text.strip()
    return m.group(0).strip(), text[m.end():].strip()
